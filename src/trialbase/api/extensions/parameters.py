"""Reading the query parameters of the ``/api/ext`` endpoints, with errors that name the parameter.

A parameter an endpoint does not know is an error, not silently ignored: a typo (``sinse=``)
would otherwise return everything. Errors are ``HTTPException``s, which Starlette answers as
``400`` with the message as ``text/plain``, as the v2 API answers bad requests.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException


def bad_request(message: str) -> HTTPException:
    return HTTPException(status_code=400, detail=message)


def not_found(message: str) -> HTTPException:
    return HTTPException(status_code=404, detail=message)


def reject_unknown(params: QueryParams, allowed: Iterable[str]) -> None:
    known = set(allowed)
    unknown = sorted({name for name in params if name not in known})
    if unknown:
        names = ", ".join(f"`{name}`" for name in unknown)
        accepted = ", ".join(sorted(known)) or "no parameters"
        raise bad_request(f"unknown parameter {names} (accepted: {accepted})")


def single(params: QueryParams, name: str) -> str | None:
    """The one value of ``name``, or None; given twice is an error."""
    values = params.getlist(name)
    if len(values) > 1:
        raise bad_request(f"parameter `{name}` is given {len(values)} times; give it once")
    return values[0] if values else None


def integer(params: QueryParams, name: str, *, minimum: int, maximum: int | None = None) -> int | None:
    """An integer parameter within bounds, or None when absent."""
    text = single(params, name)
    if text is None:
        return None
    try:
        value = int(text.strip())
    except ValueError:
        raise bad_request(f"parameter `{name}`: {text!r} is not a whole number") from None
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"from {minimum} to {maximum}" if maximum is not None else f"at least {minimum}"
        raise bad_request(f"parameter `{name}`: {value} is out of range (expected {bounds})")
    return value
