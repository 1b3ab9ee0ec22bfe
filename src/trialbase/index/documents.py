"""A study's v2 document turned into its index document (the fields of ``schema.py``).

This runs once per study in a rebuild (600,000 times), so it reads the document in one pass:
a walk guided by the data model's tree (``pieces.py``) that notes which pieces have a value,
how long each list is and the values of the pieces the index keeps (area pieces, dates,
numbers, facet sources). Parsed dates and ages are cached: the same few thousand values recur.

What fills what, in brief (docs/design/search.md has the table):

* area pieces: every value as ``zzbeginzz <value> zzendzz``; enum values also with their legacy
  label (``PHASE2`` and ``Phase 2``) as a value of its own, so both read as a full match;
* other leaf pieces (``t_<Piece>``): each distinct value once, as written;
* dates: ``<Piece>_lo``/``_hi`` = first and last day covered (``2021-07`` covers July);
* ages in days, a missing minimum 0 and a missing maximum 1e9 (open-ended);
* sort keys ``value × 10⁸ + nct_number``; a missing value sorts last in both directions;
* facets hold v2 values; ``geo_cell``/``sites`` come from the locations.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, NamedTuple

import orjson

from trialbase.domain import enums
from trialbase.domain.age import Age, InvalidAge
from trialbase.domain.legacy_values import LEGACY_VALUES
from trialbase.domain.partial_date import InvalidDate, PartialDate
from trialbase.index.areas import AREA_PIECES
from trialbase.index.geohash import GEO_PRECISIONS, cell_terms
from trialbase.index.pieces import PIECES, ROOTS
from trialbase.index.schema import (
    AGE_FIELDS,
    DATE_PIECES,
    EMPTY_SET,
    FLOAT_PIECES,
    INTEGER_PIECES,
    MISSING_MAXIMUM_AGE_DAYS,
    MISSING_MINIMUM_AGE_DAYS,
    OTHER_PIECES,
    SET_FACET_FIELDS,
    SET_SEPARATOR,
    SORT_KEYS,
    date_fields,
    other_field,
    set_field,
    sort_fields,
    text_analyzer,
)
from trialbase.index.site_text import site_text
from trialbase.index.sites import document_sites, pack_sites

BEGIN = "zzbeginzz"
END = "zzendzz"

SORT_FACTOR = 10**8  # nct_number < 10⁸, so value × 10⁸ + nct_number is unique
SORT_MISSING = 9 * 10**10  # beyond any day number or enrollment; ± for asc/desc
_EPOCH = dt.date(1970, 1, 1).toordinal()

# Pieces a facet is read from, besides the ones the index keeps anyway.
_FACET_SOURCES = (
    "OverallStatus",
    "Phase",
    "StudyType",
    "Sex",
    "StdAge",
    "HealthyVolunteers",
    "LeadSponsorName",
    "LeadSponsorClass",
    "LocationCountry",
    "Condition",
    "ConditionMeshTerm",
    "InterventionName",
    "InterventionMeshTerm",
    "LargeDocHasProtocol",
    "LargeDocHasSAP",
    "LargeDocHasICF",
    "HasResults",
    "MinimumAge",
    "MaximumAge",
)
_COLLECTED = frozenset(
    (*AREA_PIECES, *OTHER_PIECES, *DATE_PIECES, *INTEGER_PIECES, *FLOAT_PIECES, *_FACET_SOURCES)
)
_OTHER_FIELDS = {name: other_field(name) for name in OTHER_PIECES}
_ANALYZE = text_analyzer().analyze


class _Node(NamedTuple):
    name: str
    is_list: bool
    collect: bool
    children: Mapping[str, _Node]  # by key in the v2 document


def _compile(names: tuple[str, ...]) -> dict[str, _Node]:
    table = {}
    for name in names:
        item = PIECES[name]
        children = _compile(item.children)
        collect = name in _COLLECTED and not children
        table[item.field] = _Node(name, item.is_list, collect, children)
    return table


_TREE = _compile(ROOTS)


def _labels(item_type: str) -> Mapping[str, str]:
    enum_cls = getattr(enums, item_type.removesuffix("[]"), None)
    if (
        not (isinstance(enum_cls, type) and issubclass(enum_cls, enum.StrEnum))
        or enum_cls not in LEGACY_VALUES
    ):
        return {}
    return {member.value: label for member, label in LEGACY_VALUES[enum_cls].items()}


# Area piece -> {v2 value: legacy label} for enum pieces, None for text pieces.
_AREA_LABELS: dict[str, Mapping[str, str] | None] = {
    name: _labels(PIECES[name].type) if PIECES[name].is_enum else None for name in AREA_PIECES
}
_DATE_FIELDS = tuple((name, *date_fields(name)) for name in DATE_PIECES)


def _walk(
    node: Mapping[str, Any],
    table: Mapping[str, _Node],
    present: set[str],
    values: dict[str, list[Any]],
    sizes: dict[str, int],
) -> None:
    """Note which pieces ``node`` holds, how long each list is, and every leaf value.

    Iterating over the document's keys (not the model's) visits only what is there.
    """
    for key, value in node.items():
        spec = table.get(key)
        # Only a falsy value can be empty; most are not, and comparing them costs a walk's tenth.
        if spec is None or (not value and (value is None or value == "" or value == [])):
            continue
        name, is_list, collect, children = spec
        present.add(name)
        if is_list:
            if type(value) is not list:
                value = [value]
            sizes[name] = sizes.get(name, 0) + len(value)
            if children:
                for item in value:
                    if type(item) is dict:
                        _walk(item, children, present, values, sizes)
            elif collect:
                found = values.get(name)
                if found is None:
                    values[name] = list(value)
                else:
                    found.extend(value)
        elif children:
            if type(value) is dict:
                _walk(value, children, present, values, sizes)
        elif collect:
            found = values.get(name)
            if found is None:
                values[name] = [value]
            else:
                found.append(value)


@lru_cache(maxsize=1 << 16)
def date_span(text: str) -> tuple[int, int] | None:
    """First and last day (days since 1970-01-01) a ``yyyy[-MM[-dd]]`` date covers, or None."""
    try:
        date = PartialDate.parse(text[:10])
    except InvalidDate:
        return None
    return date.earliest().toordinal() - _EPOCH, date.latest().toordinal() - _EPOCH


@lru_cache(maxsize=4096)
def age_days(text: str) -> float | None:
    try:
        return Age.parse(text).in_days()
    except InvalidAge:
        return None


def nct_number(nct_id: str) -> int:
    """``NCT04822922`` -> 4822922."""
    return int(nct_id[3:])


def index_document(stored: dict[str, Any], *, nct_id: str) -> dict[str, Any]:
    """The index document of a v2 study as a dict of fields (``document_json`` serialises it for
    ``IndexWriter.add_json``)."""
    present: set[str] = set()
    values: dict[str, list[Any]] = {}
    sizes: dict[str, int] = {}
    _walk(stored, _TREE, present, values, sizes)
    number = nct_number(nct_id)
    fields: dict[str, Any] = {"nct_id": nct_id, "nct_number": number}
    # Over the pieces the study has (a hundred or so), not over every field (three hundred).
    for name, held in values.items():
        if name in _AREA_LABELS:
            fields[name] = _wrapped(held, _AREA_LABELS[name])
            continue
        field = _OTHER_FIELDS.get(name)
        if field is not None:
            # Each value once: results tables repeat theirs (a group's description under every
            # outcome measure), and a third of these words were repeats tantivy indexed again.
            fields[field] = [text for text in dict.fromkeys(map(_as_text, held)) if text]
    fields["present"] = sorted(present)  # the same in every process (set order is not)
    if sizes:
        fields["sizes"] = [f"{name}={size}" for name, size in sizes.items()]
    days: dict[str, int] = {}
    for name, low_field, high_field in _DATE_FIELDS:
        found = values.get(name)
        if found:
            spans = [span for span in map(date_span, found) if span is not None]
            if spans:
                fields[low_field] = [low for low, _ in spans]
                fields[high_field] = [high for _, high in spans]
                days[name] = spans[0][0]
    for name in INTEGER_PIECES:
        found = values.get(name)
        if found:
            integers = [int(value) for value in found if type(value) is int]
            if integers:
                fields[name] = integers
    for name in FLOAT_PIECES:
        found = values.get(name)
        if found:
            floats = [float(value) for value in found if type(value) in (int, float)]
            if floats:
                fields[name] = floats
    fields[AGE_FIELDS["MinimumAge"]] = _age(values.get("MinimumAge"), MISSING_MINIMUM_AGE_DAYS)
    fields[AGE_FIELDS["MaximumAge"]] = _age(values.get("MaximumAge"), MISSING_MAXIMUM_AGE_DAYS)
    _add_sort_keys(fields, days, fields.get("EnrollmentCount"), sizes.get("ArmGroup"), number)
    _add_facets(fields, values, stored)
    _add_sites(fields, stored)
    return fields


def document_json(stored: dict[str, Any], *, nct_id: str) -> str:
    """The index document as JSON for ``IndexWriter.add_json`` (parsed by tantivy, which is
    faster than converting a Python dict); bytes fields are base64 there."""
    fields = index_document(stored, nct_id=nct_id)
    sites = fields.get("sites")
    if sites is not None:
        fields["sites"] = base64.b64encode(sites).decode("ascii")
    return orjson.dumps(fields).decode()


def _as_text(value: Any) -> str:
    """A leaf value as the words its ``t_`` field holds (``true``/``false`` for booleans)."""
    if type(value) is str:
        return value
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) in (int, float):
        return str(value)
    return ""  # a structured leaf (a GeoPoint): its parts have fields of their own


def _wrapped(found: list[Any], labels: Mapping[str, str] | None) -> list[str]:
    wrapped = [f"{BEGIN} {value} {END}" for value in found]
    if labels:
        wrapped += [f"{BEGIN} {labels[value]} {END}" for value in found if value in labels]
    return wrapped


def _age(found: list[Any] | None, missing: float) -> float:
    if found and isinstance(found[0], str):
        days = age_days(found[0])
        if days is not None:
            return days
    return missing


def _add_sort_keys(
    fields: dict[str, Any], days: dict[str, int], enrollment: Any, arm_groups: int | None, number: int
) -> None:
    for key in SORT_KEYS:
        if key == "NCTId":
            value: int | None = number
        elif key == "EnrollmentCount":
            value = min(max(enrollment[0], 0), SORT_MISSING - 1) if enrollment else None
        elif key == "NumArmGroups":
            value = arm_groups  # a study without arm groups sorts last, like any missing value
        else:
            value = days.get(key)
        ascending, descending = sort_fields(key)
        if value is None:
            fields[ascending] = SORT_MISSING * SORT_FACTOR + number
            fields[descending] = -SORT_MISSING * SORT_FACTOR + number
        else:
            fields[ascending] = fields[descending] = value * SORT_FACTOR + number


def _first(values: dict[str, list[Any]], name: str) -> Any:
    found = values.get(name)
    return found[0] if found else None


def _distinct(found: list[Any] | None) -> list[str]:
    return list(dict.fromkeys(str(value) for value in found if value != "")) if found else []


def _add_facets(fields: dict[str, Any], values: dict[str, list[Any]], stored: dict[str, Any]) -> None:
    facets: dict[str, Any] = {
        "f_status": _distinct(values.get("OverallStatus")),
        "f_phase": _distinct(values.get("Phase")),
        "f_study_type": _distinct(values.get("StudyType")),
        "f_sex": _distinct(values.get("Sex")),
        "f_std_age": _distinct(values.get("StdAge")),
        "f_funder_type": _distinct(values.get("LeadSponsorClass")),
        "f_sponsor": _distinct(values.get("LeadSponsorName")),
        "f_country": _distinct(values.get("LocationCountry")),
        "f_condition": _distinct(values.get("ConditionMeshTerm") or values.get("Condition")),
        "f_intervention": _distinct(values.get("InterventionMeshTerm") or values.get("InterventionName")),
    }
    healthy = _first(values, "HealthyVolunteers")
    if isinstance(healthy, bool):
        facets["f_healthy"] = ["true" if healthy else "false"]
    facets["f_results"] = ["with" if stored.get("hasResults") is True else "without"]
    docs = [
        code
        for code, piece_name in (
            ("prot", "LargeDocHasProtocol"),
            ("sap", "LargeDocHasSAP"),
            ("icf", "LargeDocHasICF"),
        )
        if True in values.get(piece_name, ())
    ]
    if docs:
        facets["f_docs"] = docs
    fields.update((name, value) for name, value in facets.items() if value)
    for name in SET_FACET_FIELDS:
        fields[set_field(name)] = [SET_SEPARATOR.join(sorted(facets.get(name, ()))) or EMPTY_SET]


def _add_sites(fields: dict[str, Any], stored: dict[str, Any]) -> None:
    module = (stored.get("protocolSection") or {}).get("contactsLocationsModule") or {}
    locations = module.get("locations")
    if not locations:
        return
    places = [location for location in locations if isinstance(location, dict)]
    sites = document_sites(places)
    fields["sites"] = pack_sites(sites)
    words = site_text(places, _ANALYZE)
    if words:
        fields["site_text"] = words
    cells: dict[str, None] = {}
    for site in sites:
        if site.has_point:
            cells.update(dict.fromkeys(_cells(site.lat, site.lon)))
    if cells:
        fields["geo_cell"] = list(cells)


@lru_cache(maxsize=1 << 16)
def _cells(lat: float, lon: float) -> tuple[str, ...]:
    """The geo cells of a point, remembered (and so not to be changed): sites recur across studies."""
    return tuple(cell_terms(lat, lon, GEO_PRECISIONS))
