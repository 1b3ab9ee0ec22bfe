"""Reading a query string strictly, as ClinicalTrials.gov does: anything unexpected is a 400.

An unknown parameter is named back (```filter.phase` is unknown parameter``, upstream's words); a
bad value names the parameter, the value and what would be accepted. Handlers catch
``BadParameter`` and answer with ``bad_request``: a ``text/plain`` 400, never a 500.
"""

from __future__ import annotations

from collections.abc import Collection

from starlette.datastructures import QueryParams
from starlette.responses import PlainTextResponse

_TRUE = ("true",)
_FALSE = ("false",)


class BadParameter(ValueError):
    """A query parameter that is unknown, repeated or has a value that cannot be read."""


def bad_request(error: BadParameter) -> PlainTextResponse:
    return PlainTextResponse(str(error), status_code=400)


def reject_unknown(params: QueryParams, allowed: Collection[str]) -> None:
    """Raise for the first parameter not in ``allowed`` (names are case-sensitive, as upstream)."""
    for name in params:
        if name not in allowed:
            raise BadParameter(f"`{name}` is unknown parameter")


def single(params: QueryParams, name: str) -> str | None:
    """The one value of ``name`` (None when absent); a repeated parameter is an error."""
    values = params.getlist(name)
    if len(values) > 1:
        raise BadParameter(f"`{name}` is given {len(values)} times; give it once")
    return values[0] if values else None


def boolean(params: QueryParams, name: str, *, default: bool) -> bool:
    """``true`` or ``false`` (any case); absent gives ``default``."""
    value = single(params, name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise BadParameter(f"`{name}` must be `true` or `false`, not `{value}`")


def name_list(params: QueryParams, name: str) -> list[str] | None:
    """A comma- or pipe-separated list (None when absent); present but empty is an error."""
    value = single(params, name)
    if value is None:
        return None
    items = [item.strip() for item in value.replace("|", ",").split(",")]
    if not any(items):
        raise BadParameter(f"`{name}` must be a non-empty comma- or pipe-separated list")
    if not all(items):
        raise BadParameter(f"`{name}` has an empty item in `{value}`")
    return items
