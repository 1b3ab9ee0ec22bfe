"""A small stand-in for the ClinicalTrials.gov API v2 ``/studies`` endpoint, for tests.

It serves the study documents it is given over real HTTP on 127.0.0.1, the way the real API pages
them: ``pageSize`` (default 10, at most 1,000), opaque ``pageToken`` values, ``totalCount`` on the
first page when ``countTotal=true``, ``sort=LastUpdatePostDate[:asc|desc]`` (dates sort descending
by default, studies without the field last), ``filter.advanced`` made of
``AREA[LastUpdatePostDate]RANGE[from,to]`` terms, ``filter.overallStatus`` and a plain-words
``query.cond``. Like the real API, it answers 400 with a plain-text message for anything it does
not understand, and for a ``pageToken`` used with other parameters than the first page's.

Faults are queued with ``fail_next``: each request takes the next fault, if any, instead of a
normal answer. Every request is logged in ``requests``.
"""

from __future__ import annotations

import base64
import hashlib
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import orjson

STUDIES_PATH = "/api/v2/studies"
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 1000
_PAGING_PARAMS = frozenset({"pageToken", "pageSize", "countTotal"})
_KNOWN_PARAMS = _PAGING_PARAMS | {"format", "sort", "filter.advanced", "filter.overallStatus", "query.cond"}
_RANGE = re.compile(r"AREA\[LastUpdatePostDate\]RANGE\[\s*([^,\]]*?)\s*,\s*([^\]]*?)\s*\]")
_LEFTOVER = re.compile(r"^[\s()]*(AND[\s()]*)*$")


@dataclass(frozen=True)
class Fault:
    """An answer the fake gives instead of the real one; ``drop`` closes the connection unanswered."""

    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    drop: bool = False

    @classmethod
    def unavailable(cls) -> Fault:
        return cls(503, b"Service Unavailable", (("Content-Type", "text/plain"),))

    @classmethod
    def too_many_requests(cls, retry_after: str = "1") -> Fault:
        return cls(429, b"Too Many Requests", (("Content-Type", "text/plain"), ("Retry-After", retry_after)))

    @classmethod
    def bad_request(cls, message: str) -> Fault:
        return cls(400, message.encode(), (("Content-Type", "text/plain"),))

    @classmethod
    def malformed_json(cls) -> Fault:
        return cls(200, b'{"studies": [{"protocolSection": ', (("Content-Type", "application/json"),))

    @classmethod
    def json(cls, payload: Any) -> Fault:
        """A 200 answer with any JSON, e.g. a page of the wrong shape."""
        return cls(200, orjson.dumps(payload), (("Content-Type", "application/json"),))

    @classmethod
    def dropped_connection(cls) -> Fault:
        return cls(drop=True)


@dataclass(frozen=True)
class ReceivedRequest:
    path: str
    params: dict[str, list[str]]
    headers: dict[str, str]

    def param(self, name: str) -> str | None:
        values = self.params.get(name)
        return values[0] if values else None


@dataclass
class FakeCtgov:
    """The fake server: ``start()`` it (the ``fake_ctgov`` fixture does) and read from ``base_url``."""

    studies: list[Any] = field(default_factory=list)
    requests: list[ReceivedRequest] = field(default_factory=list)
    _faults: list[Fault] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None, "the fake server is not started"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/api/v2"

    def fail_next(self, fault: Fault, times: int = 1) -> None:
        """Answer the next ``times`` requests (after any faults already queued) with ``fault``."""
        with self._lock:
            self._faults.extend([fault] * times)

    def study_requests(self) -> list[ReceivedRequest]:
        with self._lock:
            return [request for request in self.requests if request.path == STUDIES_PATH]

    def start(self) -> None:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-ctgov", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    # -- answering ------------------------------------------------------------------------------

    def _take_fault(self) -> Fault | None:
        with self._lock:
            return self._faults.pop(0) if self._faults else None

    def _log(self, request: ReceivedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def answer(self, params: dict[str, list[str]]) -> tuple[int, bytes]:
        """The status and body for a ``/studies`` request with these query parameters."""
        unknown = sorted(set(params) - _KNOWN_PARAMS)
        if unknown:
            return 400, f"the fake server does not support parameter(s) {', '.join(unknown)}".encode()
        single = {name: values[-1] for name, values in params.items()}
        try:
            selected = self._select(single)
            size = int(single.get("pageSize", "0") or "0")
        except ValueError as error:
            return 400, str(error).encode()
        size = DEFAULT_PAGE_SIZE if size <= 0 else min(size, MAX_PAGE_SIZE)
        query_key = _query_key(params)
        offset = 0
        if "pageToken" in single:
            decoded = _decode_token(single["pageToken"])
            if decoded is None or decoded[0] != query_key:
                return 400, b"pageToken is invalid or was issued for other query parameters"
            offset = decoded[1]
        page: dict[str, Any] = {}
        if single.get("countTotal") == "true" and "pageToken" not in single:
            page["totalCount"] = len(selected)
        page["studies"] = selected[offset : offset + size]
        if offset + size < len(selected):
            page["nextPageToken"] = _encode_token(query_key, offset + size)
        return 200, orjson.dumps(page)

    def _select(self, params: dict[str, str]) -> list[Any]:
        with self._lock:
            studies = list(self.studies)
        advanced = params.get("filter.advanced")
        if advanced:
            ranges = _RANGE.findall(advanced)
            if not ranges or not _LEFTOVER.match(_RANGE.sub("", advanced)):
                raise ValueError(
                    f"the fake server understands only LastUpdatePostDate ranges, not {advanced!r}"
                )
            for low, high in ranges:
                studies = [s for s in studies if _in_range(_last_update(s), low, high)]
        statuses = params.get("filter.overallStatus")
        if statuses:
            wanted = set(re.split(r"[,|]", statuses))
            studies = [s for s in studies if _status(s) in wanted]
        condition = params.get("query.cond")
        if condition:
            words = condition.lower()
            studies = [s for s in studies if any(words in c.lower() for c in _conditions(s))]
        sort = params.get("sort")
        if sort:
            field_name, _, direction = sort.partition(":")
            if field_name != "LastUpdatePostDate" or direction not in {"", "asc", "desc"}:
                raise ValueError(f"the fake server sorts only by LastUpdatePostDate[:asc|desc], not {sort!r}")
            dated = [s for s in studies if _last_update(s)]
            undated = [s for s in studies if not _last_update(s)]
            dated.sort(key=_last_update, reverse=direction != "asc")
            studies = dated + undated
        return studies


def _handler_for(fake: FakeCtgov) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in separate writes

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            params = parse_qs(parts.query, keep_blank_values=True)
            fake._log(ReceivedRequest(parts.path, params, {k.lower(): v for k, v in self.headers.items()}))
            fault = fake._take_fault()
            if fault is not None and fault.drop:
                self.close_connection = True
                return
            if fault is not None:
                self._send(fault.status, fault.body, fault.headers)
            elif parts.path != STUDIES_PATH:
                self._send(404, b"Not Found", (("Content-Type", "text/plain"),))
            else:
                status, body = fake.answer(params)
                kind = "application/json" if status == 200 else "text/plain"
                self._send(status, body, (("Content-Type", kind),))

        def _send(self, status: int, body: bytes, headers: Iterable[tuple[str, str]]) -> None:
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # quiet: pytest shows failures
            pass

    return Handler


def _query_key(params: dict[str, list[str]]) -> str:
    stable = sorted((k, v) for k, values in params.items() if k not in _PAGING_PARAMS for v in values)
    return hashlib.sha256(repr(stable).encode()).hexdigest()[:12]


def _encode_token(query_key: str, offset: int) -> str:
    return base64.urlsafe_b64encode(f"{query_key}:{offset}".encode()).decode().rstrip("=")


def _decode_token(token: str) -> tuple[str, int] | None:
    try:
        key, _, offset = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode().partition(":")
        return key, int(offset)
    except ValueError:
        return None


def _in_range(date: str, low: str, high: str) -> bool:
    if not date:
        return False
    return (low == "MIN" or date >= low) and (high == "MAX" or date <= high)


def _dig(study: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(study, dict):
            return None
        study = study.get(key)
    return study


def _last_update(study: Any) -> str:
    value = _dig(study, "protocolSection", "statusModule", "lastUpdatePostDateStruct", "date")
    return value if isinstance(value, str) else ""


def _status(study: Any) -> Any:
    return _dig(study, "protocolSection", "statusModule", "overallStatus")


def _conditions(study: Any) -> list[str]:
    value = _dig(study, "protocolSection", "conditionsModule", "conditions")
    return [c for c in value if isinstance(c, str)] if isinstance(value, list) else []
