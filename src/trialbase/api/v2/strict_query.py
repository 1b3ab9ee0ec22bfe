"""Reading a query string strictly, as ClinicalTrials.gov does: anything unexpected is a 400.

Every v2 endpoint reads its parameters through these functions, so the same mistake gets the same
answer everywhere. An unknown parameter is named back in upstream's words (```filter.phase` is
unknown parameter``) followed by a hint or the closest known name; a bad value names the
parameter, the value and what would be accepted. Each raises ``ParameterError``, which handlers
answer with ``errors.bad_request``: a ``text/plain`` 400, never a 500.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from starlette.datastructures import QueryParams

from trialbase.api.v2.errors import ParameterError, did_you_mean

_LIST_HINT = " (lists take `,` or `|`)"
_SEPARATORS = re.compile(r"[,|]")


def reject_unknown(
    params: QueryParams, known: Collection[str], *, hints: Mapping[str, str] | None = None
) -> None:
    """Raise for the first parameter not in ``known`` (names are case-sensitive, as upstream).

    ``hints`` says, for names people reach for, how the API spells what they meant; any other
    unknown name gets the closest known one, if any is close.
    """
    for name in params:
        if name not in known:
            hint = (hints or {}).get(name)
            suffix = f"; {hint}" if hint else did_you_mean(name, known)
            raise ParameterError(f"`{name}` is unknown parameter{suffix}")


def single(params: QueryParams, name: str) -> str | None:
    """The one value of ``name`` (None when absent); a repeated parameter is an error."""
    return _one(params, name, advice="")


def _one(params: QueryParams, name: str, *, advice: str) -> str | None:
    values = params.getlist(name)
    if len(values) > 1:
        raise ParameterError(f"`{name}` is given {len(values)} times; give it once{advice}")
    return values[0] if values else None


def boolean(params: QueryParams, name: str, *, default: bool) -> bool:
    """``true`` or ``false`` (any case, surrounding spaces ignored); absent gives ``default``."""
    value = single(params, name)
    if value is None:
        return default
    if value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ParameterError(f"`{name}` must be `true` or `false`, not `{value}`")


def items(params: QueryParams, name: str, *, reject_empty_items: bool = False) -> tuple[str, ...] | None:
    """A ``,``- or ``|``-separated list, items stripped; None when absent.

    Present but with no item is an error. An empty item between separators (``a,,b``, ``a,``) is
    dropped, or an error with ``reject_empty_items``.
    """
    value = _one(params, name, advice=_LIST_HINT)
    if value is None:
        return None
    parts = [part.strip() for part in _SEPARATORS.split(value)]
    if not any(parts):
        raise ParameterError(f"`{name}` must be a non-empty list (items separated by `,` or `|`)")
    if reject_empty_items and not all(parts):
        raise ParameterError(f"`{name}` has an empty item in `{value}`")
    return tuple(part for part in parts if part)
