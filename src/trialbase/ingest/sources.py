"""Finding the studies in whatever paths ``trialbase import`` is given.

The format is detected from the content, not trusted from the name: gzip, zip and tar archives
are opened (a zip of ``NCT*.json`` is the website's bulk download, a tar or folder of
``NCT0000xxxx/NCT00000102.xml`` is the old AllPublicXML layout); inside, JSON is read as v2 JSON in
any of its shapes and ``<clinical_study>`` XML is converted from the legacy format; a folder of
AACT tables is read as partial studies. A damaged archive yields what can be read before the
damage and one record that says where it broke.
"""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from trialbase.domain.issue import Issue
from trialbase.ingest.gzip_stream import TolerantGzipReader
from trialbase.ingest.record import RecordLocation, SourceRecord
from trialbase.ingest.v2_json import read_v2_json
from trialbase.ingest.zip_recovery import recover_zip_members

_GZIP = b"\x1f\x8b"
_ZIP = b"PK\x03\x04"
_STUDY_SUFFIXES = (".json", ".jsonl", ".ndjson", ".xml", ".gz", ".zip", ".tar", ".tgz")


@dataclass
class ReadProgress:
    """How far the readers have got, in bytes of the input files (for progress bars)."""

    total_bytes: int = 0
    done_bytes: int = 0
    skipped: list[str] = field(default_factory=list)


class _CountingReader(io.RawIOBase):
    """A file wrapper that adds every byte read to ``ReadProgress.done_bytes``."""

    def __init__(self, raw: IO[bytes], progress: ReadProgress) -> None:
        self._raw = raw
        self._progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self._progress.done_bytes += len(data)
        return len(data)

    def seekable(self) -> bool:
        return self._raw.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()


def read_paths(paths: Sequence[Path], progress: ReadProgress | None = None) -> Iterator[SourceRecord]:
    """Every study record in the given files and folders, in a stable order."""
    progress = progress if progress is not None else ReadProgress()
    files: list[tuple[Path, str | None]] = []  # (path, kind) where kind "aact" marks a table folder
    for path in paths:
        if not path.exists():
            yield _failure(RecordLocation(str(path)), "not-found", "no such file or folder")
            continue
        files.extend(_expand(path, progress))
    progress.total_bytes = sum(_size(path) for path, _ in files)
    for path, kind in files:
        if kind == "aact":
            yield from _read_aact(path, progress)
        else:
            yield from _read_file(path, progress)


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(child.stat().st_size for child in path.iterdir() if child.is_file())
    return path.stat().st_size


def _expand(path: Path, progress: ReadProgress) -> Iterator[tuple[Path, str | None]]:
    if path.is_file():
        yield path, None
        return
    if _is_aact(path):
        yield path, "aact"
        return
    for root, directories, names in os.walk(path):
        directories[:] = sorted(name for name in directories if not name.startswith("."))
        here = Path(root)
        if here != path and _is_aact(here):
            directories[:] = []
            yield here, "aact"
            continue
        for name in sorted(names):
            if name.startswith("."):
                continue
            if name.lower().endswith(_STUDY_SUFFIXES):
                yield here / name, None
            else:
                progress.skipped.append(str(here / name))


def _is_aact(path: Path) -> bool:
    from trialbase.ingest.aact import is_aact_directory

    return bool(is_aact_directory(path))


def _read_aact(path: Path, progress: ReadProgress) -> Iterator[SourceRecord]:
    from trialbase.ingest.aact import read_aact_directory

    yield from read_aact_directory(path)
    progress.done_bytes += _size(path)


def _read_file(path: Path, progress: ReadProgress) -> Iterator[SourceRecord]:
    name = str(path)
    try:
        raw = path.open("rb")
    except OSError as error:
        yield _failure(RecordLocation(name), "unreadable", f"cannot open the file: {error.strerror}")
        return
    with raw:
        counted = io.BufferedReader(_CountingReader(raw, progress), buffer_size=1 << 20)
        head = counted.peek(512)[:512]
        if head.startswith(_ZIP) or (path.suffix.lower() == ".zip"):
            yield from _read_zip(counted, name)
        elif head.startswith(_GZIP):
            yield from _read_gzip(counted, name)
        elif _is_tar(head, counted):
            yield from _read_tar(counted, name)
        else:
            yield from _read_content(counted, name, None)


def _is_tar(head: bytes, stream: io.BufferedReader[Any]) -> bool:
    block = stream.peek(265)[:265]
    return len(block) >= 262 and block[257:262] == b"ustar"


def _read_gzip(stream: IO[bytes], name: str) -> Iterator[SourceRecord]:
    buffered = io.BufferedReader(TolerantGzipReader(stream), buffer_size=1 << 16)
    try:
        head = buffered.peek(512)[:512]
        if len(head) >= 262 and buffered.peek(265)[257:262] == b"ustar":
            yield from _read_tar(buffered, name)
        else:
            yield from _read_content(buffered, name, None)
    except (EOFError, zlib.error, OSError) as error:
        yield _failure(
            RecordLocation(name),
            "damaged-archive",
            f"{error}; the studies before the damage were read",
        )


def _read_tar(stream: IO[bytes], name: str) -> Iterator[SourceRecord]:
    try:
        archive = tarfile.open(fileobj=stream, mode="r|*")  # noqa: SIM115 - closed with the stream
        for member in archive:
            if not member.isfile() or Path(member.name).name.startswith("."):
                continue
            if not member.name.lower().endswith(_STUDY_SUFFIXES):
                continue
            extracted = archive.extractfile(member)
            if extracted is None:
                continue
            data = extracted.read()
            yield from _read_member(data, name, member.name)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        yield _failure(
            RecordLocation(name),
            "damaged-archive",
            f"the tar archive is damaged or truncated ({error}); the studies before the damage were read",
        )


def _read_zip(stream: IO[bytes], name: str) -> Iterator[SourceRecord]:
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile as error:
        stream.seek(0)
        yield from _recover_zip(stream.read(), name, str(error))
        return
    with archive:
        for info in sorted(archive.infolist(), key=lambda item: item.filename):
            if info.is_dir() or Path(info.filename).name.startswith("."):
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError) as error:
                location = RecordLocation(name, info.filename)
                yield _failure(location, "damaged-archive", f"this archive member is damaged ({error})")
                continue
            yield from _read_member(data, name, info.filename)


def _recover_zip(data: bytes, name: str, reason: str) -> Iterator[SourceRecord]:
    recovered = 0
    for member, payload in recover_zip_members(data):
        recovered += 1
        yield from _read_member(payload, name, member)
    yield _failure(
        RecordLocation(name),
        "damaged-archive",
        f"the zip archive is truncated or damaged ({reason}); "
        f"{recovered} member(s) before the damage were read",
    )


def _read_member(data: bytes, name: str, member: str) -> Iterator[SourceRecord]:
    if data.startswith(_GZIP):
        try:
            data = gzip.decompress(data)
        except (EOFError, gzip.BadGzipFile, zlib.error) as error:
            yield _failure(RecordLocation(name, member), "damaged-archive", f"damaged gzip member ({error})")
            return
    yield from _read_content(io.BufferedReader(io.BytesIO(data)), name, member)


def _read_content(stream: io.BufferedReader[Any], name: str, member: str | None) -> Iterator[SourceRecord]:
    head = stream.peek(64)[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        yield _read_xml(stream.read(), name, member)
    elif head.startswith((b"{", b"[")):
        yield from read_v2_json(stream, name, member)
    elif not head:
        yield _failure(RecordLocation(name, member), "empty-input", "the file is empty")
    else:
        yield _failure(
            RecordLocation(name, member),
            "unknown-format",
            "not a study file: expected ClinicalTrials.gov v2 JSON "
            "(one study, an array, a page or JSON Lines), legacy XML (<clinical_study>), "
            "or a zip, tar or gzip of those",
        )


def _read_xml(data: bytes, name: str, member: str | None) -> SourceRecord:
    from trialbase.ingest.legacy_xml import convert_clinical_study

    result = convert_clinical_study(data)
    return SourceRecord(
        location=RecordLocation(name, member),
        document=result.document,
        nct_id=result.nct_id,
        issues=tuple(result.issues),
        provenance=dict(result.provenance),
    )


def _failure(location: RecordLocation, code: str, message: str) -> SourceRecord:
    return SourceRecord(location=location, document=None, issues=(Issue("", code, message),))
