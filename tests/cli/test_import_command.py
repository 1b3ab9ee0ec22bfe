"""``trialbase import`` end to end: counts, rejections with their whereabouts, reports, re-runs.

Each corrupted-input case shows the message people get and that nothing else was lost.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.factories import changed, full_study, minimal_study
from trialbase.cli import cli
from trialbase.store import Store


def run(database_url: str, *args: str) -> Result:
    runner = CliRunner()
    return runner.invoke(
        cli, list(args), env={"TRIALBASE_DATABASE_URL": database_url}, catch_exceptions=False
    )


def stored_ids(database_url: str) -> list[str]:
    store = Store.open(database_url)
    try:
        return [item.nct_id for item in store.iter_current()]
    finally:
        store.close()


def jsonl(path: Path, documents: list[Any]) -> Path:
    path.write_text("".join(json.dumps(document) + "\n" for document in documents))
    return path


def test_import_prints_counts_and_rerunning_is_a_no_op(database_url: str, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "studies.jsonl", [minimal_study(f"NCT9000000{n}") for n in range(1, 4)])
    first = run(database_url, "import", "--quiet", str(path))
    assert first.exit_code == 0
    assert first.stdout.splitlines()[-1] == "read 3  new 3  updated 0  unchanged 0  rejected 0"
    second = run(database_url, "import", "--quiet", str(path))
    assert second.stdout.splitlines()[-1] == "read 3  new 0  updated 0  unchanged 3  rejected 0"
    assert stored_ids(database_url) == ["NCT90000001", "NCT90000002", "NCT90000003"]


def test_a_changed_document_is_counted_as_an_updated_version(database_url: str, tmp_path: Path) -> None:
    run(database_url, "import", "--quiet", str(jsonl(tmp_path / "a.jsonl", [full_study()])))
    later = jsonl(tmp_path / "b.jsonl", [changed(full_study(), last_update="2024-10-10")])
    result = run(database_url, "import", "--quiet", str(later))
    assert result.stdout.splitlines()[-1] == "read 1  new 0  updated 1  unchanged 0  rejected 0"
    history = run(database_url, "history", "NCT90000002")
    assert [line.split("  ")[0] for line in history.stdout.splitlines()] == ["version 1", "version 2"]


def test_an_invalid_json_line_is_rejected_and_the_rest_lands(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "studies.jsonl"
    lines = [json.dumps(minimal_study(f"NCT9000000{n}")) for n in range(1, 4)]
    lines[1] = lines[1][:-5]
    path.write_text("\n".join(lines) + "\n")
    result = run(database_url, "import", "--quiet", str(path))
    assert result.exit_code == 1
    assert "read 3  new 2  updated 0  unchanged 0  rejected 1" in result.stdout
    assert f"rejected {path}:2 NCT90000002:" in result.stderr
    assert "not valid JSON at column" in result.stderr
    assert stored_ids(database_url) == ["NCT90000001", "NCT90000003"]


def test_an_unknown_status_value_is_rejected_with_its_field_path(database_url: str, tmp_path: Path) -> None:
    bad = minimal_study("NCT90000002")
    bad["protocolSection"]["statusModule"]["overallStatus"] = "Recruiting"
    path = jsonl(
        tmp_path / "studies.jsonl", [minimal_study("NCT90000001"), bad, minimal_study("NCT90000003")]
    )
    result = run(database_url, "import", "--quiet", str(path))
    assert result.exit_code == 1
    assert f"rejected {path}:2 NCT90000002:" in result.stderr
    assert (
        "  protocolSection.statusModule.overallStatus: 'Recruiting' is not a Status value "
        "(expected one of ACTIVE_NOT_RECRUITING, COMPLETED," in result.stderr
    )
    assert "did you mean RECRUITING? [unknown-enum-value]" in result.stderr
    assert stored_ids(database_url) == ["NCT90000001", "NCT90000003"]


def test_a_bad_date_is_rejected_with_its_field_path(database_url: str, tmp_path: Path) -> None:
    bad = full_study("NCT90000002")
    bad["protocolSection"]["statusModule"]["startDateStruct"]["date"] = "2023-02-30"
    path = jsonl(tmp_path / "studies.jsonl", [minimal_study("NCT90000001"), bad])
    result = run(database_url, "import", "--quiet", str(path))
    assert result.exit_code == 1
    assert (
        "protocolSection.statusModule.startDateStruct.date: '2023-02-30' is not a valid date: "
        "day 30 does not exist in 2023-02 [bad-date]" in result.stderr
    )
    assert stored_ids(database_url) == ["NCT90000001"]


def test_a_duplicate_nct_id_in_one_batch_is_rejected(database_url: str, tmp_path: Path) -> None:
    first = minimal_study("NCT90000001")
    second = minimal_study("NCT90000001")
    second["protocolSection"]["identificationModule"]["briefTitle"] = "Another title"
    path = jsonl(tmp_path / "studies.jsonl", [first, minimal_study("NCT90000002"), second])
    result = run(database_url, "import", "--quiet", str(path))
    assert result.exit_code == 1
    assert (
        f"NCT90000001 appears more than once in this import; its first record is at {path}:1" in result.stderr
    )
    assert "read 3  new 2  updated 0  unchanged 0  rejected 1" in result.stdout
    store = Store.open(database_url)
    try:
        current = store.current("NCT90000001")
        assert current is not None
        assert current.document == first
    finally:
        store.close()


def test_a_truncated_zip_lands_what_came_before_the_damage(database_url: str, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(1, 6):
            archive.writestr(f"NCT9000000{number}.json", json.dumps(full_study(f"NCT9000000{number}")))
    data = buffer.getvalue()
    cut = tmp_path / "ctg-studies.zip"
    cut.write_bytes(data[: int(len(data) * 0.75)])
    other = jsonl(tmp_path / "other.jsonl", [minimal_study("NCT90000009")])
    result = run(database_url, "import", "--quiet", str(cut), str(other))
    assert result.exit_code == 1
    assert f"rejected {cut}:" in result.stderr
    assert "the zip archive is truncated or damaged" in result.stderr
    landed = stored_ids(database_url)
    assert "NCT90000009" in landed
    assert "NCT90000001" in landed
    assert len(landed) < 6


def test_the_report_lists_every_rejection_with_location_and_issues(database_url: str, tmp_path: Path) -> None:
    bad = minimal_study("NCT90000002")
    bad["protocolSection"]["statusModule"]["overallStatus"] = 7
    path = jsonl(tmp_path / "studies.jsonl", [minimal_study("NCT90000001"), bad, "not a study"])
    report = tmp_path / "out" / "report.json"
    result = run(database_url, "import", "--quiet", "--report", str(report), str(path))
    assert result.exit_code == 1
    data = json.loads(report.read_text())
    assert {key: data[key] for key in ("read", "new", "rejected")} == {"read": 3, "new": 1, "rejected": 2}
    first, second = data["rejections"]
    assert first["location"] == {"file": str(path), "member": None, "line": 2, "record": None}
    assert first["nctId"] == "NCT90000002"
    assert first["issues"][0]["path"] == "protocolSection.statusModule.overallStatus"
    assert first["issues"][0]["code"] == "unknown-enum-value"
    assert second["issues"][0]["message"] == "a study must be a JSON object, got str"
    assert data["inputs"] == [str(path)]


def test_progress_is_printed_as_plain_lines_when_not_a_terminal(database_url: str, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "studies.jsonl", [minimal_study(f"NCT9000000{n}") for n in range(1, 4)])
    result = run(database_url, "import", str(path))
    progress_lines = [line for line in result.stderr.splitlines() if line.startswith("importing")]
    assert progress_lines
    assert "100.0%" in progress_lines[-1]
    assert "read 3, new 3" in progress_lines[-1]
    assert "\r" not in result.stderr


@pytest.mark.parametrize("name", ["import", "sync", "show", "history", "serve", "demo", "db", "settings"])
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output
