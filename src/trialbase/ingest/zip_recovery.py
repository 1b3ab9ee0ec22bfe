"""Reading what can still be read from a truncated zip archive.

A zip's directory sits at its end, so a download cut short cannot be opened by ``zipfile`` at all.
Every member is also preceded by a local header, though, so walking those from the start recovers
each member that arrived whole. Only stored and deflated members are recovered (what the
ClinicalTrials.gov bulk download uses).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

_LOCAL_HEADER = b"PK\x03\x04"
_HEADER = struct.Struct("<4sHHHHHIIIHH")
_DATA_DESCRIPTOR = b"PK\x07\x08"
_STORED, _DEFLATED = 0, 8


def recover_zip_members(data: bytes) -> Iterator[tuple[str, bytes]]:
    """(name, content) of each complete member, in archive order, up to the first damaged one."""
    offset = 0
    while data.startswith(_LOCAL_HEADER, offset) and offset + _HEADER.size <= len(data):
        fields = _HEADER.unpack_from(data, offset)
        flags, method, crc, compressed_size = fields[2], fields[3], fields[6], fields[7]
        name_length, extra_length = fields[9], fields[10]
        start = offset + _HEADER.size + name_length + extra_length
        if start > len(data):
            return
        name = data[offset + _HEADER.size : offset + _HEADER.size + name_length].decode("utf-8", "replace")
        has_descriptor = bool(flags & 0x08)
        if method == _DEFLATED:
            inflater = zlib.decompressobj(-15)
            try:
                content = inflater.decompress(data[start:])
            except zlib.error:
                return
            if not inflater.eof:
                return
            end = len(data) - len(inflater.unused_data)
        elif method == _STORED and not has_descriptor:
            end = start + compressed_size
            if end > len(data):
                return
            content = data[start:end]
        else:
            return
        if has_descriptor:
            if data.startswith(_DATA_DESCRIPTOR, end):
                crc = struct.unpack_from("<I", data, end + 4)[0]
                end += 16
            else:
                crc = struct.unpack_from("<I", data, end)[0] if end + 4 <= len(data) else -1
                end += 12
        if zlib.crc32(content) != crc:
            return
        if not name.endswith("/"):
            yield name, content
        offset = end
