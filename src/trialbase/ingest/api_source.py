"""Reading studies from a ClinicalTrials.gov API v2 compatible server, page by page.

``ApiSource`` asks ``GET {base_url}/studies`` for one page after another, following
``nextPageToken`` until a page comes without one, and yields every study as a ``SourceRecord``.
It is polite (a steady request rate, a ``User-Agent`` naming Trialbase) and patient (connection
errors, timeouts, 429, 5xx and unreadable pages are retried with exponential backoff and jitter,
honouring ``Retry-After``); any other answer stops the sync with a ``SyncError`` that says which
URL, which status and what the server said.

Studies come sorted by ``LastUpdatePostDate`` ascending, so ``last_update_seen`` is a resume point:
a sync that stops half way can start again with ``since=last_update_seen``. ``since`` is inclusive,
so the studies of that day are read again, which is harmless for an idempotent store.

I/O is injected (an ``httpx`` transport, ``sleep``, ``clock``, ``jitter``) so tests never wait.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import math
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import orjson

from trialbase import __version__
from trialbase.domain.issue import Issue
from trialbase.domain.nct_id import InvalidNctId, parse_nct_id
from trialbase.domain.study_document import nct_id_of
from trialbase.ingest.record import RecordLocation, SourceRecord

DEFAULT_BASE_URL = "https://clinicaltrials.gov/api/v2"
MAX_PAGE_SIZE = 1000
DEFAULT_SORT = "LastUpdatePostDate:asc"
USER_AGENT = f"Trialbase/{__version__} (open clinical-trial registry; sync) httpx/{httpx.__version__}"

# Parameters the source sets itself: a caller passing them would break paging or parsing.
_RESERVED_PARAMS = frozenset({"pageToken", "pageSize", "countTotal", "sort", "format"})
_NCT_ID_PATH = "protocolSection.identificationModule.nctId"
_MAX_ERROR_BODY = 500

_log = logging.getLogger(__name__)


class SyncError(Exception):
    """The server could not give us a page; the message says which URL, status and reason."""

    def __init__(
        self, message: str, *, url: str | None = None, status: int | None = None, page: int | None = None
    ) -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        self.page = page


class _BadPage(ValueError):
    """A page answered 200 but is not ``{"studies": [...], "nextPageToken": "..."}``."""


@dataclass(frozen=True, slots=True)
class _Page:
    studies: list[Any]
    next_page_token: str | None
    total_count: int | None


def last_update_filter(since: dt.date) -> str:
    """The ``filter.advanced`` expression for studies last updated on or after ``since``."""
    return f"AREA[LastUpdatePostDate]RANGE[{since.isoformat()},MAX]"


class ApiSource:
    """The studies of a ClinicalTrials.gov API v2 server, as ``SourceRecord`` objects.

    Iterate over it (or call ``iter_records()``) to read; each iteration starts a new sync from the first
    page. While it runs, ``total`` (the server's ``totalCount``, ``None`` until the first page),
    ``pages_read``, ``studies_read`` and ``last_update_seen`` show progress. A record's location is
    ``url`` (the query, without the paging parameters), ``page N`` (from 1) and the study's index in
    that page (from 0).

    ``params`` are passed through as they are (``query.cond``, ``filter.overallStatus``, ...); a list
    value is sent comma-separated. A ``filter.advanced`` given there is combined with ``since``.
    ``requests_per_second=None`` turns the rate limit off. ``max_retries`` counts retries, so a page
    is asked for at most ``max_retries + 1`` times. The wait before retry *n* is
    ``backoff * 2 ** (n - 1)`` seconds, capped at ``max_backoff`` and scaled by a random factor
    between 0.5 and 1 (``jitter()`` returns a number in [0, 1]); a ``Retry-After`` header replaces it
    (also capped at ``max_backoff``).
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        since: dt.date | None = None,
        params: Mapping[str, str | Iterable[str]] | None = None,
        page_size: int = MAX_PAGE_SIZE,
        sort: str | None = DEFAULT_SORT,
        max_studies: int | None = None,
        requests_per_second: float | None = 3.0,
        max_retries: int = 5,
        backoff: float = 1.0,
        max_backoff: float = 300.0,
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        if httpx.URL(base_url).scheme not in {"http", "https"}:
            raise ValueError(f"base_url must be an http:// or https:// URL, got {base_url!r}")
        if page_size < 1:
            raise ValueError(f"page_size must be at least 1, got {page_size}")
        if max_studies is not None and max_studies < 0:
            raise ValueError(f"max_studies must be 0 or more, got {max_studies}")
        if requests_per_second is not None and requests_per_second <= 0:
            raise ValueError(
                f"requests_per_second must be positive (or None for no limit), got {requests_per_second}"
            )
        if max_retries < 0:
            raise ValueError(f"max_retries must be 0 or more, got {max_retries}")
        self.base_url = base_url.rstrip("/")
        self.since = since
        self.page_size = min(page_size, MAX_PAGE_SIZE)
        self.max_studies = max_studies
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.timeout = timeout
        self._query = self._query_params(params or {}, since, sort)
        self._interval = 1.0 / requests_per_second if requests_per_second else 0.0
        self._transport = transport
        self._sleep = sleep
        self._clock = clock
        self._jitter = jitter
        self._last_request_at: float | None = None
        self.total: int | None = None
        self.pages_read = 0
        self.studies_read = 0
        self.last_update_seen: dt.date | None = None

    @property
    def url(self) -> str:
        """The query this source reads: the studies URL with every parameter that stays the same
        from page to page (so not ``pageToken``, ``pageSize`` or ``countTotal``)."""
        return str(httpx.URL(f"{self.base_url}/studies", params=self._query))

    def __iter__(self) -> Iterator[SourceRecord]:
        return self.iter_records()

    def iter_records(self) -> Iterator[SourceRecord]:
        """Read every page from the first, yielding each study as soon as its page arrives."""
        self.total = None
        self.pages_read = 0
        self.studies_read = 0
        self.last_update_seen = None
        self._last_request_at = None
        if self.max_studies == 0:
            return
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        with httpx.Client(
            transport=self._transport, headers=headers, timeout=self.timeout, follow_redirects=True
        ) as client:
            token: str | None = None
            while True:
                page_number = self.pages_read + 1
                page = self._fetch_page(client, page_number, token)
                self.pages_read = page_number
                if page_number == 1:
                    self.total = page.total_count
                for index, study in enumerate(page.studies):
                    record = self._record(study, page_number, index)
                    self.studies_read += 1
                    yield record
                    if self.max_studies is not None and self.studies_read >= self.max_studies:
                        return
                if page.next_page_token is None:
                    return
                if page.next_page_token == token:
                    raise SyncError(
                        f"{self.url} returned the same nextPageToken for page {page_number} as for the page "
                        "before it; stopping rather than reading the same page forever",
                        url=self.url,
                        page=page_number,
                    )
                token = page.next_page_token

    # -- one page ---------------------------------------------------------------------------------

    def _page_params(self, token: str | None) -> list[tuple[str, str]]:
        size = self.page_size
        if self.max_studies is not None:
            size = min(size, self.max_studies - self.studies_read)
        params = [*self._query, ("pageSize", str(size))]
        if token is None:
            params.append(("countTotal", "true"))
        else:
            params.append(("pageToken", token))
        return params

    def _fetch_page(self, client: httpx.Client, page_number: int, token: str | None) -> _Page:
        """One page, retried until it comes whole or the retries run out."""
        params = self._page_params(token)
        url = f"{self.base_url}/studies"
        attempt = 0
        while True:
            attempt += 1
            self._wait_for_turn()
            retry_after: float | None = None
            try:
                response = client.get(url, params=tuple(params))
            except httpx.UnsupportedProtocol as error:  # e.g. a redirect to a non-HTTP URL
                raise SyncError(f"cannot read page {page_number} of {url}: {error}", url=url) from error
            except (httpx.TransportError, httpx.DecodingError) as error:
                problem = f"{type(error).__name__}: {str(error) or 'no details'}"
            else:
                status = response.status_code
                if 200 <= status < 300:
                    try:
                        return _parse_page(response.content)
                    except _BadPage as error:
                        problem = str(error)
                elif status == 429 or status >= 500:
                    problem = f"the server answered {status} {response.reason_phrase}".rstrip()
                    retry_after = self._retry_after(response.headers.get("Retry-After"))
                else:
                    raise SyncError(
                        f"{response.request.url} answered {status} {response.reason_phrase} for page "
                        f"{page_number}: {_body_text(response)}",
                        url=str(response.request.url),
                        status=status,
                        page=page_number,
                    )
            if attempt > self.max_retries:
                raise SyncError(
                    f"gave up on page {page_number} of {self.url} after {attempt} attempts: {problem}",
                    url=self.url,
                    page=page_number,
                )
            delay = retry_after if retry_after is not None else self._backoff_delay(attempt)
            _log.warning(
                "page %d of %s: %s; retrying in %.1fs (retry %d of %d)",
                page_number,
                self.url,
                problem,
                delay,
                attempt,
                self.max_retries,
            )
            self._sleep(delay)

    def _wait_for_turn(self) -> None:
        """Keep requests at least ``1 / requests_per_second`` seconds apart."""
        if self._interval and self._last_request_at is not None:
            wait = self._last_request_at + self._interval - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_request_at = self._clock()

    def _backoff_delay(self, attempt: int) -> float:
        ceiling = min(self.max_backoff, self.backoff * 2.0 ** (attempt - 1))
        return ceiling * (0.5 + 0.5 * self._jitter())

    def _retry_after(self, value: str | None) -> float | None:
        """Seconds to wait from a ``Retry-After`` header (a number of seconds or an HTTP date)."""
        if value is None:
            return None
        try:
            seconds = float(value.strip())
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return None
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.UTC)
            seconds = (when - dt.datetime.now(dt.UTC)).total_seconds()
        if not math.isfinite(seconds):
            return None
        return min(max(seconds, 0.0), self.max_backoff)

    # -- one study --------------------------------------------------------------------------------

    def _record(self, study: Any, page_number: int, index: int) -> SourceRecord:
        location = RecordLocation(file=self.url, member=f"page {page_number}", record=index)
        provenance = {"format": "api", "source": self.base_url}
        if not isinstance(study, dict):
            issue = Issue("", "not-an-object", f"a study must be a JSON object, got {_describe(study)}")
            return SourceRecord(location, None, issues=(issue,), provenance=provenance)
        claimed = nct_id_of(study)
        if not claimed:
            issue = Issue(
                _NCT_ID_PATH, "missing-nct-id", f"the study has no {_NCT_ID_PATH} (e.g. NCT04822922)"
            )
            return SourceRecord(location, None, issues=(issue,), provenance=provenance)
        try:
            nct_id = parse_nct_id(claimed)
        except InvalidNctId as error:
            issue = Issue(_NCT_ID_PATH, "invalid-nct-id", str(error))
            return SourceRecord(location, None, issues=(issue,), provenance=provenance)
        updated = _last_update_post_date(study)
        if updated is not None and (self.last_update_seen is None or updated > self.last_update_seen):
            self.last_update_seen = updated
        return SourceRecord(location, study, nct_id=nct_id, provenance=provenance)

    @staticmethod
    def _query_params(
        params: Mapping[str, str | Iterable[str]], since: dt.date | None, sort: str | None
    ) -> list[tuple[str, str]]:
        query: list[tuple[str, str]] = []
        advanced: str | None = None
        for name, value in params.items():
            if name in _RESERVED_PARAMS:
                raise ValueError(
                    f"parameter {name!r} is set by ApiSource itself; use its own argument instead"
                )
            text = value if isinstance(value, str) else ",".join(value)
            if name == "filter.advanced":
                advanced = text
            else:
                query.append((name, text))
        if since is not None:
            since_filter = last_update_filter(since)
            advanced = f"({advanced}) AND {since_filter}" if advanced else since_filter
        if advanced:
            query.append(("filter.advanced", advanced))
        if sort:
            query.append(("sort", sort))
        return query


def _parse_page(content: bytes) -> _Page:
    try:
        payload = orjson.loads(content)
    except orjson.JSONDecodeError as error:
        raise _BadPage(f"the page is not valid JSON ({error})") from None
    if not isinstance(payload, dict):
        raise _BadPage(f'expected a page {{"studies": [...]}}, got {_describe(payload)}')
    studies = payload.get("studies")
    if not isinstance(studies, list):
        raise _BadPage(f'expected a page {{"studies": [...]}}, but "studies" is {_describe(studies)}')
    token = payload.get("nextPageToken")
    if token is not None and not isinstance(token, str):
        raise _BadPage(f'"nextPageToken" must be a string, got {_describe(token)}')
    total = payload.get("totalCount")
    if total is not None and (not isinstance(total, int) or isinstance(total, bool)):
        raise _BadPage(f'"totalCount" must be an integer, got {_describe(total)}')
    return _Page(studies=studies, next_page_token=token or None, total_count=total)


def _last_update_post_date(study: dict[str, Any]) -> dt.date | None:
    try:
        text = study["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"]
        return dt.date.fromisoformat(text) if isinstance(text, str) and len(text) == 10 else None
    except (KeyError, TypeError, ValueError):
        return None


def _body_text(response: httpx.Response) -> str:
    text = " ".join(response.text.split())
    if not text:
        return "(no message)"
    return text if len(text) <= _MAX_ERROR_BODY else text[:_MAX_ERROR_BODY] + "…"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null or missing)"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return f"a list of {len(value)} items"
    kind = "true/false" if isinstance(value, bool) else "a string" if isinstance(value, str) else "a number"
    shown = orjson.dumps(value).decode()
    return f"{kind} {shown if len(shown) <= 60 else shown[:60] + '…'}"
