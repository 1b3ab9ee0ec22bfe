"""The data model as the API describes it: the field tree, the search areas and the enum types.

Everything here is computed from the project's own tables, never read from a copied file: the
field tree from the generated piece table (``index/pieces.py``, one entry per field of the v2
model), the areas from ``index/areas.py``, and the enum types from ``domain/enums.py`` with the
legacy values of ``domain/legacy_values.py``. ``/api/v2/studies/metadata``, ``/search-areas`` and
``/enums`` render these lists as they are.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

from trialbase.domain.enums import ALL_ENUMS, DateType
from trialbase.domain.legacy_values import legacy_value
from trialbase.index.areas import search_areas_json
from trialbase.index.pieces import PIECES, metadata_tree

# Where the classic system spelled a value differently for some pieces (the ``exceptions`` of an
# enum value): posted dates were "Estimate", where other dates were "Anticipated".
_POSTED_DATE_TYPES = tuple(
    item.name for item in PIECES.values() if item.enum_type == "DateType" and "PostDate" in item.name
)
_EXCEPTIONS: dict[tuple[type[enum.StrEnum], str], dict[str, str]] = {
    (DateType, DateType.ESTIMATED.value): dict.fromkeys(_POSTED_DATE_TYPES, "Estimate"),
}


def field_tree(
    *, include_indexed_only: bool = False, include_historic_only: bool = False
) -> list[dict[str, Any]]:
    """The field tree of ``/studies/metadata``, without indexed-only or historic-only fields unless asked."""
    return prune_fields(
        metadata_tree(),
        include_indexed_only=include_indexed_only,
        include_historic_only=include_historic_only,
    )


def prune_fields(
    nodes: Iterable[dict[str, Any]], *, include_indexed_only: bool, include_historic_only: bool
) -> list[dict[str, Any]]:
    """``nodes`` without the indexed-only and historic-only ones (and their children) not asked for."""
    kept = []
    for node in nodes:
        if node.get("indexedOnly") and not include_indexed_only:
            continue
        if node.get("historicOnly") and not include_historic_only:
            continue
        if "children" in node:
            node = {
                **node,
                "children": prune_fields(
                    node["children"],
                    include_indexed_only=include_indexed_only,
                    include_historic_only=include_historic_only,
                ),
            }
        kept.append(node)
    return kept


def search_areas() -> list[dict[str, Any]]:
    """The search documents and their areas, as ``/studies/search-areas`` lists them."""
    return search_areas_json()


def enum_infos() -> list[dict[str, Any]]:
    """Every enum type of the model: its pieces and its values with their legacy spellings."""
    infos = []
    for enum_cls in ALL_ENUMS:
        pieces = [item.name for item in PIECES.values() if item.enum_type == enum_cls.__name__]
        values = []
        for member in enum_cls:
            value: dict[str, Any] = {"value": member.value, "legacyValue": legacy_value(member)}
            exceptions = _EXCEPTIONS.get((enum_cls, member.value))
            if exceptions:
                value["exceptions"] = dict(exceptions)
            values.append(value)
        infos.append({"type": enum_cls.__name__, "pieces": pieces, "values": values})
    return infos
