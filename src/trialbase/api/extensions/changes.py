"""``/api/ext/changes``: the public change feed, read from the store's change log.

``since`` is a change-log sequence number (the changes after it) or a date or instant (the
changes recorded at or after it; a date means midnight UTC). Pages are ``pageSize`` long and
``nextPageToken`` continues after the last entry; ``lastSequence`` is where to resume polling
(``since=lastSequence``) once the feed is read to its end.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from trialbase.api.extensions.history import timestamp
from trialbase.api.extensions.parameters import bad_request, integer, reject_unknown, single
from trialbase.services import Services
from trialbase.store import Store

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
_SEQUENCE = re.compile(r"^\d{1,18}$")
_TOKEN = re.compile(r"^s(\d{1,18})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$")


def parse_since(store: Store, text: str | None) -> int:
    """The sequence number the feed starts after."""
    if text is None or not text.strip():
        return 0
    text = text.strip()
    if _SEQUENCE.match(text):
        return int(text)
    moment = _moment(text)
    if moment is None:
        raise bad_request(
            f"parameter `since`: {text!r} is neither a sequence number (e.g. 1200) nor a date "
            "(e.g. 2024-01-31) or instant (e.g. 2024-01-31T08:00:00Z)"
        )
    return store.last_seq_before(moment)


def _moment(text: str) -> dt.datetime | None:
    try:
        if _DATE.match(text):
            day = dt.date.fromisoformat(text)
            return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        if not _INSTANT.match(text):
            return None
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def change_feed(store: Store, after_seq: int, page_size: int) -> dict[str, Any]:
    changes = store.changes(after_seq=after_seq, limit=page_size + 1)
    page = changes[:page_size]
    last = page[-1].seq if page else max(after_seq, 0)
    feed: dict[str, Any] = {
        "changes": [
            {
                "sequence": change.seq,
                "nctId": change.nct_id,
                "version": change.version,
                "kind": change.kind,
                "time": timestamp(change.recorded_at),
            }
            for change in page
        ],
        "lastSequence": min(last, store.last_seq()) if not page else last,
    }
    if len(changes) > page_size:
        feed["nextPageToken"] = f"s{last}"
    return feed


def routes(services: Services) -> list[BaseRoute]:
    store = services.store

    def changes(request: Request) -> Response:
        params = request.query_params
        reject_unknown(params, ("since", "pageSize", "pageToken"))
        page_size = integer(params, "pageSize", minimum=1, maximum=MAX_PAGE_SIZE) or DEFAULT_PAGE_SIZE
        token = single(params, "pageToken")
        if token is not None:
            match = _TOKEN.match(token)
            if match is None:
                raise bad_request(f"parameter `pageToken`: {token!r} is not a token this feed gave out")
            after = int(match.group(1))
        else:
            after = parse_since(store, single(params, "since"))
        return JSONResponse(change_feed(store, after, page_size))

    return [Route("/api/ext/changes", changes, methods=["GET"])]
