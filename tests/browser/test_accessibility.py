"""An axe-core scan of every kind of page, on a desktop and a phone screen: no serious or critical
violation of WCAG 2.1 A/AA or axe's best practices. axe-core is vendored (tests/browser/vendor,
``python -m tools.vendor_axe``) and injected from the file, so the scan reaches no network.

No rule is disabled. Moderate and minor findings are printed (``pytest -rA`` or ``-s`` shows
them) but do not fail the test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Site

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = {"serious", "critical"}
PHONE = {"width": 390, "height": 844}

PAGES = {
    "home": "/",
    "search-empty": "/search",
    "search-cards": "/search?cond=heart",
    "search-table": "/search?cond=heart&viewType=Table",
    "search-error": "/search?cond=%22unclosed&start_from=2020-13",
    "search-none": "/search?cond=zzzzzz",
    "expert-search": "/expert-search?term=AREA%5BCondition%5Dheart",
    "saved": "/saved",
    "record": "/study/{seed}",
    "results": "/study/{results}?tab=results",
    "history-compare": "/study/{seed}?tab=history&a=1&b=3",
    "print": "/study/{results}?view=print",
    "not-found": "/study/NCT99999999",
}
STATUS = {"search-error": 400, "not-found": 404}


def scan(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=AXE)
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})""",
        TAGS,
    )
    violations = result["violations"]
    assert isinstance(violations, list)
    return violations


def describe(violation: dict[str, Any]) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
    return f"{violation['impact']} {violation['id']}: {violation['help']} at {targets}"


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(
    page: Page, site: Site, name: str, viewport: dict[str, int] | None
) -> None:
    if viewport is not None:
        page.set_viewport_size(viewport)
    response = page.goto(site.at(PAGES[name].format(seed=site.seed, results=site.results)))
    assert response is not None
    assert response.status == STATUS.get(name, 200)
    if name == "saved":
        # Give the saved list something to show (saved.js renders it from local storage).
        saved = [{"id": site.seed, "title": "A saved study"}]
        page.evaluate("""items => localStorage.setItem("trialbase.saved", JSON.stringify(items))""", saved)
        page.reload()
    violations = scan(page)
    for violation in violations:
        if violation["impact"] not in BLOCKING:
            print(f"{name}: {describe(violation)}")
    blocking = [describe(v) for v in violations if v["impact"] in BLOCKING]
    assert blocking == [], f"{name} has serious accessibility problems"


def test_the_scan_finds_a_planted_violation(page: Page, site: Site) -> None:
    """The scan itself works: an image without alternative text and a nameless button fail it."""
    page.goto(site.at("/"))
    page.evaluate(
        """() => {
          const image = document.createElement("img");
          image.src = "/static/favicon.svg";
          document.querySelector("main").append(image, document.createElement("button"));
        }"""
    )
    found = {violation["id"]: violation["impact"] for violation in scan(page)}
    assert found.get("image-alt") == "critical"
    assert found.get("button-name") == "critical"
