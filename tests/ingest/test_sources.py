"""Format detection and reading: every shape of v2 JSON, archives, and damaged inputs."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.factories import full_study, minimal_study
from trialbase.ingest.record import SourceRecord
from trialbase.ingest.sources import ReadProgress, read_paths


def studies(count: int, start: int = 1) -> list[dict[str, Any]]:
    return [minimal_study(f"NCT9{number:07d}") for number in range(start, start + count)]


def read(*paths: Path) -> list[SourceRecord]:
    return list(read_paths(list(paths)))


def ids(records: list[SourceRecord]) -> list[str | None]:
    return [record.nct_id for record in records]


def issue_codes(records: list[SourceRecord]) -> list[str]:
    return [issue.code for record in records for issue in record.issues]


def test_one_study_object(tmp_path: Path) -> None:
    path = tmp_path / "NCT90000002.json"
    path.write_text(json.dumps(full_study(), indent=2))
    [record] = read(path)
    assert record.document == full_study()
    assert list(record.document) == list(full_study())  # key order kept
    assert record.nct_id == "NCT90000002"
    assert record.provenance == {"format": "v2-json"}
    assert str(record.location) == str(path)


def test_a_json_array(tmp_path: Path) -> None:
    path = tmp_path / "studies.json"
    path.write_text(json.dumps(studies(3)))
    records = read(path)
    assert ids(records) == ["NCT90000001", "NCT90000002", "NCT90000003"]
    assert [record.location.record for record in records] == [0, 1, 2]


def test_an_api_page(tmp_path: Path) -> None:
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"totalCount": 2, "studies": studies(2), "nextPageToken": "abc"}))
    assert ids(read(path)) == ["NCT90000001", "NCT90000002"]


def test_json_lines_with_a_blank_line(tmp_path: Path) -> None:
    path = tmp_path / "studies.jsonl"
    lines = [json.dumps(document) for document in studies(3)]
    path.write_text(lines[0] + "\n\n" + lines[1] + "\n" + lines[2] + "\n")
    records = read(path)
    assert ids(records) == ["NCT90000001", "NCT90000002", "NCT90000003"]
    assert [record.location.line for record in records] == [1, 3, 4]


def test_gzip_is_detected_from_content_not_name(tmp_path: Path) -> None:
    path = tmp_path / "studies.data"
    path.write_bytes(gzip.compress("\n".join(json.dumps(d) for d in studies(2)).encode()))
    assert ids(read(path)) == ["NCT90000001", "NCT90000002"]


def test_the_websites_bulk_zip_of_one_file_per_study(tmp_path: Path) -> None:
    path = tmp_path / "ctg-studies.json.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for document in studies(3):
            nct_id = document["protocolSection"]["identificationModule"]["nctId"]
            archive.writestr(f"{nct_id}.json", json.dumps(document))
    records = read(path)
    assert ids(records) == ["NCT90000001", "NCT90000002", "NCT90000003"]
    assert records[0].location.member == "NCT90000001.json"
    assert str(records[0].location) == f"{path}!NCT90000001.json"


def test_a_tar_of_json_files_and_a_folder_tree(tmp_path: Path) -> None:
    tree = tmp_path / "tree" / "NCT9000xxxx"
    tree.mkdir(parents=True)
    for document in studies(2):
        nct_id = document["protocolSection"]["identificationModule"]["nctId"]
        (tree / f"{nct_id}.json").write_text(json.dumps(document))
    (tree / "Contents.txt").write_text("not a study")
    archive_path = tmp_path / "tree.tar.gz"
    with tarfile.open(archive_path, "w:gz") as archive:
        archive.add(tmp_path / "tree", arcname="tree")
    assert ids(read(archive_path)) == ["NCT90000001", "NCT90000002"]
    progress = ReadProgress()
    assert ids(list(read_paths([tmp_path / "tree"], progress))) == ["NCT90000001", "NCT90000002"]
    assert progress.skipped == [str(tree / "Contents.txt")]
    assert progress.done_bytes == progress.total_bytes > 0


def test_an_invalid_json_line_is_reported_and_the_others_still_read(tmp_path: Path) -> None:
    path = tmp_path / "studies.jsonl"
    good = [json.dumps(document) for document in studies(3)]
    broken = good[1][:-20]  # cut short
    path.write_text("\n".join([good[0], broken, good[2]]) + "\n")
    records = read(path)
    assert ids(records) == ["NCT90000001", "NCT90000002", "NCT90000003"]
    assert [record.readable for record in records] == [True, False, True]
    [issue] = records[1].issues
    assert issue.code == "malformed-json"
    assert issue.message.startswith("not valid JSON at column ")
    assert records[1].location.line == 2


def test_a_malformed_json_file_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "study.json"
    path.write_text(
        '{\n  "protocolSection": {\n    "identificationModule": {"nctId": "NCT90000001",}\n  }\n}\n'
    )
    [record] = read(path)
    assert record.document is None
    assert record.nct_id == "NCT90000001"
    assert "not valid JSON at line 3, column" in record.issues[0].message


def test_a_truncated_zip_yields_the_members_before_the_damage(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for document in studies(4):
            nct_id = document["protocolSection"]["identificationModule"]["nctId"]
            archive.writestr(f"{nct_id}.json", json.dumps(full_study(nct_id)))
    data = buffer.getvalue()
    path = tmp_path / "cut.zip"
    path.write_bytes(data[: int(len(data) * 0.7)])
    records = read(path)
    readable = [record for record in records if record.readable]
    assert 1 <= len(readable) < 4
    assert ids(readable) == [f"NCT9000000{n}" for n in range(1, len(readable) + 1)]
    assert records[-1].issues[0].code == "damaged-archive"
    assert f"{len(readable)} member(s) before the damage were read" in records[-1].issues[0].message


def test_a_truncated_gzip_yields_the_lines_before_the_damage(tmp_path: Path) -> None:
    lines = []
    for number in range(1, 201):
        document = full_study(f"NCT9{number:07d}")
        document["protocolSection"]["descriptionModule"]["briefSummary"] = f"Summary {number * 7919:x} " * 20
        lines.append(json.dumps(document))
    data = gzip.compress("\n".join(lines).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    records = read(path)
    readable = [record for record in records if record.readable]
    assert 50 < len(readable) < 200
    assert ids(readable) == [f"NCT9{number:07d}" for number in range(1, len(readable) + 1)]
    last = records[-1].issues[0]
    assert last.code == "damaged-archive"
    assert last.message == (
        "the gzip stream ends before its end marker (the file is truncated); "
        "the studies before the damage were read"
    )


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", "empty-input"), (b"   \n", "empty-input"), (b"hello world", "unknown-format")],
)
def test_empty_or_unknown_files_are_reported(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "input.json"
    path.write_bytes(content)
    assert issue_codes(read(path)) == [code]


def test_a_missing_path_is_reported(tmp_path: Path) -> None:
    [record] = read(tmp_path / "nope.json")
    assert record.issues[0].code == "not-found"


def test_a_non_object_in_an_array_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "studies.json"
    path.write_text(json.dumps([minimal_study(), 42, None]))
    records = read(path)
    assert [record.readable for record in records] == [True, False, False]
    assert records[1].issues[0].message == "a study must be a JSON object, got int"
    assert records[2].location.record == 2


def test_a_byte_order_mark_is_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(minimal_study()).encode())
    [record] = read(path)
    assert record.nct_id == "NCT90000001"
