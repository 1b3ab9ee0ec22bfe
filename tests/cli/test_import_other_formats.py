"""``trialbase import`` for legacy XML and AACT inputs, including the whole real samples."""

from __future__ import annotations

import io
import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.cli.test_import_command import run, stored_ids
from tests.shared_data import AACT_DIR, LEGACY_XML, shared_path
from trialbase.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_an_xml_record_with_a_bad_date_is_rejected_and_the_others_land(
    database_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "AllPublicXML" / "NCT9999xxxx"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "legacy_xml" / "protocol.xml", folder / "NCT99990001.xml")
    shutil.copy(FIXTURES / "legacy_xml" / "bad_dates.xml", folder / "NCT99990004.xml")
    shutil.copy(FIXTURES / "legacy_xml" / "results.xml", folder / "NCT99990002.xml")
    result = run(database_url, "import", "--quiet", str(tmp_path / "AllPublicXML"))
    assert result.exit_code == 1
    assert "read 3  new 2  updated 0  unchanged 0  rejected 1" in result.stdout
    assert f"rejected {folder / 'NCT99990004.xml'} NCT99990004:" in result.stderr
    assert "  clinical_study/start_date: 'Sometime in 2020' is not a date" in result.stderr
    assert "day 30 does not exist in 2021-02" in result.stderr
    assert len(stored_ids(database_url)) == 2


def test_xml_inside_zip_and_tar_archives(sqlite_url: str, tmp_path: Path) -> None:
    data = (FIXTURES / "legacy_xml" / "protocol.xml").read_bytes()
    zipped = tmp_path / "xml.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("NCT9999xxxx/NCT99990001.xml", data)
    tarred = tmp_path / "xml.tar"
    with tarfile.open(tarred, "w") as archive:
        info = tarfile.TarInfo("NCT9999xxxx/NCT99990001.xml")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    first = run(sqlite_url, "import", "--quiet", str(zipped))
    assert first.stdout.splitlines()[-1] == "read 1  new 1  updated 0  unchanged 0  rejected 0"
    second = run(sqlite_url, "import", "--quiet", str(tarred))
    assert second.stdout.splitlines()[-1] == "read 1  new 0  updated 0  unchanged 1  rejected 0"
    store = Store.open(sqlite_url)
    try:
        stored = store.current(stored_ids(sqlite_url)[0])
        assert stored is not None
        assert stored.provenance["format"] == "legacy-xml"
    finally:
        store.close()


def test_an_aact_folder_imports_as_partial_studies(sqlite_url: str) -> None:
    result = run(sqlite_url, "import", "--quiet", str(FIXTURES / "aact"))
    assert result.exit_code == 0, result.stderr
    assert "rejected 0" in result.stdout
    ids = stored_ids(sqlite_url)
    assert ids
    store = Store.open(sqlite_url)
    try:
        stored = store.current(ids[0])
        assert stored is not None
        assert stored.provenance == {"format": "aact", "partial": True}
    finally:
        store.close()


@pytest.mark.slow
@pytest.mark.shared_data
def test_all_real_legacy_xml_records_import_with_none_rejected(database_url: str) -> None:
    result = run(database_url, "import", "--quiet", str(shared_path(LEGACY_XML)))
    assert result.exit_code == 0, result.stderr[-2000:]
    assert result.stdout.splitlines()[-1] == "read 6,036  new 6,036  updated 0  unchanged 0  rejected 0"


@pytest.mark.slow
@pytest.mark.shared_data
def test_all_real_aact_studies_import_with_none_rejected(sqlite_url: str) -> None:
    result = run(sqlite_url, "import", "--quiet", str(shared_path(AACT_DIR)))
    assert result.exit_code == 0, result.stderr[-2000:]
    assert result.stdout.splitlines()[-1] == "read 42,218  new 42,218  updated 0  unchanged 0  rejected 0"
