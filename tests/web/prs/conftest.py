"""The whole application over the ``store`` fixture (SQLite and PostgreSQL), with two sponsor
organizations and the registry's staff, served on 127.0.0.1; cheap password hashing and a low
lockout threshold come from the settings, as an operator would set them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.live_server import live_server
from tests.web.prs.browser import Browser
from trialbase.domain.record_state import Role
from trialbase.registry import CLI_ACTOR, Registry, RegistrySettings
from trialbase.server import create_app
from trialbase.services import Services
from trialbase.store import Store

PASSWORD = "correct horse battery staple"
SETTINGS_ENV = {
    "TRIALBASE_PASSWORD_HASH_MEMORY_KIB": "1024",
    "TRIALBASE_PASSWORD_HASH_TIME_COST": "1",
    "TRIALBASE_LOGIN_FAILURE_LIMIT": "3",
    "TRIALBASE_LOGIN_CLIENT_LIMIT": "12",
}
ACCOUNTS = {
    "admin-a": ("a", [Role.ORG_ADMIN]),
    "editor-a": ("a", [Role.RECORD_EDITOR]),
    "pi-a": ("a", [Role.RESPONSIBLE_PARTY]),
    "editor-b": ("b", [Role.RECORD_EDITOR]),
    "reviewer": (None, [Role.REVIEWER]),
    "siteadmin": (None, [Role.SITE_ADMIN]),
}


@dataclass(frozen=True, slots=True)
class Site:
    base_url: str
    registry: Registry
    services: Services
    browsers: list[Browser] = field(default_factory=list)

    def browser(self, username: str | None = None) -> Browser:
        """A new browser (closed when the test ends), signed in as ``username`` if given."""
        browser = Browser(self.base_url)
        self.browsers.append(browser)
        if username is not None:
            response = browser.sign_in(username, PASSWORD)
            assert response.status_code == 303, response.text
        return browser


@pytest.fixture
def site(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    for name, value in SETTINGS_ENV.items():
        monkeypatch.setenv(name, value)
    registry = Registry(store, RegistrySettings.from_environ())
    organizations = {
        "a": registry.accounts.create_organization(CLI_ACTOR, "Org A Hospital").id,
        "b": registry.accounts.create_organization(CLI_ACTOR, "Org B Pharma").id,
    }
    for username, (organization, roles) in ACCOUNTS.items():
        registry.accounts.create_account(
            CLI_ACTOR,
            username=username,
            display_name=username.title(),
            password=PASSWORD,
            organization_id=None if organization is None else organizations[organization],
            roles=roles,
        )
    services = Services.open(store, tmp_path / "data", follow=False)
    try:
        with live_server(create_app(services)) as base_url:
            made = Site(base_url, registry, services)
            yield made
            for browser in made.browsers:
                browser.close()
    finally:
        services.close()
