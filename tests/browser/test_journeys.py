"""What a visitor does, in a real browser: search and narrow the results, open a study, read its
results, compare two versions of a record, and download the studies a search found as CSV."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Page, expect

from tests.browser.conftest import Site
from tests.web.search_site import HOSTILE_TITLE

pytestmark = pytest.mark.browser

HEART_TITLES = {"Aspirin After Heart Attack", "Exercise for Heart Failure in Teenagers", HOSTILE_TITLE}


def card_titles(page: Page) -> set[str]:
    return set(page.locator(".cards .card__title a").all_inner_texts())


def test_search_from_the_home_page_then_narrow_by_status_and_facet(page: Page, site: Site) -> None:
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    page.goto(site.at("/"))
    expect(page).to_have_title(re.compile("Trialbase"))
    page.get_by_label("Condition or disease").fill("heart")
    page.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/search\?.*cond=heart"))
    expect(page.locator(".results-count")).to_have_text("3 studies")
    assert card_titles(page) == HEART_TITLES  # the hostile title is shown as text, never run
    expect(page.get_by_role("link", name="Condition or disease: heart — remove this filter")).to_be_visible()

    # Tick a status and search again: the terminated study drops out.
    page.get_by_role("checkbox", name="Recruiting", exact=True).check()
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".results-count")).to_have_text("2 studies")
    assert card_titles(page) == HEART_TITLES - {"Exercise for Heart Failure in Teenagers"}
    assert set(page.locator(".cards .status").all_inner_texts()) == {"Recruiting"}

    # A facet link narrows further and becomes a removable chip.
    phase_facet = page.locator("section.facet[aria-labelledby='facet-phase']")
    phase_facet.get_by_role("link", name=re.compile("^Phase 3")).click()
    expect(page.locator(".results-count")).to_have_text("1 study")
    assert card_titles(page) == {"Aspirin After Heart Attack"}
    expect(page.get_by_role("link", name="Recruiting — remove this filter")).to_be_visible()
    page.get_by_role("link", name="Phase 3 — remove this filter").click()
    expect(page.locator(".results-count")).to_have_text("2 studies")
    assert dialogs == []


def test_open_a_study_from_the_results_and_switch_to_its_results(page: Page, site: Site) -> None:
    page.goto(site.at(f"/search?term={site.results}"))
    expect(page.locator(".results-count")).to_have_text("1 study")
    card = page.locator(".card", has_text=site.results)
    expect(card.locator(".badge")).to_have_text("Has results")
    title = card.locator(".card__title a").inner_text()
    card.locator(".card__title a").click()

    expect(page).to_have_url(site.at(f"/study/{site.results}"))
    expect(page.locator("h1")).to_have_text(title)
    tabs = page.get_by_role("navigation", name="Study record")
    expect(tabs.get_by_role("link", name="Study details")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", name="Eligibility", exact=True)).to_be_visible()

    tabs.get_by_role("link", name="Results").click()
    expect(page).to_have_url(site.at(f"/study/{site.results}?tab=results"))
    expect(tabs.get_by_role("link", name="Results")).to_have_attribute("aria-current", "page")
    for heading in ("Participant flow", "Baseline characteristics", "Outcome measures", "Adverse events"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    # The in-page links jump to their section.
    page.locator(".results").get_by_role("link", name="Adverse events", exact=True).first.click()
    expect(page).to_have_url(re.compile("#adverse-events$"))
    expect(page.locator("#adverse-events")).to_be_in_viewport()


def test_compare_two_versions_of_a_record(page: Page, site: Site) -> None:
    page.goto(site.at(f"/study/{site.seed}"))
    page.get_by_role("link", name="Record history").click()
    expect(page).to_have_url(site.at(f"/study/{site.seed}?tab=history"))
    rows = page.locator("table.versions tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first.locator("th")).to_contain_text("current")

    form = page.locator("form.compare-form")
    form.get_by_label("Older version").select_option("1")
    form.get_by_label("Newer version").select_option("3")
    form.get_by_role("button", name="Compare").click()

    expect(page).to_have_url(re.compile(r"tab=history&a=1&b=3$"))
    comparison = page.locator("section.comparison")
    expect(comparison.get_by_role("heading")).to_have_text("Changes from version 1 to version 3")
    changes = comparison.locator("li.change")
    expect(changes).to_have_count(4)
    enrollment = changes.filter(has_text="enrollmentInfo.count")
    expect(enrollment.locator("del")).to_have_text("16")
    expect(enrollment.locator("ins")).to_have_text("24")
    summary = changes.filter(has_text="briefSummary")
    expect(summary.locator("del")).to_have_text("16")
    expect(summary.locator("ins")).to_have_text("24")

    # The row links compare each version with the one before.
    rows.nth(1).get_by_role("link", name="Compare with version 1").click()
    expect(comparison.get_by_role("heading")).to_have_text("Changes from version 1 to version 2")
    expect(comparison.locator("li.change")).to_have_count(2)


def test_download_the_studies_a_search_found_as_csv(page: Page, site: Site, tmp_path: Path) -> None:
    page.goto(site.at("/search?cond=heart"))
    shown = {card.get_attribute("data-nct-id") for card in page.locator(".cards .card").all()}
    assert len(shown) == 3
    page.get_by_text("Download and subscribe").click()
    with page.expect_download() as started:
        page.get_by_role("link", name="CSV of all 3 studies").click()
    download = started.value
    assert download.suggested_filename == "trialbase-studies.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with saved.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["NCT Number"] for row in rows} == shown
    assert {row["Study Title"] for row in rows} == HEART_TITLES
