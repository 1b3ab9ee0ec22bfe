"""``/api/ext/changes``: everything changed since a sequence number or a date, paged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx

from tests.conftest import FakeClock
from tests.factories import changed, minimal_study
from trialbase.store import Store, prepare_study


def _write_history(store: Store, clock: FakeClock) -> None:
    clock.now = dt.datetime(2025, 12, 30, 23, 0, tzinfo=dt.UTC)
    store.write_batch(
        [prepare_study(minimal_study("NCT90000001")), prepare_study(minimal_study("NCT90000003"))]
    )
    clock.now = dt.datetime(2026, 1, 2, 9, 0, tzinfo=dt.UTC)
    store.write_batch([prepare_study(changed(minimal_study("NCT90000001"), last_update="2026-01-02"))])
    store.write_batch([prepare_study(minimal_study("NCT90000004"))])


def _entries(body: dict[str, Any]) -> list[tuple[int, str, int, str]]:
    return [(e["sequence"], e["nctId"], e["version"], e["kind"]) for e in body["changes"]]


def test_the_feed_lists_changes_after_a_sequence_number(
    store: Store, clock: FakeClock, http: httpx.Client
) -> None:
    _write_history(store, clock)
    body = http.get("/api/ext/changes", params={"since": 1}).json()
    assert _entries(body) == [
        (2, "NCT90000003", 1, "new"),
        (3, "NCT90000001", 2, "updated"),
        (4, "NCT90000004", 1, "new"),
    ]
    assert body["changes"][1]["time"] == "2026-01-02T09:00:01Z"
    assert body["lastSequence"] == 4
    assert "nextPageToken" not in body
    everything = http.get("/api/ext/changes").json()
    assert [entry[0] for entry in _entries(everything)] == [1, 2, 3, 4]


def test_the_feed_lists_changes_since_a_date_or_an_instant(
    store: Store, clock: FakeClock, http: httpx.Client
) -> None:
    _write_history(store, clock)
    assert [e[0] for e in _entries(http.get("/api/ext/changes?since=2026-01-01").json())] == [3, 4]
    assert [e[0] for e in _entries(http.get("/api/ext/changes?since=2025-12-30").json())] == [1, 2, 3, 4]
    at_instant = http.get("/api/ext/changes", params={"since": "2026-01-02T09:00:02Z"}).json()
    assert [e[0] for e in _entries(at_instant)] == [4]
    elsewhere = http.get("/api/ext/changes", params={"since": "2026-01-02T10:00:02+01:00"}).json()
    assert _entries(elsewhere) == _entries(at_instant)


def test_pages_follow_the_cursor_to_the_end(store: Store, clock: FakeClock, http: httpx.Client) -> None:
    _write_history(store, clock)
    seen: list[int] = []
    params: dict[str, Any] = {"since": 0, "pageSize": 3}
    pages = 0
    while True:
        body = http.get("/api/ext/changes", params=params).json()
        pages += 1
        seen += [entry[0] for entry in _entries(body)]
        if "nextPageToken" not in body:
            break
        params["pageToken"] = body["nextPageToken"]
    assert seen == [1, 2, 3, 4]
    assert pages == 2
    assert body["lastSequence"] == 4


def test_an_empty_feed_says_where_to_resume(store: Store, clock: FakeClock, http: httpx.Client) -> None:
    _write_history(store, clock)
    caught_up = http.get("/api/ext/changes?since=4").json()
    assert caught_up == {"changes": [], "lastSequence": 4}
    assert http.get("/api/ext/changes?since=99").json()["lastSequence"] == 4
    assert http.get("/api/ext/changes?since=2030-01-01").json() == {"changes": [], "lastSequence": 4}


def test_bad_feed_parameters_say_what_is_wrong(store: Store, http: httpx.Client) -> None:
    cases = {
        "since=yesterday": "parameter `since`: 'yesterday' is neither a sequence number",
        "since=2024-13-01": "parameter `since`: '2024-13-01' is neither",
        "since=-1": "parameter `since`: '-1' is neither",
        "since=2024/01/01": "parameter `since`: '2024/01/01' is neither",
        "since=2024-01-01T1": "parameter `since`: '2024-01-01T1' is neither",
        "pageSize=0": "parameter `pageSize`: 0 is out of range (expected from 1 to 1000)",
        "pageSize=5000": "parameter `pageSize`: 5000 is out of range",
        "pageToken=abc": "parameter `pageToken`: 'abc' is not a token this feed gave out",
        "sinse=3": "unknown parameter `sinse` (accepted: pageSize, pageToken, since)",
    }
    for query, message in cases.items():
        response = http.get(f"/api/ext/changes?{query}")
        assert response.status_code == 400, query
        assert message in response.text, query
