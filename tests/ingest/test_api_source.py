"""ApiSource against a fake ClinicalTrials.gov server over real HTTP on 127.0.0.1.

Every test but the end-to-end one injects ``sleep`` and ``clock`` (a ``FakeTime``), so backoff and
rate-limit waits are recorded, never slept.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import httpx
import orjson
import pytest

from trialbase import __version__
from trialbase.ingest.api_source import ApiSource, SyncError
from trialbase.ingest.record import RecordLocation

from .fake_ctgov import FakeCtgov, Fault

PAGE_PARAMS = {"pageToken", "pageSize", "countTotal"}


def make_study(
    number: int, updated: str = "2024-01-15", *, status: str = "RECRUITING", condition: str = "Asthma"
) -> dict[str, Any]:
    """A small synthetic v2 study."""
    return {
        "protocolSection": {
            "identificationModule": {"nctId": f"NCT{number:08d}", "briefTitle": f"Synthetic study {number}"},
            "statusModule": {
                "overallStatus": status,
                "lastUpdatePostDateStruct": {"date": updated, "type": "ACTUAL"},
            },
            "conditionsModule": {"conditions": [condition]},
        },
        "hasResults": False,
    }


def dated_studies(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """``count`` studies with distinct update dates, in shuffled order."""
    start = dt.date(2023, 1, 1)
    studies = [make_study(n + 1, (start + dt.timedelta(days=3 * n)).isoformat()) for n in range(count)]
    random.Random(seed).shuffle(studies)
    return studies


def update_date(study: dict[str, Any]) -> str:
    return str(study["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"])


def nct_id(study: dict[str, Any]) -> str:
    return str(study["protocolSection"]["identificationModule"]["nctId"])


class FakeTime:
    """A clock that moves only when something sleeps on it (or a test advances it)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make_source(fake_ctgov: FakeCtgov, fake_time: FakeTime) -> Callable[..., ApiSource]:
    def make(**options: Any) -> ApiSource:
        options.setdefault("sleep", fake_time.sleep)
        options.setdefault("clock", fake_time.clock)
        options.setdefault("jitter", lambda: 1.0)
        return ApiSource(fake_ctgov.base_url, **options)

    return make


# -- paging -------------------------------------------------------------------------------------


def test_reads_every_study_once_in_update_order_across_pages(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource]
) -> None:
    fake_ctgov.studies = dated_studies(23)
    source = make_source(page_size=5)

    records = list(source)

    expected = sorted(fake_ctgov.studies, key=update_date)
    assert [r.nct_id for r in records] == [nct_id(s) for s in expected]
    assert all(r.issues == () for r in records)
    # The document is the study exactly as served, key order included.
    assert [orjson.dumps(r.document) for r in records] == [orjson.dumps(s) for s in expected]
    assert (source.total, source.pages_read, source.studies_read) == (23, 5, 23)
    assert source.last_update_seen == dt.date.fromisoformat(update_date(expected[-1]))

    wire = fake_ctgov.study_requests()
    assert len(wire) == 5  # the fifth page had no nextPageToken, so nothing more was asked
    assert wire[0].param("countTotal") == "true"
    assert wire[0].param("pageToken") is None
    assert all(r.param("pageToken") and r.param("countTotal") is None for r in wire[1:])
    assert {r.param("sort") for r in wire} == {"LastUpdatePostDate:asc"}
    assert {r.param("pageSize") for r in wire} == {"5"}


def test_record_location_and_provenance(fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource]) -> None:
    fake_ctgov.studies = dated_studies(7)
    source = make_source(page_size=3)

    records = list(source)

    assert records[4].location == RecordLocation(file=source.url, member="page 2", record=1)
    assert "pageToken" not in source.url
    assert source.url.startswith(f"{fake_ctgov.base_url}/studies?")
    assert str(records[4].location) == f"{source.url}!page 2 record 1"
    assert records[0].provenance == {"format": "api", "source": fake_ctgov.base_url}


def test_a_single_page_ends_without_a_token(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource]
) -> None:
    fake_ctgov.studies = dated_studies(3)
    source = make_source(page_size=5000)

    assert len(list(source)) == 3

    wire = fake_ctgov.study_requests()
    assert len(wire) == 1
    assert wire[0].param("pageSize") == "1000"  # capped at the API's maximum


def test_no_studies(fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource]) -> None:
    source = make_source()

    assert list(source) == []
    assert (source.total, source.pages_read, source.studies_read, source.last_update_seen) == (0, 1, 0, None)


def test_progress_is_visible_while_reading(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource]
) -> None:
    fake_ctgov.studies = dated_studies(6)
    source = make_source(page_size=4)
    records = iter(source)

    first = next(records)

    assert (source.total, source.pages_read, source.studies_read) == (6, 1, 1)
    assert source.last_update_seen == dt.date.fromisoformat(update_date(first.document or {}))
    assert len(list(records)) == 5
    assert (source.pages_read, source.studies_read) == (2, 6)


def test_max_studies_stops_early_and_asks_only_for_what_it_needs(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource]
) -> None:
    fake_ctgov.studies = dated_studies(25)
    source = make_source(page_size=10, max_studies=13)

    records = list(source)

    assert len(records) == 13
    assert source.total == 25
    assert [r.param("pageSize") for r in fake_ctgov.study_requests()] == ["10", "3"]


def test_max_studies_zero_sends_no_request(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource]
) -> None:
    fake_ctgov.studies = dated_studies(2)

    assert list(make_source(max_studies=0)) == []
    assert fake_ctgov.study_requests() == []


def test_iterating_again_starts_a_new_sync(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource]
) -> None:
    fake_ctgov.studies = dated_studies(5)
    source = make_source(page_size=2)

    assert len(list(source)) == 5
    assert len(list(source.iter_records())) == 5
    assert (source.pages_read, source.studies_read) == (3, 5)


# -- what is asked for --------------------------------------------------------------------------


def test_since_asks_only_for_studies_updated_on_or_after_it(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource]
) -> None:
    dates = ["2024-02-28", "2024-03-01", "2024-03-02", "2023-12-31", "2024-06-30"]
    fake_ctgov.studies = [make_study(n + 1, date) for n, date in enumerate(dates)]
    source = make_source(since=dt.date(2024, 3, 1), page_size=2)

    records = list(source)

    assert [r.nct_id for r in records] == ["NCT00000002", "NCT00000003", "NCT00000005"]
    assert source.total == 3
    assert source.last_update_seen == dt.date(2024, 6, 30)
    assert {r.param("filter.advanced") for r in fake_ctgov.study_requests()} == {
        "AREA[LastUpdatePostDate]RANGE[2024-03-01,MAX]"
    }


def test_query_parameters_are_passed_through_on_every_page(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource]
) -> None:
    fake_ctgov.studies = [
        make_study(n, f"2024-01-{n:02d}", status=status, condition=condition)
        for n, (status, condition) in enumerate(
            [("RECRUITING", "Asthma"), ("COMPLETED", "Severe asthma"), ("WITHDRAWN", "Asthma")] * 3
            + [("RECRUITING", "Diabetes")],
            start=1,
        )
    ]
    source = make_source(
        page_size=2, params={"query.cond": "asthma", "filter.overallStatus": ["RECRUITING", "COMPLETED"]}
    )

    records = list(source)

    assert [r.nct_id for r in records] == [f"NCT{n:08d}" for n in (1, 2, 4, 5, 7, 8)]
    wire = fake_ctgov.study_requests()
    assert len(wire) == 3
    for request in wire:
        assert request.param("query.cond") == "asthma"
        assert request.param("filter.overallStatus") == "RECRUITING,COMPLETED"


def test_since_is_combined_with_a_given_advanced_filter() -> None:
    seen: list[httpx.URL] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(200, json={"studies": []})

    source = ApiSource(
        "https://ctgov.test/api/v2/",
        since=dt.date(2025, 1, 2),
        params={"filter.advanced": "AREA[Phase]PHASE3"},
        transport=httpx.MockTransport(answer),
    )

    assert list(source) == []
    assert seen[0].path == "/api/v2/studies"
    assert seen[0].params["filter.advanced"] == (
        "(AREA[Phase]PHASE3) AND AREA[LastUpdatePostDate]RANGE[2025-01-02,MAX]"
    )


@pytest.mark.parametrize("name", ["pageToken", "pageSize", "countTotal", "sort", "format"])
def test_parameters_the_source_sets_itself_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match=name):
        ApiSource(params={name: "x"})


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"page_size": 0}, "page_size"),
        ({"max_studies": -1}, "max_studies"),
        ({"requests_per_second": 0}, "requests_per_second"),
        ({"max_retries": -1}, "max_retries"),
    ],
)
def test_bad_options_are_refused(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ApiSource(**options)


def test_user_agent_names_trialbase_and_its_version(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource]
) -> None:
    list(make_source())

    agent = fake_ctgov.study_requests()[0].headers["user-agent"]
    assert agent.startswith(f"Trialbase/{__version__} ")


# -- retries ------------------------------------------------------------------------------------


def test_retries_after_503_with_exponential_backoff(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource], fake_time: FakeTime
) -> None:
    fake_ctgov.studies = dated_studies(4)
    fake_ctgov.fail_next(Fault.unavailable(), times=3)
    source = make_source(page_size=2, requests_per_second=None, backoff=0.5)

    assert len(list(source)) == 4
    assert fake_time.sleeps == [0.5, 1.0, 2.0]
    assert len(fake_ctgov.study_requests()) == 5


def test_backoff_has_jitter_and_a_ceiling(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource], fake_time: FakeTime
) -> None:
    fake_ctgov.fail_next(Fault.unavailable(), times=4)
    source = make_source(requests_per_second=None, backoff=1.0, max_backoff=3.0, jitter=lambda: 0.5)

    assert list(source) == []
    assert fake_time.sleeps == [0.75, 1.5, 2.25, 2.25]


def test_retry_after_on_429_is_honoured(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource], fake_time: FakeTime
) -> None:
    fake_ctgov.studies = dated_studies(2)
    fake_ctgov.fail_next(Fault.too_many_requests(retry_after="1"), times=2)
    source = make_source(requests_per_second=None, backoff=10.0)

    assert len(list(source)) == 2
    assert fake_time.sleeps == [1.0, 1.0]  # the server's Retry-After, not the 10 s backoff


def test_retry_after_as_an_http_date_in_the_past_means_now(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource], fake_time: FakeTime
) -> None:
    fake_ctgov.fail_next(Fault(503, b"busy", (("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"),)))

    assert list(make_source(requests_per_second=None)) == []
    assert fake_time.sleeps == [0.0]


def test_a_dropped_connection_is_retried(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource], fake_time: FakeTime
) -> None:
    fake_ctgov.studies = dated_studies(3)
    fake_ctgov.fail_next(Fault.dropped_connection())

    assert len(list(make_source(requests_per_second=None))) == 3
    assert fake_time.sleeps == [1.0]


def test_a_timeout_is_retried(fake_time: FakeTime) -> None:
    calls = 0

    def answer(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise httpx.ReadTimeout("timed out", request=request)
        return httpx.Response(200, json={"studies": [make_study(1)]})

    source = ApiSource(
        "https://ctgov.test/api/v2",
        transport=httpx.MockTransport(answer),
        sleep=fake_time.sleep,
        clock=fake_time.clock,
        jitter=lambda: 1.0,
        requests_per_second=None,
    )

    assert [r.nct_id for r in source] == ["NCT00000001"]
    assert fake_time.sleeps == [1.0]


def test_gives_up_after_max_retries_with_a_clear_error(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource], fake_time: FakeTime
) -> None:
    fake_ctgov.studies = dated_studies(2)
    fake_ctgov.fail_next(Fault.unavailable(), times=4)
    source = make_source(requests_per_second=None, max_retries=3)

    with pytest.raises(SyncError) as raised:
        list(source)

    message = str(raised.value)
    assert "page 1" in message
    assert "after 4 attempts" in message
    assert "503" in message
    assert source.url in message
    assert raised.value.page == 1
    assert fake_time.sleeps == [1.0, 2.0, 4.0]
    assert len(fake_ctgov.study_requests()) == 4


def test_no_retry_on_400_and_the_servers_message_is_shown(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource], fake_time: FakeTime
) -> None:
    fake_ctgov.fail_next(Fault.bad_request("Invalid value of sort: 'NoSuchField'"))
    source = make_source()

    with pytest.raises(SyncError) as raised:
        list(source)

    message = str(raised.value)
    assert "400" in message
    assert "Invalid value of sort: 'NoSuchField'" in message
    assert fake_ctgov.base_url + "/studies?" in message
    assert raised.value.status == 400
    assert fake_time.sleeps == []
    assert len(fake_ctgov.study_requests()) == 1


def test_the_fake_servers_own_400_reaches_the_error(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource]
) -> None:
    with pytest.raises(SyncError, match=r"400 .*does not support parameter\(s\) query\.nosuch"):
        list(make_source(params={"query.nosuch": "x"}))


def test_a_malformed_page_is_retried(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource], fake_time: FakeTime
) -> None:
    fake_ctgov.studies = dated_studies(4)
    records = iter(make_source(page_size=2, requests_per_second=None))
    first_page = [next(records), next(records)]
    fake_ctgov.fail_next(Fault.malformed_json())

    rest = list(records)

    assert [r.nct_id for r in first_page + rest] == [
        nct_id(s) for s in sorted(fake_ctgov.studies, key=update_date)
    ]
    assert fake_time.sleeps == [1.0]


def test_a_page_that_stays_malformed_stops_the_sync_naming_the_page(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource]
) -> None:
    fake_ctgov.studies = dated_studies(4)
    records = iter(make_source(page_size=2, max_retries=2, requests_per_second=None))
    next(records), next(records)
    fake_ctgov.fail_next(Fault.malformed_json(), times=3)

    with pytest.raises(SyncError, match=r"page 2 .* after 3 attempts: the page is not valid JSON") as raised:
        next(records)
    assert raised.value.page == 2


@pytest.mark.parametrize(
    ("payload", "complaint"),
    [
        ([], "expected a page"),
        ({"items": []}, '"studies" is nothing'),
        ({"studies": {}}, '"studies" is an object'),
        ({"studies": [], "nextPageToken": 5}, '"nextPageToken" must be a string'),
        ({"studies": [], "totalCount": "many"}, '"totalCount" must be an integer'),
    ],
)
def test_a_page_of_the_wrong_shape_is_a_server_error(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource], payload: Any, complaint: str
) -> None:
    fake_ctgov.fail_next(Fault.json(payload), times=2)

    with pytest.raises(SyncError, match=f"page 1 .* after 2 attempts: .*{complaint}"):
        list(make_source(max_retries=1))


def test_the_same_token_twice_stops_the_sync() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"studies": [make_study(1)], "nextPageToken": "again"})

    records = ApiSource(
        "https://ctgov.test/api/v2", transport=httpx.MockTransport(answer), requests_per_second=None
    )

    with pytest.raises(SyncError, match="same nextPageToken"):
        list(records)


def test_a_base_url_that_is_not_http_is_refused() -> None:
    with pytest.raises(ValueError, match="base_url must be an http:// or https:// URL"):
        ApiSource("ftp://ctgov.test/api/v2")


# -- bad studies inside a good page -------------------------------------------------------------


def test_a_bad_study_becomes_a_record_with_an_issue_and_reading_goes_on(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource]
) -> None:
    fake_ctgov.studies = [
        make_study(1),
        "not a study",
        42,
        {"protocolSection": {"identificationModule": {"briefTitle": "No id"}}},
        {"protocolSection": {"identificationModule": {"nctId": "ABC-1"}}},
        make_study(2),
    ]
    source = make_source(sort=None, page_size=4)

    records = list(source)

    assert len(records) == 6
    assert [r.nct_id for r in records] == ["NCT00000001", None, None, None, None, "NCT00000002"]
    assert [r.readable for r in records] == [True, False, False, False, False, True]
    codes = [[(i.path, i.code) for i in r.issues] for r in records]
    nct_path = "protocolSection.identificationModule.nctId"
    assert codes == [
        [],
        [("", "not-an-object")],
        [("", "not-an-object")],
        [(nct_path, "missing-nct-id")],
        [(nct_path, "invalid-nct-id")],
        [],
    ]
    assert "a string" in records[1].issues[0].message
    assert str(records[2].location) == f"{source.url}!page 1 record 2"
    assert records[4].location.member == "page 2"
    assert source.studies_read == 6


# -- politeness ---------------------------------------------------------------------------------


def test_requests_are_spaced_by_the_rate_limit(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource], fake_time: FakeTime
) -> None:
    fake_ctgov.studies = dated_studies(6)

    assert len(list(make_source(page_size=2, requests_per_second=3))) == 6
    assert fake_time.sleeps == pytest.approx([1 / 3, 1 / 3])


def test_time_spent_on_a_request_counts_towards_the_rate_limit(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource], fake_time: FakeTime
) -> None:
    class SlowServer(httpx.BaseTransport):
        """The real HTTP transport, on a clock where every answer takes 0.25 s."""

        def __init__(self) -> None:
            self.inner = httpx.HTTPTransport()

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            fake_time.now += 0.25
            return self.inner.handle_request(request)

        def close(self) -> None:
            self.inner.close()

    fake_ctgov.studies = dated_studies(6)

    records = list(make_source(page_size=2, requests_per_second=2, transport=SlowServer()))

    assert len(records) == 6
    assert fake_time.sleeps == pytest.approx([0.25, 0.25])


def test_a_backoff_wait_counts_towards_the_rate_limit(
    fake_ctgov: FakeCtgov, make_source: Callable[..., ApiSource], fake_time: FakeTime
) -> None:
    fake_ctgov.studies = dated_studies(4)
    fake_ctgov.fail_next(Fault.unavailable())

    assert len(list(make_source(page_size=2, requests_per_second=1, backoff=2.0))) == 4
    # 503, the 2 s backoff (longer than the 1 s spacing, so no extra wait), page 1, then page 2 1 s later.
    assert fake_time.sleeps == pytest.approx([2.0, 1.0])


# -- end to end ---------------------------------------------------------------------------------


def test_end_to_end_with_real_time_and_faults(fake_ctgov: FakeCtgov) -> None:
    """Real transport, real sleep and clock: a fast rate and a tiny backoff keep it well under a second."""
    fake_ctgov.studies = dated_studies(10)
    fake_ctgov.fail_next(Fault.unavailable())
    fake_ctgov.fail_next(Fault.dropped_connection())
    source = ApiSource(fake_ctgov.base_url, page_size=4, requests_per_second=50, backoff=0.01)

    records = list(source)

    assert [r.nct_id for r in records] == [nct_id(s) for s in sorted(fake_ctgov.studies, key=update_date)]
    assert (source.total, source.pages_read, source.studies_read) == (10, 3, 10)
    assert len(fake_ctgov.study_requests()) == 5
