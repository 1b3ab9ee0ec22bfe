"""The results tab over HTTP, on a real study with results from ../shared (all four results modules)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.factories import minimal_study
from tests.shared_data import v2_documents
from tests.web.study_pages import element_text, section, site, text
from trialbase.services import Services
from trialbase.store import Store

pytestmark = pytest.mark.shared_data

MODULES = (
    "participantFlowModule",
    "baselineCharacteristicsModule",
    "outcomeMeasuresModule",
    "adverseEventsModule",
)


@pytest.fixture
def services(store: Store, tmp_path: Path) -> Iterator[Services]:
    opened = Services.open(store, tmp_path / "data", follow=False)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def real_study() -> dict[str, Any]:
    """The smallest real study whose results hold all four modules, with serious and other events,
    an outcome with a statistical analysis, and more than one group."""
    candidates = []
    for document in v2_documents():
        results = document.get("resultsSection") or {}
        events = results.get("adverseEventsModule") or {}
        outcomes = (results.get("outcomeMeasuresModule") or {}).get("outcomeMeasures") or []
        if (
            all(name in results for name in MODULES)
            and events.get("seriousEvents")
            and events.get("otherEvents")
            and any(outcome.get("analyses") for outcome in outcomes)
            and len(events.get("eventGroups") or []) > 1
        ):
            candidates.append((len(str(results)), document))
    assert candidates, "the shared data has no study with all four results modules"
    return min(candidates, key=lambda pair: pair[0])[1]


def test_a_real_study_shows_all_four_results_modules(services: Services, real_study: dict[str, Any]) -> None:
    nct_id = real_study["protocolSection"]["identificationModule"]["nctId"]
    results = real_study["resultsSection"]
    with site(services, [real_study]) as client:
        response = client.get(f"/study/{nct_id}", params={"tab": "results"})
    assert response.status_code == 200
    page = response.text
    assert f'<a href="/study/{nct_id}?tab=results" aria-current="page">Results</a>' in page

    flow = section(page, "participant-flow")
    flow_module = results["participantFlowModule"]
    for group in flow_module["groups"]:
        assert f">{_escaped(group['title'])}</th>" in flow
    started = flow_module["periods"][0]["milestones"][0]
    assert started["type"] == "STARTED"
    row = re.search(r"<tr><th scope=\"row\">Started.*?</tr>", flow, re.S)
    assert row is not None
    assert [cell.strip() for cell in re.findall(r"<td>([^<]*)", row.group(0))] == [
        next(a["numSubjects"] for a in started["achievements"] if a["groupId"] == group["id"])
        for group in flow_module["groups"]
    ]

    baseline = text(section(page, "baseline"))
    for measure in results["baselineCharacteristicsModule"]["measures"]:
        assert measure["title"] in baseline

    outcomes = section(page, "outcome-results")
    measures = results["outcomeMeasuresModule"]["outcomeMeasures"]
    assert len(re.findall(r'<article class="outcome-result"', outcomes)) == len(measures)
    for measure in measures:
        assert _escaped(measure["title"]) in outcomes
    analysed = next(measure for measure in measures if measure.get("analyses"))
    analysis = analysed["analyses"][0]
    assert "Statistical analysis 1" in outcomes
    if analysis.get("pValue"):
        assert f"P-value {analysis['pValue']}" in text(outcomes)

    events = section(page, "adverse-events")
    shown_events = text(events)
    module = results["adverseEventsModule"]
    assert "All-cause mortality" in shown_events
    for event in module["seriousEvents"] + module["otherEvents"]:
        assert _escaped(event["term"]) in events
        assert _escaped(event["organSystem"]) in events
    group = module["eventGroups"][0]
    if group.get("seriousNumAtRisk"):
        rate = f"{group['seriousNumAffected']}/{group['seriousNumAtRisk']}"
        assert rate in element_text(events, r"<tr><th scope=\"row\">Serious adverse events.*?</tr>")
    # Charts are drawn on the server: inline SVG with a text alternative, and no script anywhere.
    chart = re.search(r'<svg class="chart".*?</svg>', events, re.S)
    assert chart is not None
    assert 'role="img"' in chart.group(0)
    assert "Share of participants with serious and other adverse events" in chart.group(0)
    assert "<script" not in page[page.index('<article class="study"') :]

    more = results.get("moreInfoModule") or {}
    contact = more.get("pointOfContact") or {}
    if contact.get("organization"):
        assert _escaped(contact["organization"]) in section(page, "results-more")


def test_results_tab_of_a_study_without_results(services: Services) -> None:
    with site(services, [minimal_study("NCT90000005")]) as client:
        response = client.get("/study/NCT90000005", params={"tab": "results"})
    assert response.status_code == 200
    assert "No results have been posted for this study." in text(response.text)
    assert "Results (none posted)" in text(response.text)


def _escaped(value: str) -> str:
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )
