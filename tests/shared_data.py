"""Access to the real ClinicalTrials.gov data in ``../shared`` (never copied into the repository).

Tests that need it call ``shared_path(...)``, which skips the test with a clear reason when the
folder is absent, as it is on an end user's machine.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

SHARED = Path(os.environ.get("TRIALBASE_SHARED_DIR", Path(__file__).resolve().parents[1].parent / "shared"))
V2_STUDIES = "data/ctgov-v2/studies.jsonl.gz"
LEGACY_XML = "data/ctgov-xml/studies-xml.tar.gz"
AACT_DIR = "data/aact-2022-oncology"


def shared_path(relative: str) -> Path:
    """The path of a file in ../shared, or skip the calling test if it is not there."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"needs the shared reference data at {path} (absent on this machine)")
    return path


def v2_lines() -> list[bytes]:
    """The raw lines of the real v2 studies file, exactly as ClinicalTrials.gov returned them."""
    with gzip.open(shared_path(V2_STUDIES), "rb") as handle:
        return handle.read().splitlines()


def v2_documents() -> Iterator[dict[str, Any]]:
    for line in v2_lines():
        yield orjson.loads(line)
