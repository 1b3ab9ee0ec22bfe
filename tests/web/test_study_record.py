"""The study record page over HTTP: the seed study shows every section of the page it was copied from.

Each test reads one section of ``/study/NCT04822922`` and checks the values that the seed capture
(``../shared/seed-record-NCT04822922.txt``) shows in the same section.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from tests.factories import minimal_study
from tests.live_server import live_server
from tests.web.study_pages import element_text, section, site, text
from trialbase.demo import load_seed_study
from trialbase.services import Services
from trialbase.store import Store, prepare_study
from trialbase.web import study_page
from trialbase.web.rendering import STATIC_DIR

SEED = "/study/NCT04822922"


@pytest.fixture
def services(store: Store, tmp_path: Path) -> Iterator[Services]:
    opened = Services.open(store, tmp_path / "data", follow=False)
    yield opened
    opened.close()


@pytest.fixture
def seed_page(services: Services) -> Iterator[str]:
    with site(services, [load_seed_study()]) as client:
        response = client.get(SEED)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        yield response.text


def test_title_status_banner_and_key_facts(seed_page: str) -> None:
    assert element_text(seed_page, r"<h1[^>]*>.*?</h1>") == "Safety of UC-MSC Transfusion for ACLF Patients"
    assert "<title>Safety of UC-MSC Transfusion for ACLF Patients | NCT04822922" in seed_page
    official = "Safety of Human Umbilical Cord-derived Mesenchymal Stem Cell (UC-MSC) Transfusion for "
    assert official + "Acute-on-chronic Liver Failure Patients" in text(seed_page)
    # Verified July 2021 and still "not yet recruiting": shown as ClinicalTrials.gov shows it today.
    banner = element_text(seed_page, r'<div class="status-banner tone-unknown">.*?</div>')
    assert "Recruitment status Unknown status" in banner
    assert "Last known status: Not yet recruiting" in banner
    assert "not verified this study's status since July 2021" in banner
    facts = element_text(seed_page, r'<section class="key-facts".*?</section>')
    for expected in (
        "ClinicalTrials.gov ID NCT04822922",
        "Study type Interventional",
        "Phase Phase 2",
        "Enrollment 16 participants (Estimated)",
        "Study start September 30, 2021 (Estimated)",
        "Primary completion July 31, 2022 (Estimated)",
        "Study completion July 21, 2024 (Estimated)",
        "First posted March 30, 2021 (Actual)",
        "Last update posted July 21, 2021 (Actual)",
        "Sponsor Hai Li",
    ):
        assert expected in facts


def test_overview_summary_conditions_and_keywords(seed_page: str) -> None:
    overview = section(seed_page, "overview")
    shown = text(overview)
    assert shown.startswith("Overview Brief summary Acute on chronic liver failure (ACLF) is a type")
    assert "patients will be followed , the follow-up time is 5 years." in shown
    assert "Conditions Acute-On-Chronic Liver Failure" in shown
    assert re.findall(r"<li>([^<]*)</li>", overview.split("Keywords", 1)[1]) == [
        "ACLF",
        "mesenchymal stem cell",
        "safety",
    ]


def test_design_details(seed_page: str) -> None:
    shown = text(section(seed_page, "design"))
    for expected in (
        "Study type Interventional",
        "Allocation Non-Randomized",
        "Intervention model Parallel Assignment",
        "Intervention model description 3 parallel group with different doses of UC-MSC",
        "Masking None (Open Label)",
        "Primary purpose Treatment",
    ):
        assert expected in shown


def test_arms_table_links_every_arm_to_its_intervention(seed_page: str) -> None:
    arms = section(seed_page, "arms")
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", arms, re.S)
    assert [text(row) for row in rows] == [
        f"Experimental {arm} dose hUC-MSCs {dose}*10^5/kg/each time "
        "Genetic: Human umbilical cord-derived mesenchymal stem cells (hUC-MSCs)"
        for arm, dose in (("low", 4), ("middle", 8), ("high", 12))
    ]
    assert all('href="#intervention-1"' in row for row in rows)
    card = element_text(arms, r'<li id="intervention-1".*?</li>')
    assert card.startswith("Genetic: Human umbilical cord-derived mesenchymal stem cells (hUC-MSCs)")
    assert "injected intravenously on the 1, 4, 7 and 10 days" in card
    assert card.endswith("Given to: low dose; middle dose; high dose")


def test_outcome_measures_with_time_frames(seed_page: str) -> None:
    shown = text(section(seed_page, "outcomes"))
    primary, secondary = shown.split("Secondary outcome measures")
    assert primary.startswith("Outcome measures Primary outcome measures Safety of treatment")
    assert "Time frame: 1 month since intervention start" in primary
    assert secondary.strip().startswith("Short-time efficacy of treatment")
    assert secondary.strip().endswith("Time frame: 90 days")


def test_eligibility_facts_and_criteria_lists(seed_page: str) -> None:
    eligibility = section(seed_page, "eligibility")
    shown = text(eligibility)
    assert "Ages eligible for study 18 Years to 70 Years (Adult, Older Adult)" in shown
    assert "Sexes eligible for study All" in shown
    assert "Accepts healthy volunteers No" in shown
    inclusion = element_text(eligibility, r'<div class="criteria-section inclusion">.*?</ol>')
    assert inclusion.startswith("Inclusion Criteria . Age 18-70 years old;")
    assert len(re.findall(r"<li>", eligibility.split("Exclusion Criteria")[0])) == 3
    exclusion = eligibility.split('<div class="criteria-section exclusion">')[1]
    # One bullet holding a nested numbered list of seven exclusions.
    assert re.search(r"<ul>\s*<li><span[^>]*>Those who meet any of the following", exclusion)
    nested = exclusion.split("<ol>", 1)[1].split("</ol>", 1)[0]
    assert len(re.findall(r"<li>", nested)) == 7
    assert "Pregnant and lactating women;" in nested


def test_contacts_locations_and_offline_map(seed_page: str) -> None:
    contacts = section(seed_page, "contacts")
    shown = text(contacts)
    assert "Contacts Hai Li +86-13818525494 haili_17@126.cpm" in shown
    assert (
        "China Ren Ji Hospital, School of Medicine, Shanghai Jiao TongUniversity, Shanghai, Shanghai" in shown
    )
    assert "Hai Li, PhD +8613818525494 haili_17@126.com" in shown
    assert 'href="mailto:haili_17@126.com"' in contacts
    svg = element_text(contacts, r"<figure class=\"map\">.*?</figure>")
    assert "Map of 1 study site in China" in svg
    figure = re.search(r"<svg.*?</svg>", contacts, re.S)
    assert figure is not None
    assert 'role="img"' in figure.group(0)
    assert len(re.findall(r"<circle ", figure.group(0))) == 1
    assert (
        "<title>Ren Ji Hospital, School of Medicine, Shanghai Jiao TongUniversity,, Shanghai, China</title>"
        in (figure.group(0))
    )
    assert re.search(r'cx="1214\.6" cy="-312\.2"', figure.group(0))  # 121.45806 E, 31.22222 N
    assert "http" not in figure.group(0).replace("http://www.w3.org/2000/svg", "")


def test_sponsors_investigators_and_publications(seed_page: str) -> None:
    shown = text(section(seed_page, "sponsors"))
    assert "Sponsor Hai Li (Other)" in shown
    assert (
        "Responsible party (information provided by) Hai Li, chief physician of gastroenterological "
        "division, Shanghai Jiao Tong University School of Medicine"
    ) in shown
    assert (
        "Study Director: Hai Li, Digestive Department of Renji Hospital,Shanghai Jiao Tong University School "
        "of Medicine"
    ) in shown
    assert text(section(seed_page, "publications")) == "Publications No publications provided."


def test_ipd_more_information_and_mesh(seed_page: str) -> None:
    assert "Plan to share individual participant data (IPD) No" in text(section(seed_page, "ipd"))
    more = text(section(seed_page, "more-info"))
    for expected in (
        "Studies a U.S. FDA-regulated drug product No",
        "Studies a U.S. FDA-regulated device product No",
        "Other study ID numbers MSC-ACLF-1",
        "ClinicalTrials.gov ID NCT04822922",
        "First posted March 30, 2021 (Actual)",
        "Last update posted July 21, 2021 (Actual)",
        "Last verified July 2021",
    ):
        assert expected in more
    mesh = text(section(seed_page, "mesh"))
    assert (
        "Terms Acute-On-Chronic Liver Failure End Stage Liver Disease Liver Failure, Acute Broader terms "
        "(ancestors) Liver Failure Hepatic Insufficiency Liver Diseases Digestive System Diseases"
    ) in mesh


def test_page_structure_downloads_and_tabs(seed_page: str) -> None:
    assert '<link rel="stylesheet" href="/static/study.css">' in seed_page
    assert len(re.findall(r"<h1[ >]", seed_page)) == 1
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", seed_page)]
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels))
    assert '<nav class="downloads" aria-label="Downloads">' in seed_page
    for link in (
        'href="/api/v2/studies/NCT04822922"',
        'href="/api/v2/studies/NCT04822922?format=csv"',
        'href="/api/v2/studies/NCT04822922?format=ris"',
        'href="/study/NCT04822922?view=print"',
    ):
        assert link in seed_page
    assert '<a href="/study/NCT04822922" aria-current="page">Study details</a>' in seed_page
    article = seed_page[seed_page.index('<article class="study"') :]
    assert "<script" not in article  # the page works without JavaScript; nothing is fetched elsewhere
    assert not re.search(r'(src|href)="(https?:)?//(?!pubmed)', article)
    assert "synthetic" not in text(seed_page).lower()


def test_print_view_holds_the_record_without_navigation(services: Services) -> None:
    with site(services, [load_seed_study()]) as client:
        page = client.get(SEED, params={"view": "print"}).text
    assert 'class="study print-view"' in page
    assert '<nav class="study-tabs"' not in page
    assert '<nav class="downloads"' not in page
    assert section(page, "eligibility")
    assert section(page, "mesh")


def test_synthetic_studies_are_labelled(services: Services) -> None:
    with site(services, [(minimal_study("NCT90000003"), {"synthetic": True})]) as client:
        page = client.get("/study/NCT90000003").text
    assert "Synthetic demo data" in element_text(page, r'<p class="synthetic-notice">.*?</p>')


def test_status_is_judged_at_the_clock_given(services: Services) -> None:
    document = load_seed_study()
    services.store.write_batch([prepare_study(document)])

    def app_at(day: dt.date) -> Starlette:
        clock = lambda: dt.datetime.combine(day, dt.time(12), dt.UTC)  # noqa: E731
        return Starlette(
            routes=[
                *study_page.routes(services, clock=clock),
                Mount("/static", StaticFiles(directory=STATIC_DIR)),
            ]
        )

    with live_server(app_at(dt.date(2023, 7, 31))) as base:
        banner = element_text(httpx.get(base + SEED).text, r'<div class="status-banner.*?</div>')
    assert banner == "Recruitment status Not yet recruiting"
    with live_server(app_at(dt.date(2023, 8, 1))) as base:
        banner = element_text(httpx.get(base + SEED).text, r'<div class="status-banner.*?</div>')
    assert banner.startswith("Recruitment status Unknown status Last known status: Not yet recruiting")


def test_ids_aliases_missing_studies_and_bad_parameters(services: Services) -> None:
    aliased = minimal_study("NCT90000004")
    aliased["protocolSection"]["identificationModule"]["nctIdAliases"] = ["NCT90009998"]
    with site(services, [load_seed_study(), aliased]) as client:
        lenient = client.get("/study/nct4822922?tab=history", follow_redirects=False)
        assert lenient.status_code == 301
        assert lenient.headers["location"] == "/study/NCT04822922?tab=history"
        alias = client.get("/study/NCT90009998", follow_redirects=False)
        assert (alias.status_code, alias.headers["location"]) == (301, "/study/NCT90000004")
        missing = client.get("/study/NCT12345678")
        assert missing.status_code == 404
        assert "There is no study NCT12345678 in this registry." in text(missing.text)
        invalid = client.get("/study/NCT-hello")
        assert invalid.status_code == 400
        assert "“NCT-hello” is not an NCT number" in text(invalid.text)
        bad_tab = client.get(SEED, params={"tab": "<b>x</b>"})
        assert bad_tab.status_code == 400
        assert "tab='<b>x</b>' is not a tab of the study page (use one of: record, results, history)" in text(
            bad_tab.text
        )
        assert "<b>x</b>" not in bad_tab.text
        assert client.get(SEED, params={"view": "pdf"}).status_code == 400
