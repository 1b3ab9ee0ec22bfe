"""``trialbase sync`` against a fake ClinicalTrials.gov API on 127.0.0.1: full, then incremental."""

from __future__ import annotations

from click.testing import CliRunner, Result

from tests.cli.test_import_command import stored_ids
from tests.factories import changed, full_study, minimal_study
from tests.ingest.fake_ctgov import FakeCtgov, Fault
from trialbase.cli import cli
from trialbase.store import Store


def sync(database_url: str, fake: FakeCtgov, *args: str) -> Result:
    env = {"TRIALBASE_DATABASE_URL": database_url, "TRIALBASE_SYNC_REQUESTS_PER_SECOND": "1000"}
    return CliRunner().invoke(
        cli, ["sync", "--quiet", "--base-url", fake.base_url, *args], env=env, catch_exceptions=False
    )


def dated(nct_id: str, last_update: str) -> dict[str, object]:
    document = minimal_study(nct_id)
    document["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"] = {"date": last_update}  # type: ignore[index]
    return document


def test_a_first_sync_pulls_every_page_and_a_second_only_what_changed(
    database_url: str, fake_ctgov: FakeCtgov
) -> None:
    fake_ctgov.studies = [dated(f"NCT9000{n:04d}", f"2024-01-{n:02d}") for n in range(1, 26)]
    first = sync(database_url, fake_ctgov, "--page-size", "10")
    assert first.exit_code == 0, first.stderr
    assert first.stdout.splitlines()[-1] == "read 25  new 25  updated 0  unchanged 0  rejected 0"
    assert len(fake_ctgov.study_requests()) == 3  # pages of 10, 10 and 5
    assert len(stored_ids(database_url)) == 25

    fake_ctgov.studies[4] = changed(fake_ctgov.studies[4], last_update="2024-02-10")  # type: ignore[arg-type]
    fake_ctgov.studies.append(dated("NCT90000099", "2024-02-11"))
    fake_ctgov.requests.clear()
    second = sync(database_url, fake_ctgov, "--page-size", "10")
    assert "since 2024-01-25" in second.stdout
    assert second.stdout.splitlines()[-1] == "read 3  new 1  updated 1  unchanged 1  rejected 0"
    [request] = fake_ctgov.study_requests()
    assert request.param("filter.advanced") == "AREA[LastUpdatePostDate]RANGE[2024-01-25,MAX]"
    store = Store.open(database_url)
    try:
        assert [item.version for item in store.history("NCT90000005")] == [1, 2]
    finally:
        store.close()


def test_query_options_are_passed_to_the_source(database_url: str, fake_ctgov: FakeCtgov) -> None:
    fake_ctgov.studies = [full_study("NCT90000002"), minimal_study("NCT90000001")]
    result = sync(database_url, fake_ctgov, "--cond", "myocardial infarction", "--full")
    assert result.exit_code == 0, result.stderr
    [request] = fake_ctgov.study_requests()
    assert request.param("query.cond") == "myocardial infarction"
    assert stored_ids(database_url) == ["NCT90000002"]


def test_a_refused_request_stops_with_the_servers_message(database_url: str, fake_ctgov: FakeCtgov) -> None:
    fake_ctgov.studies = [minimal_study()]
    fake_ctgov.fail_next(Fault.bad_request("`filter.phase` is unknown parameter"))
    result = sync(database_url, fake_ctgov)
    assert result.exit_code == 1
    assert "sync stopped:" in result.stderr
    assert "`filter.phase` is unknown parameter" in result.stderr
    assert "what was already written stays; run again to resume" in result.stderr
