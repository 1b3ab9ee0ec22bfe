"""Screenshots of the main pages on a desktop (1280×900) and a phone (390×844) screen, saved as test
artifacts under test-artifacts/screenshots/ (``TRIALBASE_SCREENSHOTS`` names another folder) for a
person to look at. Each page is also checked for what breaks a layout a screenshot would show:
every stylesheet loaded, the page no wider than the screen (wide tables scroll inside their own box),
and the system font in use rather than the browser's serif fallback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import DESKTOP, Site

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("TRIALBASE_SCREENSHOTS", ROOT / "test-artifacts" / "screenshots"))
PHONE = {"width": 390, "height": 844}
SCREENS = {"desktop": DESKTOP, "phone": PHONE}

PAGES = {
    "home": "/",
    "search-results": "/search?cond=heart",
    "record": "/study/{seed}",
    "results": "/study/{results}?tab=results",
    "history-compare": "/study/{seed}?tab=history&a=1&b=3",
}

LAYOUT = """() => {
  const sheets = [...document.querySelectorAll('link[rel="stylesheet"]')];
  const root = document.documentElement;
  const sticksOut = element => element.getBoundingClientRect().right > root.clientWidth + 1;
  // For the failure message: the innermost elements that reach past the right edge.
  const wide = [...document.querySelectorAll("body *")]
    .filter(element => sticksOut(element) && ![...element.children].some(sticksOut))
    .map(element => element.tagName.toLowerCase() + (element.className ? "." + element.className : ""));
  return {
    sheets: sheets.map(link => ({href: link.href, rules: link.sheet ? link.sheet.cssRules.length : 0})),
    pageWidth: root.scrollWidth,
    screenWidth: root.clientWidth,
    wide: wide.slice(0, 10),
    font: getComputedStyle(document.body).fontFamily,
  };
}"""


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("name", list(PAGES))
def test_main_pages_lay_out_and_are_captured(page: Page, site: Site, name: str, screen: str) -> None:
    page.set_viewport_size(SCREENS[screen])
    response = page.goto(site.at(PAGES[name].format(seed=site.seed, results=site.results)))
    assert response is not None
    assert response.status == 200
    layout = page.evaluate(LAYOUT)
    assert layout["sheets"], "the page links no stylesheet"
    assert all(sheet["rules"] > 0 for sheet in layout["sheets"]), layout["sheets"]
    assert layout["font"].startswith("system-ui"), layout["font"]
    assert layout["pageWidth"] <= layout["screenWidth"], (
        f"the page scrolls sideways on a {screen}; past the edge: {layout['wide']}"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}-{screen}.png"
    page.screenshot(path=target, full_page=True)
    assert target.stat().st_size > 0


CHART_OVERLAPS = """() => {
  const overlaps = [];
  for (const chart of document.querySelectorAll("svg.chart")) {
    const boxes = selector =>
      [...chart.querySelectorAll(selector)].map(text => [text.textContent, text.getBBox()]);
    for (const [value, v] of boxes(".chart-value")) {
      for (const [label, l] of boxes(".chart-label")) {
        if (v.x < l.x + l.width && l.x < v.x + v.width && v.y < l.y + l.height && l.y < v.y + v.height) {
          overlaps.push(`${value} over ${label}`);
        }
      }
      const right = v.x + v.width, width = chart.viewBox.baseVal.width;
      if (v.x < 0 || right > width) overlaps.push(`${value} outside the chart (${v.x}..${right})`);
    }
  }
  return {charts: document.querySelectorAll("svg.chart").length, overlaps};
}"""


def test_chart_values_stay_clear_of_the_labels(page: Page, site: Site) -> None:
    """The results charts write each value beside its bar; a bar growing left (a negative change
    from baseline) must leave room for its value before the category labels."""
    page.goto(site.at(f"/study/{site.results}?tab=results"))
    found = page.evaluate(CHART_OVERLAPS)
    assert found["charts"] >= 3
    assert found["overlaps"] == []
