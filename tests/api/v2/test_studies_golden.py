"""Golden responses: the exact bytes of a few ``/api/v2/studies`` answers, JSON and CSV.

They pin the shapes clients depend on (key order, which keys appear on which page, CSV cells and
quoting). The golden files are made from the factory corpus (``studies_corpus.py``), never from
real records. After an intended change, regenerate them and review the diff:

    TRIALBASE_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/api/v2/test_studies_golden.py
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest

from tests.api.v2.studies_corpus import served_corpus

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("TRIALBASE_REGENERATE_GOLDEN") == "1"

CASES = {
    "page_first.json": ("/api/v2/studies", {"pageSize": 2, "countTotal": "true", "sort": "EnrollmentCount"}),
    "page_fields.json": (
        "/api/v2/studies",
        {
            "fields": "NCTId,OverallStatus,LocationSearch,HasResults",
            "filter.overallStatus": "RECRUITING|COMPLETED",
        },
    ),
    "study_full.json": ("/api/v2/studies/NCT90000003", {}),
    "study_legacy.json": (
        "/api/v2/studies/NCT90000003",
        {"markupFormat": "legacy", "fields": "DescriptionModule"},
    ),
    "page.csv": ("/api/v2/studies", {"format": "csv", "filter.ids": "NCT90000002,NCT90000003,NCT90000004"}),
    "study.csv": ("/api/v2/studies/NCT90000003", {"format": "csv"}),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    with served_corpus(tmp_path_factory.mktemp("golden")) as (http, _services):
        yield http


def _readable(name: str, content: bytes) -> bytes:
    """JSON goldens are stored indented (key order kept) so a diff reads well."""
    if name.endswith(".json"):
        return orjson.dumps(orjson.loads(content), option=orjson.OPT_INDENT_2) + b"\n"
    return content


@pytest.mark.parametrize("name", sorted(CASES))
def test_response_matches_its_golden_file(client: httpx.Client, name: str) -> None:
    path, params = CASES[name]
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    actual = _readable(name, response.content)
    golden = GOLDEN / name
    if REGENERATE:
        golden.write_bytes(actual)
    assert golden.exists(), f"no golden file {golden}: regenerate (see this module's docstring)"
    assert actual == golden.read_bytes()
    if name.endswith(".json"):  # the indented golden keeps the served key order
        assert list(orjson.loads(golden.read_bytes())) == list(orjson.loads(response.content))
