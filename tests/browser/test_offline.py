"""No page asks for anything off this machine. Every browser test's context aborts requests that
leave 127.0.0.1 and fails the test if there was one; these tests show the guard at work."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Site, Traffic

pytestmark = pytest.mark.browser

# A loopback address other than the server's: the guard must stop it all the same (and were the
# guard broken, the request would still never leave the machine).
OFFSITE = "http://127.0.0.2:9/pixel.png"


def test_every_request_of_the_main_pages_stays_on_the_server(page: Page, site: Site) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("/", "/search?cond=heart", f"/study/{site.seed}", f"/study/{site.results}?tab=results"):
        page.goto(site.at(path))
    assert requested
    assert [url for url in requested if not url.startswith(site.url + "/")] == []


def test_a_request_off_the_server_is_aborted_and_recorded(page: Page, site: Site, traffic: Traffic) -> None:
    page.goto(site.at("/"))
    with page.expect_event("requestfailed") as failed:
        page.evaluate(
            "url => { const image = new Image(); image.src = url; document.body.append(image); }", OFFSITE
        )
    recorded = list(traffic.external)
    traffic.external.clear()  # planted on purpose: the fixture's check after the test must pass
    assert failed.value.url == OFFSITE
    assert (failed.value.failure or "").startswith("net::ERR_BLOCKED_BY_CLIENT")
    assert recorded == [OFFSITE]
