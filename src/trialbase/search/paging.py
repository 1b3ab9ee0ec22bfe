"""Page tokens: where the next page starts.

A field sort pages by key (every study has a unique composite sort key, see the index design),
so the next page starts strictly after the last key seen and never skips or repeats a study,
even when the index changes between pages. Relevance pages by position: stable while the data
is unchanged, which is what the API promises. Tokens are opaque to clients: URL-safe base64 of a
small JSON object, checked when read back.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

import orjson

from trialbase.search.query_error import QueryError


@dataclass(frozen=True, slots=True)
class PagePosition:
    offset: int = 0  # relevance: how many hits came before
    after_key: int | None = None  # field sort: the last composite key of the previous page
    sort: str = "@relevance"  # the sort the token was made for
    relaxed: bool = False  # the pages come from the relaxed (Lossy) search


def encode(position: PagePosition) -> str:
    payload: dict[str, object] = {"o": position.offset, "s": position.sort}
    if position.after_key is not None:
        payload["k"] = position.after_key
    if position.relaxed:
        payload["r"] = 1
    return base64.urlsafe_b64encode(orjson.dumps(payload)).decode().rstrip("=")


def decode(token: str, *, sort: str) -> PagePosition:
    try:
        padded = token + "=" * (-len(token) % 4)
        payload = orjson.loads(base64.urlsafe_b64decode(padded.encode()))
        key = payload.get("k")
        position = PagePosition(
            int(payload["o"]), None if key is None else int(key), str(payload["s"]), bool(payload.get("r"))
        )
    except (ValueError, KeyError, TypeError, binascii.Error, orjson.JSONDecodeError):
        raise QueryError(
            "the page token is not one this server made (use the nextPageToken of the previous page)",
            column=None,
            code="bad-page-token",
            parameter="pageToken",
        ) from None
    if position.sort != sort or position.offset < 0:
        raise QueryError(
            "the page token belongs to a search with another sort: keep every parameter but "
            "pageToken, pageSize and countTotal the same between pages",
            column=None,
            code="bad-page-token",
            parameter="pageToken",
        )
    return position
