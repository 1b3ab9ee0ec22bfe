"""``trialbase validate`` end to end: text and JSON reports, every input shape, exit statuses."""

from __future__ import annotations

import gzip
import json
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.domain.validation.studies import clean_study
from tests.factories import minimal_study
from trialbase.cli import cli

CENTRAL_EMAIL = "protocolSection.contactsLocationsModule.centralContacts[0].email"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["validate", *args], catch_exceptions=False)


def seed_path() -> Path:
    return Path(str(resources.files("trialbase.demo").joinpath("seed_NCT04822922.json")))


def test_the_seed_study_is_reported_with_path_severity_code_and_message_and_exits_1() -> None:
    result = run(str(seed_path()), "--today", "2026-01-15")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("NCT04822922  ")
    assert f"  error    email-format  {CENTRAL_EMAIL}" in lines
    assert any("'haili_17@126.cpm' is not a deliverable e-mail address" in line for line in lines)
    assert f"  warning  contact-contradicts-site  {CENTRAL_EMAIL}" in lines
    assert lines[-1].startswith("1 study checked (as of 2026-01-15), 1 with findings: 1 error, ")


def test_json_output_for_machines(tmp_path: Path) -> None:
    path = tmp_path / "studies.jsonl"
    path.write_text(
        json.dumps(clean_study("NCT90000002")) + "\n" + json.dumps(minimal_study("NCT90000003")) + "\n"
    )
    result = run("--json", "--today", "2025-01-15", str(path))
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["summary"]["studies"] == 2
    clean, minimal = payload["studies"]
    assert clean == {
        "nctId": "NCT90000002",
        "location": {"file": str(path), "member": None, "line": 1, "record": None},
        "readable": True,
        "findings": [],
    }
    assert minimal["nctId"] == "NCT90000003"
    assert {"path", "code", "severity", "message"} == set(minimal["findings"][0])
    assert payload["summary"]["errors"] == sum(f["severity"] == "error" for f in minimal["findings"])


def test_only_warnings_exit_0(tmp_path: Path) -> None:
    document = clean_study()
    document["protocolSection"]["statusModule"]["startDateStruct"] = {"date": "2023-03", "type": "ACTUAL"}
    document["protocolSection"]["statusModule"]["primaryCompletionDateStruct"]["date"] = "2024-12"
    path = tmp_path / "study.json"
    path.write_text(json.dumps(document))
    result = run("--today", "2025-01-15", str(path))
    assert result.exit_code == 0
    assert (
        "  warning  estimated-date-passed  protocolSection.statusModule.primaryCompletionDateStruct.date"
        in (result.stdout)
    )
    assert run("--today", "2025-01-15", "--json", str(path)).exit_code == 0


def test_archives_pages_and_legacy_xml_are_read_like_the_importer_reads_them(tmp_path: Path) -> None:
    page = {"studies": [clean_study("NCT90000004")], "nextPageToken": None}
    archive = tmp_path / "bulk.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("NCT90000005.json", json.dumps(clean_study("NCT90000005")))
    (tmp_path / "page.json.gz").write_bytes(gzip.compress(json.dumps(page).encode()))
    (tmp_path / "NCT90000006.xml").write_text(
        "<clinical_study><id_info><nct_id>NCT90000006</nct_id></id_info>"
        "<brief_title>Legacy</brief_title><overall_status>Recruiting</overall_status>"
        "<study_type>Interventional</study_type></clinical_study>"
    )
    result = run("--json", "--today", "2025-01-15", str(tmp_path))
    studies = {study["nctId"]: study for study in json.loads(result.stdout)["studies"]}
    assert set(studies) == {"NCT90000004", "NCT90000005", "NCT90000006"}
    assert studies["NCT90000004"]["findings"] == studies["NCT90000005"]["findings"] == []
    legacy_codes = {finding["code"] for finding in studies["NCT90000006"]["findings"]}
    assert "required-field" in legacy_codes
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", "empty-input"), (b"not a study", "unknown-format"), (b'{"protocolSection": 5}', "wrong-type")],
)
def test_unreadable_or_malformed_input_is_an_error_finding_not_a_traceback(
    tmp_path: Path, content: bytes, code: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = run("--json", str(path))
    assert result.exit_code == 1
    findings: list[dict[str, Any]] = json.loads(result.stdout)["studies"][0]["findings"]
    assert code in {finding["code"] for finding in findings}


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run().exit_code == 2
    bad_day = run("--today", "15/01/2025", str(tmp_path))
    assert bad_day.exit_code == 2
    assert "'15/01/2025' is not a date (expected yyyy-MM-dd)" in bad_day.stderr


def test_a_missing_path_is_reported() -> None:
    result = run("/no/such/file.json")
    assert result.exit_code == 1
    assert "not-found" in result.stdout
