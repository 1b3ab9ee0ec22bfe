"""``trialbase search`` through the CLI: text and JSON output, errors with their column."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from tests.search.conftest import STUDIES
from trialbase.cli import cli
from trialbase.store import Store, prepare_study


def run(data_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["search", *args], env={"TRIALBASE_DATA_DIR": str(data_dir)})


def test_search_builds_the_index_on_first_use_and_prints_hits_and_facets(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'trialbase.sqlite'}")
    store.write_batch([prepare_study(document) for document in STUDIES])
    store.close()
    result = run(tmp_path, "--cond", "heart failure", "--explain")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith("studies")
    assert "NCT90000003  Exercise for Heart Failure  [TERMINATED]" in result.stdout
    assert "Condition: Heart Failure" in result.stdout
    assert "Recruitment status:" in result.stdout
    as_json = json.loads(
        run(tmp_path, "--cond", "heart failure", "--json", "--geo", "distance(40.71,-74.0,10mi)").stdout
    )
    assert [hit["nctId"] for hit in as_json["hits"]] == ["NCT90000003"]
    assert as_json["hits"][0]["nearestSite"]["locationIndex"] == 0
    assert as_json["total"] == 1


def test_a_syntax_error_names_the_parameter_and_column(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'trialbase.sqlite'}")
    store.write_batch([prepare_study(STUDIES[0])])
    store.close()
    result = run(tmp_path, "--term", "heart AND (attack")
    assert result.exit_code == 1
    assert "in query.term, at column" in result.stderr
    assert 'expected a closing ")"' in result.stderr
