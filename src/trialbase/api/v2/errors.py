"""The v2 API's error answers: ``text/plain`` bodies, as upstream sends them, but saying more.

Upstream answers a bad request with a 400 and one line (```filter.phase` is unknown parameter``);
Trialbase keeps that first sentence word for word, so clients matching on it still work, and adds
what would be accepted (a "did you mean", the allowed values, the column of a query error).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from starlette.responses import PlainTextResponse

from trialbase.search.query_error import QueryError


class ParameterError(ValueError):
    """A request the API cannot answer as asked: an unknown parameter or a value it cannot read."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)

    @classmethod
    def from_query_error(cls, error: QueryError) -> ParameterError:
        return cls(error.describe())


def bad_request(error: ParameterError) -> PlainTextResponse:
    return PlainTextResponse(error.message, status_code=400)


def not_found(message: str) -> PlainTextResponse:
    return PlainTextResponse(message, status_code=404)


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """`` (did you mean `x`?)`` for the closest candidate (ignoring case), or an empty string."""
    lowered: dict[str, str] = {}
    for candidate in candidates:
        lowered.setdefault(candidate.lower(), candidate)
    close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)
    return f"; did you mean `{lowered[close[0]]}`?" if close else ""


def allowed_values(values: Iterable[str]) -> str:
    return ", ".join(f"`{value}`" for value in values)
