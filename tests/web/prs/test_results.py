"""Results over HTTP: a completed study's results entered by form, checked, released, reviewed and
published; results uploaded as JSON; the dashboard's results due dates; other organizations kept
out. The pages are used as a browser would: forms are posted as the page shows them, changed."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx

from tests.conftest import FakeClock
from tests.registry.documents import registrable_study
from tests.web.prs.browser import Browser, record_id, submit, text
from tests.web.prs.conftest import Site

FLOW_ERROR = "STARTED 10 − NOT COMPLETED 1 should equal COMPLETED 8"


def _ended_study(
    title: str, *, status: str = "COMPLETED", primary_completion: str = "2025-03", results: Any = None
) -> dict[str, Any]:
    document = registrable_study(title)
    protocol = document["protocolSection"]
    protocol["statusModule"].update(
        overallStatus=status,
        primaryCompletionDateStruct={"date": primary_completion, "type": "ACTUAL"},
        completionDateStruct={"date": primary_completion, "type": "ACTUAL"},
    )
    protocol["designModule"]["enrollmentInfo"] = {"count": 20, "type": "ACTUAL"}
    for site in protocol["contactsLocationsModule"]["locations"]:
        site["status"] = "COMPLETED"
    if results is not None:
        document["resultsSection"] = results
    return document


def _flow(comment: str = "Two did not start treatment") -> dict[str, Any]:
    return {
        "participantFlowModule": {
            "groups": [{"id": "FG000", "title": "Aspirin"}, {"id": "FG001", "title": "Placebo"}],
            "periods": [
                {
                    "title": "Overall Study",
                    "milestones": [
                        {
                            "type": "STARTED",
                            "achievements": [
                                {"groupId": "FG000", "numSubjects": "10", "comment": comment},
                                {"groupId": "FG001", "numSubjects": "10"},
                            ],
                        },
                        {
                            "type": "COMPLETED",
                            "achievements": [
                                {"groupId": "FG000", "numSubjects": "10"},
                                {"groupId": "FG001", "numSubjects": "10"},
                            ],
                        },
                    ],
                }
            ],
        }
    }


def _upload(browser: Browser, document: dict[str, Any]) -> int:
    browser.get("/prs/records/new")
    response = browser.post(
        "/prs/records/upload", {}, files={"document": ("study.json", json.dumps(document).encode())}
    )
    assert response.status_code == 303, text(response.text)
    return record_id(response)


def _upload_results(browser: Browser, draft: int, results: Any) -> httpx.Response:
    browser.open_record(draft)
    return browser.post(
        f"/prs/records/{draft}/results/upload",
        {"revision": browser.revision()},
        files={"document": ("results.json", json.dumps(results).encode())},
    )


def _release(site: Site, draft: int) -> httpx.Response:
    editor, pi = site.browser("editor-a"), site.browser("pi-a")
    assert editor.act(draft, "complete").status_code == 303
    assert pi.act(draft, "approve").status_code == 303
    return pi.act(draft, "release")


def _publish(site: Site, draft: int) -> None:
    assert _release(site, draft).status_code == 303
    reviewer = site.browser("reviewer")
    assert reviewer.act(draft, "start_review").status_code == 303
    assert reviewer.act(draft, "publish").status_code == 303


def _document(browser: Browser, draft: int) -> dict[str, Any]:
    response = browser.get(f"/prs/records/{draft}/document.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def _dashboard_row(browser: Browser, title: str) -> str:
    page = browser.get("/prs").text
    rows = [text(row) for row in page.split("<tr>")[1:]]
    found = [row for row in rows if title in row]
    assert len(found) == 1, rows
    return found[0]


def test_results_by_form_are_checked_released_reviewed_and_published(site: Site, clock: FakeClock) -> None:
    editor = site.browser("editor-a")
    draft = _upload(editor, _ended_study("Completed aspirin study"))
    _publish(site, draft)
    assert "2026-03-31" in _dashboard_row(editor, "Completed aspirin study")  # 2025-03 + one year
    record = text(editor.open_record(draft))
    assert "Participant flow Not filled in." in record

    # The groups first: each saved group gets a column in the tables.
    flow = f"/prs/records/{draft}/results/participantFlowModule"
    assert submit(editor, flow, {"groups-0-title": "Aspirin"}).status_code == 303
    assert submit(editor, flow, {"groups-1-title": "Placebo"}).status_code == 303
    page = text(editor.get(flow).text)
    assert "Aspirin (FG000)" in page
    assert "Placebo (FG001)" in page

    # Counts that do not add up: saved, shown beside the cell, and they block release.
    counts = {
        "periods-0-title": "Overall Study",
        "periods-0-milestones-0-c0-numSubjects": "10",
        "periods-0-milestones-0-c1-numSubjects": "10",
        "periods-0-milestones-1-c0-numSubjects": "8",
        "periods-0-milestones-1-c1-numSubjects": "9",
        "periods-0-milestones-2-c0-numSubjects": "1",
        "periods-0-milestones-2-c1-numSubjects": "1",
        "periods-0-dropWithdraws-0-type": "Lost to Follow-up",
        "periods-0-dropWithdraws-0-c0-numSubjects": "2",
        "periods-0-dropWithdraws-0-c1-numSubjects": "1",
    }
    assert submit(editor, flow, counts).status_code == 303
    page = editor.get(flow).text
    cell = page.index('name="periods-0-milestones-2-c0-numSubjects"')
    assert FLOW_ERROR in text(page[cell : page.index("</td>", cell)])
    assert "Participant flow 2 groups, 1 period 1 error(s)" in text(editor.open_record(draft))
    refused = _release(site, draft)
    assert refused.status_code == 400
    assert "cannot be released while it has 1 error" in text(refused.text)
    assert (
        "resultsSection.participantFlowModule.periods[0].milestones[2].achievements[0].numSubjects"
        in text(refused.text)
    )

    # Fixed; a results contact added; released, commented on, published.
    assert submit(editor, flow, {"periods-0-milestones-2-c0-numSubjects": "2"}).status_code == 303
    assert FLOW_ERROR not in text(editor.get(flow).text)
    more = f"/prs/records/{draft}/results/moreInfoModule"
    assert submit(editor, more, {"pointOfContact.title": "Results Desk"}).status_code == 303
    assert _release(site, draft).status_code == 303
    reviewer = site.browser("reviewer")
    assert reviewer.act(draft, "start_review").status_code == 303
    reviewed = reviewer.get(flow).text
    assert "Overall Study" in reviewed
    assert 'name="periods-0-title"' not in reviewed  # shown, not editable
    milestone = "resultsSection.participantFlowModule.periods[0].milestones[0]"
    assert f'<option value="{milestone}">' in reviewer.open_record(draft)
    comment = {"path": milestone, "severity": "advisory", "body": "Say when participants started."}
    assert reviewer.post(f"/prs/records/{draft}/comments", comment).status_code == 303
    assert reviewer.act(draft, "publish").status_code == 303
    page = editor.get(flow).text
    row = page.index(f'id="{milestone}"')
    assert "Say when participants started." in page[row : page.index("</tr>", row)]

    # Public: the results tab, version 2 in the history, the registry's results dates.
    nct_id = text(editor.open_record(draft)).split("Published · ", 1)[1].split(" ", 1)[0]
    public = text(editor.get(f"/study/{nct_id}?tab=results").text)
    for shown in ("Overall Study", "Aspirin", "Placebo", "Lost to Follow-up", "Results Desk"):
        assert shown in public
    history = text(editor.get(f"/study/{nct_id}?tab=history").text)
    assert "2 current" in history.split(f"Versions of {nct_id}", 1)[1]
    study = editor.get(f"/api/v2/studies/{nct_id}").json()
    assert study["hasResults"] is True
    status = study["protocolSection"]["statusModule"]
    assert status["resultsFirstSubmitDate"] == "2026-01-01"
    assert status["resultsFirstPostDateStruct"] == {"date": "2026-01-01", "type": "ACTUAL"}
    assert _dashboard_row(editor, "Completed aspirin study").count("2026-03-31") == 0  # posted

    # A later version keeps the results' first dates.
    clock.now = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    editor = site.browser("editor-a")  # signed in again: the session of January has ended
    assert submit(editor, more, {"pointOfContact.title": "Results Office"}).status_code == 303
    _publish(site, draft)
    status = editor.get(f"/api/v2/studies/{nct_id}").json()["protocolSection"]["statusModule"]
    assert status["resultsFirstSubmitDate"] == "2026-01-01"
    assert status["lastUpdateSubmitDate"] == "2026-03-02"


def test_results_upload_keeps_what_it_does_not_hold_and_refuses_bad_values(site: Site) -> None:
    editor = site.browser("editor-a")
    draft = _upload(editor, _ended_study("Uploaded results study", results=_flow()))
    assert _document(editor, draft)["resultsSection"] == _flow()  # the whole-document upload kept it
    assert "Participant flow 2 groups, 1 period" in text(editor.open_record(draft))
    before = _document(editor, draft)

    unknown = _upload_results(editor, draft, {"resultsSection": {"baselineModule": {}}})
    assert unknown.status_code == 400
    assert "resultsSection.baselineModule" in text(unknown.text)
    malformed = {
        "participantFlowModule": {
            "periods": [{"milestones": [{"type": "STARTED", "achievements": [{"numSubjects": 5}]}]}]
        },
        "adverseEventsModule": {"eventGroups": [{"id": "EG000", "seriousNumAtRisk": "ten"}]},
    }
    refused = _upload_results(editor, draft, malformed)
    assert refused.status_code == 400
    for path in (
        "resultsSection.participantFlowModule.periods[0].milestones[0].achievements[0].numSubjects",
        "resultsSection.adverseEventsModule.eventGroups[0].seriousNumAtRisk",
    ):
        assert path in text(refused.text)
    assert _document(editor, draft) == before  # nothing half-written

    events = {
        "eventGroups": [
            {"id": "EG000", "title": "Aspirin", "seriousNumAffected": 1, "seriousNumAtRisk": 10},
            {"id": "EG001", "title": "Placebo", "seriousNumAffected": 0, "seriousNumAtRisk": 10},
        ],
        "seriousEvents": [
            {
                "term": "Gastric bleeding",
                "organSystem": "Gastrointestinal disorders",
                "stats": [
                    {"groupId": "EG000", "numEvents": 1, "numAffected": 1, "numAtRisk": 10},
                    {"groupId": "EG001", "numEvents": 0, "numAffected": 0, "numAtRisk": 10},
                ],
            }
        ],
    }
    uploaded = _upload_results(editor, draft, {"resultsSection": {"adverseEventsModule": events}})
    assert uploaded.status_code == 303
    document = _document(editor, draft)
    assert document["resultsSection"] == {**_flow(), "adverseEventsModule": events}
    page = editor.get(f"/prs/records/{draft}/results/adverseEventsModule").text
    assert 'value="Gastric bleeding"' in page

    # A form save keeps what the form does not show (a cell's comment).
    flow = f"/prs/records/{draft}/results/participantFlowModule"
    assert submit(editor, flow, {"periods-0-milestones-1-c1-numSubjects": "9"}).status_code == 303
    periods = _document(editor, draft)["resultsSection"]["participantFlowModule"]["periods"]
    assert periods[0]["milestones"][0]["achievements"][0]["comment"] == "Two did not start treatment"
    assert periods[0]["milestones"][1]["achievements"][1]["numSubjects"] == "9"
    unreadable = submit(editor, flow, {"periods-0-milestones-1-c1-numSubjects": "nine"})
    assert unreadable.status_code == 400
    assert "Participants: 'nine' is not a whole number" in text(unreadable.text)
    assert 'value="nine"' in unreadable.text  # shown again to correct


def test_results_wait_until_the_study_has_ended(site: Site) -> None:
    editor = site.browser("editor-a")
    draft = _upload(editor, registrable_study("Still recruiting"))
    record = text(editor.open_record(draft))
    assert "Results can be entered once the study has ended" in record
    assert "(it is RECRUITING)" in record
    page = editor.get(f"/prs/records/{draft}/results/participantFlowModule")
    assert page.status_code == 200
    assert "Results can be entered once the study has ended" in text(page.text)
    assert 'name="groups-0-title"' not in page.text
    refused = _upload_results(editor, draft, _flow())
    assert refused.status_code == 409
    assert "once the study's overall status is COMPLETED or TERMINATED" in text(refused.text)


def test_the_dashboard_shows_when_results_are_due(site: Site) -> None:
    editor = site.browser("editor-a")
    _upload(editor, _ended_study("Due later", primary_completion="2025-03"))
    _upload(editor, _ended_study("Due long ago", status="TERMINATED", primary_completion="2024-06-15"))
    _upload(editor, registrable_study("Not ended"))
    page = editor.get("/prs").text
    assert "Results due" in text(page)
    assert "2026-03-31" in _dashboard_row(editor, "Due later")
    assert "Overdue" not in _dashboard_row(editor, "Due later")
    assert "2025-06-15 Overdue" in _dashboard_row(editor, "Due long ago")
    assert "Overdue" not in _dashboard_row(editor, "Not ended")


def test_another_organization_gets_404_for_the_results_pages(site: Site) -> None:
    owner = site.browser("editor-a")
    draft = _upload(owner, _ended_study("Org A results", results=_flow()))
    revision = owner.revision() if 'name="revision"' in owner.open_record(draft) else "1"
    hostile = "<script>alert('x')</script>"
    results = _flow()
    results["participantFlowModule"]["groups"][0]["title"] = hostile
    assert _upload_results(owner, draft, results).status_code == 303
    for page in (
        owner.get(f"/prs/records/{draft}/results/participantFlowModule").text,
        owner.open_record(draft),
    ):
        assert "<script>alert" not in page
    assert "&lt;script&gt;alert(" in owner.get(f"/prs/records/{draft}/results/participantFlowModule").text
    outsider = site.browser("editor-b")
    missing = outsider.get(f"/prs/records/{draft + 100}/results/participantFlowModule")
    assert missing.status_code == 404
    for module in ("participantFlowModule", "adverseEventsModule", "moreInfoModule"):
        response = outsider.get(f"/prs/records/{draft}/results/{module}")
        assert response.status_code == 404
        assert response.text == missing.text
    outsider.get("/prs")
    posted = outsider.post(
        f"/prs/records/{draft}/results/participantFlowModule",
        {"revision": revision, "groups-count": "1", "groups-0-title": "Mine"},
    )
    assert posted.status_code == 404
    upload = outsider.post(
        f"/prs/records/{draft}/results/upload",
        {"revision": revision},
        files={"document": ("r.json", json.dumps({"moreInfoModule": {}}).encode())},
    )
    assert upload.status_code == 404
    assert _document(owner, draft)["resultsSection"] == results


def test_an_outcome_measure_and_its_analysis_by_form(site: Site) -> None:
    editor = site.browser("editor-a")
    draft = _upload(editor, _ended_study("Outcome study"))
    outcomes = f"/prs/records/{draft}/results/outcomeMeasuresModule"
    measure = {
        "outcomeMeasures-0-type": "PRIMARY",
        "outcomeMeasures-0-title": "Death or reinfarction",
        "outcomeMeasures-0-timeFrame": "12 months",
        "outcomeMeasures-0-paramType": "COUNT_OF_PARTICIPANTS",
        "outcomeMeasures-0-unitOfMeasure": "Participants",
        "outcomeMeasures-0-groups-0-title": "Aspirin",
    }
    assert submit(editor, outcomes, measure).status_code == 303
    assert submit(editor, outcomes, {"outcomeMeasures-0-groups-1-title": "Placebo"}).status_code == 303
    values = {
        "outcomeMeasures-0-denoms-0-c0-value": "10",
        "outcomeMeasures-0-denoms-0-c1-value": "10",
        "outcomeMeasures-0-classes-0-c0-value": "1",
        "outcomeMeasures-0-classes-0-c1-value": "3",
        "outcomeMeasures-0-analyses-0-groupIds": ["OG000", "OG001"],
        "outcomeMeasures-0-analyses-0-statisticalMethod": "Fisher Exact",
        "outcomeMeasures-0-analyses-0-pValue": "0.58",
    }
    assert submit(editor, outcomes, values).status_code == 303
    saved = _document(editor, draft)["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][0]
    assert [(group["id"], group["title"]) for group in saved["groups"]] == [
        ("OG000", "Aspirin"),
        ("OG001", "Placebo"),
    ]
    assert saved["denoms"] == [
        {
            "units": "Participants",
            "counts": [{"groupId": "OG000", "value": "10"}, {"groupId": "OG001", "value": "10"}],
        }
    ]
    assert saved["classes"] == [
        {
            "categories": [
                {"measurements": [{"groupId": "OG000", "value": "1"}, {"groupId": "OG001", "value": "3"}]}
            ]
        }
    ]
    assert saved["analyses"] == [
        {"groupIds": ["OG000", "OG001"], "statisticalMethod": "Fisher Exact", "pValue": "0.58"}
    ]
    assert "Outcome measures and analyses 1 outcome measure, 1 analysis –" in text(editor.open_record(draft))

    # A dispersion type asks for the spread of each measurement once saved.
    assert 'name="outcomeMeasures-0-classes-0-c0-spread"' not in editor.get(outcomes).text
    assert (
        submit(editor, outcomes, {"outcomeMeasures-0-dispersionType": "Standard Deviation"}).status_code
        == 303
    )
    assert 'name="outcomeMeasures-0-classes-0-c0-spread"' in editor.get(outcomes).text


def test_adverse_events_by_form_are_checked_against_those_at_risk(site: Site) -> None:
    editor = site.browser("editor-a")
    draft = _upload(editor, _ended_study("Adverse events study"))
    events = f"/prs/records/{draft}/results/adverseEventsModule"
    group = {"eventGroups-0-title": "Aspirin", "eventGroups-0-seriousNumAffected": "1"}
    assert submit(editor, events, {**group, "eventGroups-0-seriousNumAtRisk": "10"}).status_code == 303
    row = {
        "seriousEvents-0-term": "Gastric bleeding",
        "seriousEvents-0-c0-numAffected": "12",
        "seriousEvents-0-c0-numAtRisk": "10",
        "seriousEvents-0-c0-numEvents": "12",
    }
    assert submit(editor, events, row).status_code == 303
    page = editor.get(events).text
    cell = page.index('name="seriousEvents-0-c0-numAffected"')
    assert "12 affected but only 10 at risk" in text(page[cell : page.index("</td>", cell)])
    stats = _document(editor, draft)["resultsSection"]["adverseEventsModule"]["seriousEvents"][0]["stats"]
    assert stats == [{"groupId": "EG000", "numAffected": 12, "numAtRisk": 10, "numEvents": 12}]
    negative = submit(editor, events, {"seriousEvents-0-c0-numAffected": "-1"})
    assert negative.status_code == 400
    assert "Participants affected: give 0 or a larger number" in text(negative.text)


def _rich_results() -> dict[str, Any]:
    """Every results module, with values the forms do not show (comments, a class's own
    denominators, stats of a group the module does not define)."""
    two = [{"id": "BG000", "title": "Aspirin"}, {"id": "BG001", "title": "Placebo"}]
    return {
        **_flow(),
        "baselineCharacteristicsModule": {
            "populationDescription": "Everyone randomized.",
            "groups": two,
            "denoms": [
                {
                    "units": "Participants",
                    "counts": [{"groupId": "BG000", "value": "10"}, {"groupId": "BG001", "value": "10"}],
                }
            ],
            "measures": [
                {
                    "title": "Age, Continuous",
                    "paramType": "MEAN",
                    "dispersionType": "STANDARD_DEVIATION",
                    "unitOfMeasure": "years",
                    "classes": [
                        {
                            "categories": [
                                {
                                    "measurements": [
                                        {
                                            "groupId": "BG000",
                                            "value": "61",
                                            "spread": "7",
                                            "comment": "two missing",
                                        },
                                        {"groupId": "BG001", "value": "63", "spread": "8"},
                                    ]
                                }
                            ]
                        }
                    ],
                },
                {
                    "title": "Region of Enrollment",
                    "paramType": "COUNT_OF_PARTICIPANTS",
                    "unitOfMeasure": "Participants",
                    "classes": [
                        {
                            "title": "France",
                            "denoms": [
                                {"units": "Participants", "counts": [{"groupId": "BG000", "value": "6"}]}
                            ],
                            "categories": [{"measurements": [{"groupId": "BG000", "value": "6"}]}],
                        },
                        {
                            "title": "Italy",
                            "categories": [
                                {"title": "North", "measurements": [{"groupId": "BG001", "value": "4"}]},
                                {"title": "South", "measurements": [{"groupId": "BG099", "value": "1"}]},
                            ],
                        },
                    ],
                },
            ],
        },
        "outcomeMeasuresModule": {
            "outcomeMeasures": [
                {
                    "type": "PRIMARY",
                    "title": "Systolic blood pressure",
                    "reportingStatus": "POSTED",
                    "paramType": "MEAN",
                    "dispersionType": "95% Confidence Interval",
                    "unitOfMeasure": "mmHg",
                    "timeFrame": "12 months",
                    "groups": [{"id": "OG000", "title": "Aspirin"}, {"id": "OG001", "title": "Placebo"}],
                    "classes": [
                        {
                            "categories": [
                                {
                                    "measurements": [
                                        {
                                            "groupId": "OG000",
                                            "value": "128",
                                            "lowerLimit": "120",
                                            "upperLimit": "136",
                                        },
                                        {"groupId": "OG001", "value": "NA", "comment": "not measured"},
                                    ]
                                }
                            ]
                        }
                    ],
                    "analyses": [
                        {
                            "groupIds": ["OG000", "OG001"],
                            "testedNonInferiority": False,
                            "pValue": "0.04",
                            "statisticalMethod": "ANCOVA",
                            "ciNumSides": "TWO_SIDED",
                            "otherAnalysisDescription": "Adjusted for centre.",
                        }
                    ],
                }
            ]
        },
        "adverseEventsModule": {
            "timeFrame": "12 months",
            "eventGroups": [
                {"id": "EG000", "title": "Aspirin", "seriousNumAffected": 1, "seriousNumAtRisk": 10},
                {"id": "EG001", "title": "Placebo", "seriousNumAffected": 0, "seriousNumAtRisk": 10},
            ],
            "seriousEvents": [
                {
                    "term": "Gastric bleeding",
                    "assessmentType": "SYSTEMATIC_ASSESSMENT",
                    "notes": "Resolved.",
                    "stats": [{"groupId": "EG000", "numEvents": 1, "numAffected": 1, "numAtRisk": 10}],
                }
            ],
        },
        "moreInfoModule": {
            "certainAgreement": {
                "piSponsorEmployee": False,
                "restrictiveAgreement": True,
                "restrictionType": "LTE60",
            },
            "pointOfContact": {"title": "Results Desk", "email": "results@example.org"},
        },
    }


def test_each_results_form_saved_unchanged_keeps_the_results_exactly(site: Site) -> None:
    editor = site.browser("editor-a")
    draft = _upload(editor, _ended_study("Round trip", results=_rich_results()))
    for module in _rich_results():
        page = f"/prs/records/{draft}/results/{module}"
        assert submit(editor, page, {}).status_code == 303, module
        assert _document(editor, draft)["resultsSection"] == _rich_results(), module
    shown = editor.get(f"/prs/records/{draft}/results/baselineCharacteristicsModule").text
    for name in (
        "measures-0-classes-0-c0-spread",
        "measures-1-classes-2-category",
        "measures-1-classes-1-class",
    ):
        assert f'name="{name}"' in shown
