"""The site with the keyboard alone: skip link, search form, results, tabs, the compare form and
the Save button, each reached with Tab and used with Enter, Space or the arrow keys, with a visible
focus ring on whatever has focus."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Site

pytestmark = pytest.mark.browser

# Enough Tab presses to cross the longest page the tests walk (header, form, facets, cards).
MAX_TABS = 120

FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    tag: element.tagName.toLowerCase(),
    text: (element.getAttribute("aria-label") || element.textContent || "").trim().replace(/\\s+/g, " "),
    id: element.id,
    ringed: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
  };
}"""


def focused(page: Page) -> dict[str, object]:
    result = page.evaluate(FOCUSED)
    assert isinstance(result, dict)
    return result


def tab_to(page: Page, *, text: str | None = None, element_id: str | None = None) -> dict[str, object]:
    """Press Tab until the focused element has ``text`` (its accessible label or text) or ``element_id``;
    fails if the page runs out of stops first. Returns what has focus, which must show a focus ring."""
    seen = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = focused(page)
        if (text is not None and now["text"] == text) or (element_id is not None and now["id"] == element_id):
            assert now["ringed"], f"{now} has focus but no visible focus ring"
            return now
        seen.append(now["text"] or now["tag"])
    raise AssertionError(f"Tab never reached {text or element_id!r}; it went through {seen}")


def test_skip_link_then_search_then_open_a_result(page: Page, site: Site) -> None:
    page.goto(site.at("/"))
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["y"] >= 0, "the focused skip link must be on screen"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # From the main landmark the next stop is the first search field.
    tab_to(page, element_id="f-cond")
    page.keyboard.type("heart")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?cond=heart"))
    expect(page.locator(".results-count")).to_have_text("3 studies")

    first_title = page.locator(".cards .card__title a").first.inner_text()
    tab_to(page, text=first_title)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(first_title)


def test_tabs_and_compare_form_by_keyboard(page: Page, site: Site) -> None:
    page.goto(site.at(f"/study/{site.seed}"))
    tab_to(page, text="Results (none posted)")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site.at(f"/study/{site.seed}?tab=results"))

    tab_to(page, text="Record history")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site.at(f"/study/{site.seed}?tab=history"))

    # The form starts at versions 2 and 3; move the older one up to version 1 with the arrow key.
    tab_to(page, element_id="compare-a")
    expect(page.locator("#compare-a")).to_have_value("2")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#compare-a")).to_have_value("1")
    tab_to(page, text="Compare")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"tab=history&a=1&b=3$"))
    expect(page.locator("section.comparison h3")).to_have_text("Changes from version 1 to version 3")


def test_save_a_study_with_the_keyboard_and_find_it_on_the_saved_page(page: Page, site: Site) -> None:
    page.goto(site.at("/search?cond=heart"))
    count = page.locator("[data-saved-count]")
    expect(count).to_be_hidden()
    nct_id = page.locator(".cards .card").first.get_attribute("data-nct-id")
    title = page.locator(".cards .card__title a").first.inner_text()
    tab_to(page, text=f"Save study {nct_id}")
    page.keyboard.press("Space")
    button = page.get_by_role("button", name=f"Save study {nct_id}")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(count).to_have_text("(1)")

    tab_to(page, text="Saved studies (1)")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site.at("/saved"))
    saved = page.locator("[data-saved-items] li")
    expect(saved).to_have_count(1)
    expect(saved.get_by_role("link")).to_have_text(title)
    tab_to(page, text=f"Remove {nct_id} from saved studies")
    page.keyboard.press("Enter")
    expect(saved).to_have_count(0)
    expect(page.locator("[data-saved-empty]")).to_be_visible()
