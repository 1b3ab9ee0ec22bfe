"""How a study document is kept in a row: compact JSON, zstd-compressed, with a content hash.

The JSON keeps the document's key order, so reading a version back gives the same document.
The content hash leaves out ``derivedSection.miscInfoModule.versionHolder`` — the date of the
ClinicalTrials.gov data snapshot, not part of the record — so loading a newer snapshot of an
unchanged study is a no-op rather than a new version (docs/decisions/0002-content-hash.md).
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
import zstandard

_LEVEL = 3


def to_json(document: dict[str, Any]) -> bytes:
    return orjson.dumps(document)


def content_hash(document: dict[str, Any], json_bytes: bytes | None = None) -> bytes:
    """SHA-256 of the compact JSON, leaving out the snapshot date."""
    misc = document.get("derivedSection", {}).get("miscInfoModule")
    if isinstance(misc, dict) and "versionHolder" in misc:
        derived = dict(document["derivedSection"])
        derived["miscInfoModule"] = {key: value for key, value in misc.items() if key != "versionHolder"}
        json_bytes = orjson.dumps({**document, "derivedSection": derived})
    elif json_bytes is None:
        json_bytes = orjson.dumps(document)
    return hashlib.sha256(json_bytes).digest()


def compress(json_bytes: bytes) -> bytes:
    return zstandard.ZstdCompressor(level=_LEVEL).compress(json_bytes)


def decompress(blob: bytes) -> bytes:
    return zstandard.ZstdDecompressor().decompress(blob)


def from_blob(blob: bytes) -> dict[str, Any]:
    document = orjson.loads(decompress(blob))
    assert isinstance(document, dict)
    return document
