"""What a query can address: search areas and pieces, and the index fields behind them.

The compiler asks the catalog, never the generated tables directly, so the rules about which
field holds what live in one place: area pieces have their own text field (named after the
piece); every other leaf piece has a ``t_<Piece>`` field (``index/schema.py``); dates,
numbers and ages have typed fields for ``RANGE``.
"""

from __future__ import annotations

import difflib
import enum
from dataclasses import dataclass
from functools import cache

from trialbase.index.areas import AREAS, Area
from trialbase.index.pieces import PIECES, Piece, piece
from trialbase.index.schema import OTHER_PIECES, other_field

# Age pieces are ranged on their value in days (open-ended when missing, see index/documents.py).
AGE_FIELDS = {"MinimumAge": "MinimumAge_days", "MaximumAge": "MaximumAge_days"}
DEFAULT_AREA = "BasicSearch"
_OTHER = frozenset(OTHER_PIECES)


class PieceKind(enum.Enum):
    TEXT = "text"
    DATE = "date"
    NUMBER = "number"
    AGE = "age"
    BOOLEAN = "boolean"
    STRUCT = "struct"


@dataclass(frozen=True, slots=True)
class FieldRef:
    """A text field to match words in, with its weight in the current area."""

    field: str  # a tantivy field name: an area piece's own, or t_<Piece> for any other piece
    weight: float
    synonyms: bool  # concept expansion applies (isSynonyms in the official areas)
    dedicated: bool  # an area piece's field (with coverage markers), not a t_<Piece> one


@dataclass(frozen=True, slots=True)
class PieceRef:
    piece: Piece
    kind: PieceKind
    text: FieldRef | None  # where its words are indexed


def area_names() -> list[str]:
    return sorted(AREAS)


@cache
def area_fields(name: str) -> tuple[FieldRef, ...] | None:
    """The text fields of a search area, highest weight first (None if there is no such area)."""
    area = _area(name)
    if area is None:
        return None
    best: dict[str, FieldRef] = {}
    for part in area.parts:
        for piece_name in part.pieces:
            ref = FieldRef(piece_name, float(part.weight), bool(part.is_synonyms), True)
            if piece_name not in best or best[piece_name].weight < ref.weight:
                best[piece_name] = ref
    return tuple(sorted(best.values(), key=lambda ref: -ref.weight))


def area_pieces(name: str) -> tuple[str, ...]:
    area = _area(name)
    return tuple(piece_name for part in area.parts for piece_name in part.pieces) if area else ()


def _area(name: str) -> Area | None:
    wanted = name.lower()
    for key, area in AREAS.items():
        if key.lower() == wanted:
            return area
    return None


@cache
def dedicated_fields() -> frozenset[str]:
    """The pieces that have their own text field: every piece of every search area."""
    return frozenset(
        piece_name for area in AREAS.values() for part in area.parts for piece_name in part.pieces
    )


def piece_ref(name: str) -> PieceRef | None:
    found = piece(name)
    if found is None:
        return None
    kind = _kind(found)
    text: FieldRef | None = None
    if kind in (PieceKind.TEXT, PieceKind.BOOLEAN, PieceKind.NUMBER, PieceKind.AGE, PieceKind.DATE):
        if found.name in dedicated_fields():
            text = FieldRef(found.name, 1.0, True, True)
        else:
            text = FieldRef(other_field(found.name), 1.0, False, False) if found.name in _OTHER else None
    return PieceRef(found, kind, text)


def _kind(found: Piece) -> PieceKind:
    if found.name in AGE_FIELDS:
        return PieceKind.AGE
    source = found.source_type.upper()
    if source in ("DATE", "PARTIAL_DATE", "DATE_TIME", "DATETIME"):
        return PieceKind.DATE
    if source in ("NUMERIC", "INTEGER", "NUMBER", "FLOAT"):
        return PieceKind.NUMBER
    if source == "BOOLEAN":
        return PieceKind.BOOLEAN
    if source == "STRUCT":
        return PieceKind.STRUCT
    return PieceKind.TEXT


def suggestion(name: str) -> str:
    """A "did you mean" for an unknown area or piece name, or an empty string."""
    candidates = list(AREAS) + list(PIECES)
    lowered = {candidate.lower(): candidate for candidate in candidates}
    close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.75)
    return f"; did you mean {lowered[close[0]]}?" if close else ""
