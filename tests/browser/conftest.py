"""Fixtures for the browser tests: one live server and one Chromium for the whole session, a fresh
browser context per test that lets no request leave 127.0.0.1 and fails the test if the page tried.
The registration tests get their own server with the registry's accounts (``registry_site``) and
sign people in, each in a browser context of their own (``sign_in``).

Chromium is Debian's (/usr/bin/chromium, installed by ``scripts/ensure_chromium.sh`` from
``make test``); Playwright never downloads a browser here. Without it the tests skip with the
reason, except in CI (``CI`` set, or ``TRIALBASE_REQUIRE_BROWSER=1``) where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    Playwright,
    Response,
    Route,
    sync_playwright,
)

from tests.browser import site_data
from tests.conftest import FakeClock
from tests.live_server import live_server
from tests.web.prs.conftest import PASSWORD, SETTINGS_ENV
from trialbase.domain.record_state import Role
from trialbase.registry import CLI_ACTOR, Actor, Registry, RegistrySettings
from trialbase.server import create_app
from trialbase.services import Services
from trialbase.store import Store

CHROMIUM = Path(os.environ.get("TRIALBASE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
REQUIRE_BROWSER = bool(os.environ.get("CI")) or os.environ.get("TRIALBASE_REQUIRE_BROWSER") == "1"
LOCAL_HOSTS = {"127.0.0.1"}
DESKTOP = {"width": 1280, "height": 900}
SPONSOR = "Org A Hospital"
# The registration tests' people: user name, organization (None: registry staff), role.
PEOPLE = {
    "editor": (SPONSOR, Role.RECORD_EDITOR),
    "investigator": (SPONSOR, Role.RESPONSIBLE_PARTY),
    "reviewer": (None, Role.REVIEWER),
}


def _unavailable(reason: str) -> None:
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason} (browser tests are required here: CI or TRIALBASE_REQUIRE_BROWSER=1)")
    pytest.skip(f"{reason}; run scripts/ensure_chromium.sh (make test does) to install it")


@dataclass(slots=True)
class Site:
    """The live server: its base URL and the NCT ids of the studies the tests visit."""

    url: str
    seed: str
    results: str

    def at(self, path: str) -> str:
        return self.url + path


@dataclass  # no slots: Playwright keeps a wrapper on the object of a bound-method listener
class Traffic:
    """What the pages of one test did that they should not have: requests that tried to leave
    127.0.0.1 (aborted), resources other than the page itself that failed to load, script errors,
    and error messages on the console (other than the browser's note on a failed load)."""

    external: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))
        page.on("console", lambda message: self._console(page, message))
        page.on("response", self._response)

    def _console(self, page: Page, message: ConsoleMessage) -> None:
        # A failed load is reported by ``broken`` (resources) or checked by the test (the page).
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.console_errors.append(f"{page.url}: {message.text}")

    def _response(self, response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.broken.append(f"{response.status} {response.url}")

    def assert_clean(self) -> None:
        assert self.external == [], "pages asked for resources off 127.0.0.1"
        assert self.broken == [], "resources of the pages failed to load"
        assert self.page_errors == [], "scripts failed on the pages"
        assert self.console_errors == [], "pages logged errors to the console"


@dataclass(slots=True)
class RegistrySite:
    """The live server of the registration tests, and the registry over the same store (for the
    steps a test takes through the services rather than the pages)."""

    url: str
    registry: Registry

    def at(self, path: str) -> str:
        return self.url + path

    def actor(self, username: str) -> Actor:
        account = self.registry.accounts.account_by_username(username)
        assert account is not None, username
        return account.as_actor()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The whole application on 127.0.0.1 over ``site_data`` (SQLite), for the whole session."""
    folder = tmp_path_factory.mktemp("browser-site")
    store = Store.open(f"sqlite:///{folder / 'trialbase.sqlite'}")
    services = Services.open(store, folder / "data", follow=False)
    try:
        ids = site_data.load(store)
        services.search.follower.catch_up()
        with live_server(create_app(services)) as base_url:
            yield Site(url=base_url, seed=ids["seed"], results=ids["results"])
    finally:
        services.close()
        store.close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"Chromium is not installed at {CHROMIUM}")
    try:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Error as error:
        _unavailable(f"Chromium at {CHROMIUM} does not start: {error.message.splitlines()[0]}")
    yield launched
    launched.close()


def _keep_local(traffic: Traffic) -> Callable[[Route], None]:
    def handle(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            traffic.external.append(url)
            route.abort("blockedbyclient")

    return handle


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


@pytest.fixture
def context(browser: Browser, traffic: Traffic) -> Iterator[BrowserContext]:
    """A fresh context (no cookies, no local storage) at desktop size; after the test, asserts that
    no page asked for anything off this machine and no script failed."""
    opened = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    opened.route("**/*", _keep_local(traffic))
    opened.on("page", traffic.watch)
    yield opened
    opened.close()
    traffic.assert_clean()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    return opened


@pytest.fixture
def registry_site(tmp_path: Path) -> Iterator[RegistrySite]:
    """The whole application on 127.0.0.1 over an empty SQLite store with a clock fixed at the
    start of 2026, one sponsor organization and ``PEOPLE``; password hashing is cheap and sign-in
    limits are low, from the settings an operator would set."""
    store = Store.open(f"sqlite:///{tmp_path / 'registry.sqlite'}", clock=FakeClock())
    services = Services.open(store, tmp_path / "data", follow=False)
    try:
        with pytest.MonkeyPatch.context() as patch:
            for name, value in SETTINGS_ENV.items():
                patch.setenv(name, value)
            registry = Registry(store, RegistrySettings.from_environ())
            app = create_app(services)
        sponsor = registry.accounts.create_organization(CLI_ACTOR, SPONSOR).id
        for username, (organization, role) in PEOPLE.items():
            registry.accounts.create_account(
                CLI_ACTOR,
                username=username,
                display_name=username.title(),
                password=PASSWORD,
                organization_id=None if organization is None else sponsor,
                roles=[role],
            )
        with live_server(app) as base_url:
            yield RegistrySite(base_url, registry)
    finally:
        services.close()
        store.close()


@pytest.fixture
def sign_in(
    browser: Browser, traffic: Traffic, registry_site: RegistrySite
) -> Iterator[Callable[[str], Page]]:
    """Signs one of ``PEOPLE`` in on the sign-in page, in a browser context of their own (kept
    local and watched like ``context``), and gives their page at the records list."""
    opened: list[BrowserContext] = []

    def signed_in(username: str) -> Page:
        own = browser.new_context(viewport=DESKTOP)
        own.route("**/*", _keep_local(traffic))
        own.on("page", traffic.watch)
        opened.append(own)
        page = own.new_page()
        page.set_default_timeout(15_000)
        page.goto(registry_site.at("/prs/login"))
        page.get_by_label("User name").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(registry_site.at("/prs"))
        return page

    yield signed_in
    for own in opened:
        own.close()
    traffic.assert_clean()
