"""A gzip reader that hands over everything before a truncation, then says where it broke.

``gzip.GzipFile`` raises as soon as a read reaches a cut-off end, discarding the data it had
already decompressed for that read. Importers want the opposite: every complete record before
the damage, then one clear error.
"""

from __future__ import annotations

import io
import zlib
from typing import IO

_CHUNK = 1 << 16


class TruncatedGzip(EOFError):
    """The gzip stream ended before its end-of-stream marker."""


class TolerantGzipReader(io.RawIOBase):
    def __init__(self, compressed: IO[bytes]) -> None:
        self._compressed = compressed
        self._inflater = zlib.decompressobj(wbits=31)
        self._pending = b""
        self._finished = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending and not self._finished:
            self._fill()
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def _fill(self) -> None:
        chunk = self._compressed.read(_CHUNK)
        if not chunk:
            if self._inflater.eof:
                self._finished = True
                return
            raise TruncatedGzip("the gzip stream ends before its end marker (the file is truncated)")
        try:
            self._pending += self._inflater.decompress(chunk)
        except zlib.error as error:
            raise TruncatedGzip(f"the gzip stream is damaged ({error})") from None
        while self._inflater.eof and self._inflater.unused_data:
            # A file of several gzip members (what `cat a.gz b.gz` makes) is one stream.
            rest = self._inflater.unused_data
            self._inflater = zlib.decompressobj(wbits=31)
            self._pending += self._inflater.decompress(rest)
