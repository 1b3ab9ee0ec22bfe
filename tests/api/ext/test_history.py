"""``/api/ext/studies/{nctId}/history``, ``/history/{version}`` and ``/diff``."""

from __future__ import annotations

import copy

import httpx

from tests.factories import changed, full_study, minimal_study
from trialbase.store import Store, prepare_study


def _three_versions(store: Store) -> None:
    first = full_study()
    second = changed(first, last_update="2024-09-01")
    third = copy.deepcopy(second)
    third["protocolSection"]["conditionsModule"]["keywords"].append("<b>MI</b>")
    for document in (first, second, third):
        store.write_batch([prepare_study(document)])


def test_history_lists_every_version_with_the_modules_it_changed(store: Store, http: httpx.Client) -> None:
    _three_versions(store)
    response = http.get("/api/ext/studies/NCT90000002/history")
    assert response.status_code == 200
    body = response.json()
    assert body["nctId"] == "NCT90000002"
    assert body["currentVersion"] == 3
    versions = body["versions"]
    assert [entry["version"] for entry in versions] == [1, 2, 3]
    assert [entry["lastUpdatePostDate"] for entry in versions] == ["2024-05-02", "2024-09-01", "2024-09-01"]
    assert [entry["current"] for entry in versions] == [False, False, True]
    assert "protocolSection.statusModule" in versions[0]["changedModules"]
    assert "derivedSection.conditionBrowseModule" in versions[0]["changedModules"]
    assert versions[1]["changedModules"] == ["protocolSection.statusModule"]
    assert versions[1]["changeCount"] == 2
    assert versions[2]["changedModules"] == ["protocolSection.conditionsModule"]
    assert all(entry["recordedAt"].endswith("Z") for entry in versions)


def test_one_version_is_served_as_its_v2_document(store: Store, http: httpx.Client) -> None:
    _three_versions(store)
    first = http.get("/api/ext/studies/NCT90000002/history/1")
    assert first.status_code == 200
    assert first.headers["content-type"] == "application/json"
    assert first.json() == full_study()
    assert list(first.json()) == list(full_study())
    assert (
        http.get("/api/ext/studies/nct90000002/history/2").json()["protocolSection"]["statusModule"][
            "overallStatus"
        ]
        == "COMPLETED"
    )


def test_the_diff_lists_field_changes_between_two_versions(store: Store, http: httpx.Client) -> None:
    _three_versions(store)
    body = http.get("/api/ext/studies/NCT90000002/diff", params={"from": 1, "to": 3}).json()
    assert (body["from"], body["to"]) == (1, 3)
    assert body["modules"] == ["protocolSection.statusModule", "protocolSection.conditionsModule"]
    assert body["changes"] == [
        {
            "path": "protocolSection.statusModule.overallStatus",
            "change": "changed",
            "before": "RECRUITING",
            "after": "COMPLETED",
        },
        {
            "path": "protocolSection.statusModule.lastUpdatePostDateStruct.date",
            "change": "changed",
            "before": "2024-05-02",
            "after": "2024-09-01",
        },
        {
            "path": "protocolSection.conditionsModule.keywords[1]",
            "change": "added",
            "before": None,
            "after": "<b>MI</b>",
        },
    ]
    backwards = http.get("/api/ext/studies/NCT90000002/diff?from=3&to=1").json()["changes"]
    assert backwards[2] == {
        "path": "protocolSection.conditionsModule.keywords[1]",
        "change": "removed",
        "before": "<b>MI</b>",
        "after": None,
    }


def test_the_diff_defaults_to_the_latest_change(store: Store, http: httpx.Client) -> None:
    _three_versions(store)
    body = http.get("/api/ext/studies/NCT90000002/diff").json()
    assert (body["from"], body["to"]) == (2, 3)
    assert body["modules"] == ["protocolSection.conditionsModule"]
    assert (http.get("/api/ext/studies/NCT90000002/diff?to=2").json()["from"]) == 1
    assert http.get("/api/ext/studies/NCT90000002/diff?from=2&to=2").json()["changes"] == []


def test_aliases_redirect_and_unknown_studies_are_404(store: Store, http: httpx.Client) -> None:
    _three_versions(store)
    moved = http.get("/api/ext/studies/NCT90009999/history", follow_redirects=False)
    assert moved.status_code == 301
    assert moved.headers["location"].endswith("/api/ext/studies/NCT90000002/history")
    missing = http.get("/api/ext/studies/NCT12345678/history")
    assert missing.status_code == 404
    assert missing.text == "Study NCT12345678 not found"
    assert missing.headers["content-type"].startswith("text/plain")


def test_bad_versions_and_parameters_say_what_is_wrong(store: Store, http: httpx.Client) -> None:
    store.write_batch([prepare_study(minimal_study("NCT90000001"))])
    cases = {
        "/api/ext/studies/hello/history": (400, "`hello` is not a valid NCT number"),
        "/api/ext/studies/NCT90000001/history/7": (
            404,
            "version: NCT90000001 has no version 7 (it has versions 1 to 1)",
        ),
        "/api/ext/studies/NCT90000001/history/first": (400, "version 'first' is not a version number"),
        "/api/ext/studies/NCT90000001/history/0": (400, "version 0 is not a version number"),
        "/api/ext/studies/NCT90000001/diff?from=x": (400, "parameter `from`: 'x' is not a whole number"),
        "/api/ext/studies/NCT90000001/diff?from=0": (400, "parameter `from`: 0 is out of range"),
        "/api/ext/studies/NCT90000001/diff?from=1&to=4": (404, "to: NCT90000001 has no version 4"),
        "/api/ext/studies/NCT90000001/diff?form=1": (400, "unknown parameter `form` (accepted: from, to)"),
        "/api/ext/studies/NCT90000001/diff?to=1&to=1": (400, "parameter `to` is given 2 times"),
        "/api/ext/studies/NCT90000001/history?x=1": (400, "unknown parameter `x`"),
    }
    for path, (status, message) in cases.items():
        response = http.get(path)
        assert (path, response.status_code) == (path, status)
        assert message in response.text, path
