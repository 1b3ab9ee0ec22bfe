"""The index directory: build a generation, swap ``current``, readers that follow, old ones removed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import orjson
import pytest

from tests.factories import changed, full_study, minimal_study
from tests.index.conftest import matching, write
from trialbase.index.index_dir import (
    CURRENT,
    MANIFEST,
    IndexMissing,
    IndexOutOfDate,
    build_index,
    current_generation,
    index_exists,
    index_root,
    open_index,
    read_manifest,
    remove_old_generations,
)
from trialbase.index.schema import SCHEMA_VERSION
from trialbase.store import Store


def test_build_writes_a_generation_with_its_manifest_and_points_current_at_it(
    index_store: Store, data_dir: Path
) -> None:
    write(index_store, minimal_study("NCT90000001"), full_study("NCT90000002"))
    calls: list[tuple[int, int]] = []
    info = build_index(index_store, data_dir, progress=lambda done, total: calls.append((done, total)))
    assert info.generation == "gen-1"
    assert info.studies == 2
    assert info.applied_seq == index_store.last_seq() == 2
    assert info.size_bytes > 0
    assert calls[-1] == (2, 2)
    root = index_root(data_dir)
    assert (root / CURRENT).read_text() == "gen-1\n"
    assert current_generation(data_dir) == "gen-1"
    assert index_exists(data_dir)
    raw = orjson.loads((root / "gen-1" / MANIFEST).read_bytes())
    assert raw["schema_version"] == SCHEMA_VERSION
    assert raw["applied_seq"] == 2
    assert raw["vocabulary_version"] is None
    assert raw["built_at"].endswith("+00:00")
    opened = open_index(data_dir)
    assert opened.generation == "gen-1"
    assert opened.searcher().num_docs == 2
    assert matching(opened.searcher(), opened.schema, "f_phase", "PHASE2") == ["NCT90000002"]


def test_an_empty_store_gives_an_empty_index(index_store: Store, data_dir: Path) -> None:
    info = build_index(index_store, data_dir)
    assert info.studies == 0
    assert open_index(data_dir).searcher().num_docs == 0


def test_no_index_is_reported_as_missing(data_dir: Path) -> None:
    assert not index_exists(data_dir)
    assert current_generation(data_dir) is None
    with pytest.raises(IndexMissing, match="trialbase reindex"):
        open_index(data_dir)


def test_reindex_swaps_while_an_old_reader_keeps_working(index_store: Store, data_dir: Path) -> None:
    write(index_store, full_study("NCT90000002"))
    build_index(index_store, data_dir)
    reader = open_index(data_dir)
    old_searcher = reader.searcher()
    write(index_store, changed(full_study("NCT90000002"), last_update="2024-10-10"), minimal_study())
    info = build_index(index_store, data_dir, grace_seconds=0)  # removes gen-1 at once
    assert info.generation == "gen-2"
    assert not (index_root(data_dir) / "gen-1").exists()
    # A searcher taken before the swap still answers from the old generation ...
    assert old_searcher.num_docs == 1
    assert matching(old_searcher, reader.schema, "f_status", "RECRUITING") == ["NCT90000002"]
    # ... and the next one comes from the new generation.
    assert reader.searcher().num_docs == 2
    assert reader.generation == "gen-2"
    assert matching(reader.searcher(), reader.schema, "f_status", "COMPLETED") == ["NCT90000002"]


def test_old_generations_wait_out_the_grace_period(index_store: Store, data_dir: Path) -> None:
    build_index(index_store, data_dir)
    build_index(index_store, data_dir)  # default grace: gen-1 stays for now
    root = index_root(data_dir)
    assert (root / "gen-1").exists()
    assert remove_old_generations(data_dir) == []
    past = time.time() - 3600
    os.utime(root / CURRENT, (past, past))
    assert remove_old_generations(data_dir) == ["gen-1"]
    assert sorted(path.name for path in root.iterdir() if path.name.startswith("gen-")) == ["gen-2"]


def test_an_unfinished_generation_is_removed_when_no_build_is_running(
    index_store: Store, data_dir: Path
) -> None:
    build_index(index_store, data_dir)
    crashed = index_root(data_dir) / "gen-7"
    crashed.mkdir()
    assert remove_old_generations(data_dir) == ["gen-7"]
    assert build_index(index_store, data_dir).generation == "gen-2"


def test_a_failed_build_leaves_the_current_index_alone(index_store: Store, data_dir: Path) -> None:
    write(index_store, minimal_study())
    build_index(index_store, data_dir)

    def fail(done: int, total: int) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        build_index(index_store, data_dir, progress=fail)
    assert current_generation(data_dir) == "gen-1"
    assert not (index_root(data_dir) / "gen-2").exists()
    assert open_index(data_dir).searcher().num_docs == 1


def test_an_index_of_another_schema_version_is_refused_with_a_way_out(
    index_store: Store, data_dir: Path
) -> None:
    build_index(index_store, data_dir)
    manifest_path = index_root(data_dir) / "gen-1" / MANIFEST
    raw = orjson.loads(manifest_path.read_bytes())
    manifest_path.write_bytes(orjson.dumps({**raw, "schema_version": SCHEMA_VERSION - 1}))
    with pytest.raises(IndexOutOfDate, match="run `trialbase reindex`"):
        open_index(data_dir)
    assert read_manifest(index_root(data_dir) / "gen-1").schema_version == SCHEMA_VERSION - 1
