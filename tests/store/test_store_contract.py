"""The store's contract, run against SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import SQLAlchemyError

from tests.factories import changed, full_study, minimal_study
from trialbase.store import Store, prepare_study
from trialbase.store.schema import study_version


def write(store: Store, *documents: dict[str, Any], provenance: dict[str, Any] | None = None) -> list[str]:
    return [outcome.kind for outcome in store.write_batch([prepare_study(d, provenance) for d in documents])]


def test_a_new_study_becomes_version_one_and_reads_back_identically(store: Store) -> None:
    document = full_study()
    assert write(store, document) == ["new"]
    stored = store.current("NCT90000002")
    assert stored is not None
    assert stored.version == 1
    assert stored.is_current
    assert json.dumps(stored.document) == json.dumps(document)  # same keys in the same order
    compact = json.dumps(document, separators=(",", ":")).encode()
    assert store.current_json_many(["NCT90000002", "NCT99999999"]) == {"NCT90000002": compact}


def test_reimporting_an_identical_document_is_a_no_op(store: Store) -> None:
    write(store, full_study())
    seq = store.last_seq()
    assert write(store, full_study()) == ["unchanged"]
    assert store.last_seq() == seq
    assert store.count_versions() == 1


def test_a_new_snapshot_date_alone_is_not_a_new_version(store: Store) -> None:
    write(store, full_study())
    snapshot = full_study()
    snapshot["derivedSection"]["miscInfoModule"]["versionHolder"] = "2025-01-01"
    assert write(store, snapshot) == ["unchanged"]


def test_a_changed_document_becomes_the_next_version_and_old_versions_stay(store: Store) -> None:
    first = full_study()
    second = changed(first, last_update="2024-09-01")
    write(store, first)
    assert write(store, second) == ["updated"]
    current = store.current("NCT90000002")
    assert current is not None
    assert current.version == 2
    assert current.document["protocolSection"]["statusModule"]["overallStatus"] == "COMPLETED"
    old = store.version("NCT90000002", 1)
    assert old is not None
    assert not old.is_current
    assert old.document == first
    assert [item.version for item in store.history("NCT90000002")] == [1, 2]
    assert [item.last_update_post_date for item in store.history("NCT90000002")] == [
        "2024-05-02",
        "2024-09-01",
    ]


def test_an_older_document_never_rolls_a_study_back(store: Store) -> None:
    first = full_study()
    second = changed(first, last_update="2024-09-01")
    write(store, second)
    assert write(store, first) == ["older"]
    current = store.current("NCT90000002")
    assert current is not None
    assert current.document == second


def test_derived_columns_follow_the_current_version(store: Store) -> None:
    write(store, full_study())
    write(store, changed(full_study(), last_update="2024-09-01", status="TERMINATED"))
    from trialbase.store.schema import study

    with store.engine.connect() as connection:
        row = connection.execute(select(study).where(study.c.nct_id == "NCT90000002")).one()
    assert row.overall_status == "TERMINATED"
    assert row.phases == "PHASE2|PHASE3"
    assert row.start_date == "2023-03"  # partial dates keep their precision
    assert row.last_update_post_date == "2024-09-01"
    assert row.minimum_age_days == pytest.approx(18 * 365.25)
    assert row.enrollment == 120
    assert row.current_version == 2


def test_change_log_numbers_every_write_in_order(store: Store) -> None:
    write(store, minimal_study("NCT90000001"), minimal_study("NCT90000003"))
    write(store, changed(minimal_study("NCT90000001"), last_update="2024-02-02"))
    write(store, minimal_study("NCT90000003"))  # unchanged: no entry
    changes = store.changes(0)
    assert [(c.seq, c.nct_id, c.version, c.kind) for c in changes] == [
        (1, "NCT90000001", 1, "new"),
        (2, "NCT90000003", 1, "new"),
        (3, "NCT90000001", 2, "updated"),
    ]
    assert [c.seq for c in store.changes(after_seq=2)] == [3]
    assert store.changes(after_seq=1, limit=1)[0].seq == 2
    assert all(c.recorded_at.tzinfo is not None for c in changes)


def test_aliases_resolve_to_the_study(store: Store) -> None:
    write(store, full_study())
    assert store.resolve_alias("NCT90009999") == "NCT90000002"
    assert store.resolve_alias("NCT90000002") is None


def test_provenance_is_kept_beside_the_document(store: Store) -> None:
    write(store, minimal_study(), provenance={"format": "legacy-xml", "approximateGeoPoints": [0]})
    stored = store.current("NCT90000001")
    assert stored is not None
    assert stored.provenance == {"format": "legacy-xml", "approximateGeoPoints": [0]}
    assert "format" not in stored.document


def test_a_batch_that_fails_midway_leaves_nothing_behind(store: Store) -> None:
    write(store, minimal_study("NCT90000001"))

    def fail_on_change_log(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "INSERT INTO change_log" in statement:
            raise RuntimeError("simulated crash while writing the change log")

    event.listen(store.engine, "before_cursor_execute", fail_on_change_log)
    try:
        with pytest.raises((RuntimeError, SQLAlchemyError)):
            write(
                store,
                minimal_study("NCT90000003"),
                changed(minimal_study("NCT90000001"), last_update="2024-03-03"),
            )
    finally:
        event.remove(store.engine, "before_cursor_execute", fail_on_change_log)
    assert store.count() == 1
    assert store.count_versions() == 1
    assert store.last_seq() == 1
    current = store.current("NCT90000001")
    assert current is not None
    assert current.version == 1
    # Running the same batch again completes it.
    assert write(
        store, minimal_study("NCT90000003"), changed(minimal_study("NCT90000001"), last_update="2024-03-03")
    ) == [
        "new",
        "updated",
    ]


def test_a_batch_may_not_hold_one_study_twice(store: Store) -> None:
    with pytest.raises(ValueError, match="only once"):
        write(store, minimal_study(), minimal_study())
    assert store.count() == 0


def test_versions_are_immutable_rows(store: Store) -> None:
    """Writing new versions never touches the rows of earlier ones."""
    write(store, full_study())
    with store.engine.connect() as connection:
        before = connection.execute(select(study_version.c.document, study_version.c.recorded_at)).one()
    write(store, changed(full_study(), last_update="2024-09-01"))
    write(store, changed(full_study(), last_update="2024-10-01", status="TERMINATED"))
    with store.engine.connect() as connection:
        after = connection.execute(
            select(study_version.c.document, study_version.c.recorded_at).where(study_version.c.version == 1)
        ).one()
    assert bytes(after.document) == bytes(before.document)
    assert after.recorded_at == before.recorded_at


def test_iter_current_walks_every_study_once(store: Store) -> None:
    documents = [minimal_study(f"NCT9000{number:04d}") for number in range(1, 26)]
    write(store, *documents)
    write(store, changed(documents[3], last_update="2024-04-04"))
    seen = list(store.iter_current(batch_size=7))
    assert [item.nct_id for item in seen] == sorted(
        d["protocolSection"]["identificationModule"]["nctId"] for d in documents
    )
    assert next(item for item in seen if item.nct_id == "NCT90000004").version == 2


def test_iter_current_takes_a_range_and_marks_cut_the_studies_into_ranges(store: Store) -> None:
    ids = [f"NCT9000{number:04d}" for number in range(1, 18)]
    write(store, *(minimal_study(nct_id) for nct_id in ids))
    marks = store.current_id_marks(5)
    assert marks == [ids[4], ids[9], ids[14], ids[16]]
    ranges = zip(["", *marks[:-1]], marks, strict=True)
    pieces = [[item.nct_id for item in store.iter_current(2, after=a, until=u)] for a, u in ranges]
    assert pieces == [ids[0:5], ids[5:10], ids[10:15], ids[15:17]]
    assert store.current_id_marks(17) == [ids[16]]


def test_meta_values_can_be_set_and_replaced(store: Store) -> None:
    assert store.get_meta("sync") is None
    store.set_meta("sync", "2024-01-01")
    store.set_meta("sync", "2024-02-01")
    assert store.get_meta("sync") == "2024-02-01"


def test_recently_updated_lists_from_derived_columns(store: Store) -> None:
    write(store, full_study(), minimal_study(), provenance={"format": "synthetic", "synthetic": True})
    listing = store.recently_updated(10)
    assert [item.nct_id for item in listing] == ["NCT90000002", "NCT90000001"]
    assert all(item.synthetic for item in listing)


def test_opening_without_migrating_refuses_an_old_schema(database_url: str) -> None:
    from trialbase.store import SchemaOutOfDate

    with pytest.raises(SchemaOutOfDate, match="trialbase db upgrade"):
        Store.open(database_url, migrate=False)


def test_a_partial_record_never_replaces_a_complete_one(store: Store) -> None:
    write(store, full_study())
    partial = changed(full_study(), last_update="2024-09-01")
    del partial["protocolSection"]["eligibilityModule"]
    assert write(store, partial, provenance={"format": "aact", "partial": True}) == ["partial"]
    current = store.current("NCT90000002")
    assert current is not None
    assert current.document == full_study()
    # ...but a partial record does update an earlier partial one, and a complete one replaces it.
    write(store, minimal_study(), provenance={"partial": True})
    later = changed(minimal_study(), last_update="2024-09-01")
    assert write(store, later, provenance={"partial": True}) == ["updated"]
    complete = changed(minimal_study(), last_update="2024-10-01")
    assert write(store, complete) == ["updated"]
