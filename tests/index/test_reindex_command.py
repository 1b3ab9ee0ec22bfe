"""``trialbase reindex`` and the imports that keep an existing index current, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
from click.testing import CliRunner, Result

from tests.factories import changed, full_study, minimal_study
from tests.index.conftest import matching
from trialbase.cli import cli
from trialbase.index.index_dir import MANIFEST, current_generation, index_root, open_index
from trialbase.index.schema import SCHEMA_VERSION


def run(sqlite_url: str, data_dir: Path, *args: str) -> Result:
    env = {"TRIALBASE_DATABASE_URL": sqlite_url, "TRIALBASE_DATA_DIR": str(data_dir)}
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def jsonl(path: Path, documents: list[Any]) -> Path:
    path.write_text("".join(json.dumps(document) + "\n" for document in documents))
    return path


def test_reindex_builds_a_generation_and_says_so(sqlite_url: str, data_dir: Path, tmp_path: Path) -> None:
    studies = jsonl(tmp_path / "a.jsonl", [minimal_study(), full_study()])
    assert run(sqlite_url, data_dir, "import", "--quiet", str(studies)).exit_code == 0
    assert current_generation(data_dir) is None  # importing alone never creates an index
    result = run(sqlite_url, data_dir, "reindex", "--quiet")
    assert result.exit_code == 0
    assert result.stdout.startswith("indexed 2 studies in ")
    assert "into gen-1 (" in result.stdout
    again = run(sqlite_url, data_dir, "reindex", "--quiet")
    assert "into gen-2 (" in again.stdout
    reader = open_index(data_dir)
    assert reader.generation == "gen-2"
    assert reader.searcher().num_docs == 2


def test_reindex_shows_progress_unless_quiet(sqlite_url: str, data_dir: Path, tmp_path: Path) -> None:
    run(sqlite_url, data_dir, "import", "--quiet", str(jsonl(tmp_path / "a.jsonl", [minimal_study()])))
    result = run(sqlite_url, data_dir, "reindex")
    assert "indexing" in result.stderr
    assert "read 1" in result.stderr


def test_imports_keep_an_existing_index_current(sqlite_url: str, data_dir: Path, tmp_path: Path) -> None:
    run(sqlite_url, data_dir, "import", "--quiet", str(jsonl(tmp_path / "a.jsonl", [full_study()])))
    run(sqlite_url, data_dir, "reindex", "--quiet")
    later = jsonl(
        tmp_path / "b.jsonl", [changed(full_study(), last_update="2024-10-10"), minimal_study("NCT90000001")]
    )
    result = run(sqlite_url, data_dir, "import", "--quiet", str(later))
    assert result.stdout.splitlines()[-1] == "read 2  new 1  updated 1  unchanged 0  rejected 0"
    reader = open_index(data_dir)
    searcher = reader.searcher()
    assert searcher.num_docs == 2
    assert matching(searcher, reader.schema, "f_status", "COMPLETED") == ["NCT90000002"]
    manifest = orjson.loads((index_root(data_dir) / "gen-1" / MANIFEST).read_bytes())
    assert manifest["applied_seq"] == 3


def test_demo_load_keeps_an_existing_index_current(sqlite_url: str, data_dir: Path) -> None:
    run(sqlite_url, data_dir, "reindex", "--quiet")
    result = run(sqlite_url, data_dir, "demo", "load", "--synthetic", "3", "--updates", "0")
    assert result.exit_code == 0
    assert open_index(data_dir).searcher().num_docs == 4  # the seed study and three synthetic ones


def test_an_out_of_date_index_is_left_alone_with_a_note(
    sqlite_url: str, data_dir: Path, tmp_path: Path
) -> None:
    run(sqlite_url, data_dir, "reindex", "--quiet")
    manifest_path = index_root(data_dir) / "gen-1" / MANIFEST
    raw = orjson.loads(manifest_path.read_bytes())
    manifest_path.write_bytes(orjson.dumps({**raw, "schema_version": SCHEMA_VERSION - 1}))
    result = run(
        sqlite_url, data_dir, "import", "--quiet", str(jsonl(tmp_path / "a.jsonl", [minimal_study()]))
    )
    assert result.exit_code == 0
    assert "run `trialbase reindex`" in result.stderr
    assert orjson.loads(manifest_path.read_bytes())["applied_seq"] == 0
