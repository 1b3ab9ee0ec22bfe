"""Loading and checking a study document against the v2 data model.

The stored record is the JSON document itself (so nothing is lost, key order included); this
module checks it against the typed model (``trialbase.domain.model``) and reads it as typed
objects. ``check_document`` returns every problem, each with its field path:

* structure and types (an object where an object belongs, numbers, booleans, lists),
* enum values (``overallStatus`` must be a v2 ``Status`` value, ...),
* dates (``yyyy``, ``yyyy-MM`` or ``yyyy-MM-dd`` for partial dates, real calendar days),
* ages (``18 Years``), NCT numbers.

Fields the model does not know are kept as they are and not reported: ClinicalTrials.gov adds
fields before it documents them (``modelPredictions``, ``interventionMappedName``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import re
from functools import cache
from typing import Any

import msgspec
from msgspec import inspect as model_types

from trialbase.domain.age import Age, InvalidAge
from trialbase.domain.issue import Issue, join_path
from trialbase.domain.model import Study
from trialbase.domain.partial_date import InvalidDate, PartialDate

_JSON_TYPE_NAMES = {
    dict: "an object",
    list: "a list",
    str: "a string",
    bool: "true or false",
    int: "an integer",
    float: "a number",
    type(None): "null",
}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARTIAL = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_AGE_FIELDS = frozenset({"minimumAge", "maximumAge"})
_MAX_LISTED_VALUES = 12


class DocumentError(ValueError):
    """A document that cannot be accepted, with every finding."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("; ".join(str(issue) for issue in issues))


def nct_id_of(document: Any) -> str | None:
    """The NCT id a document claims, if it has a readable one."""
    try:
        value = document["protocolSection"]["identificationModule"]["nctId"]
    except (KeyError, TypeError):
        return None
    return value if isinstance(value, str) else None


def check_document(document: Any) -> list[Issue]:
    """Every structural, type, enum, date and age problem in a v2 document."""
    if not isinstance(document, dict):
        return [Issue("", "not-an-object", f"a study must be a JSON object, got {_describe(document)}")]
    issues: list[Issue] = []
    _check_value(document, _study_type(), "", issues)
    reported = {issue.path for issue in issues}
    # Well-formed but impossible dates ("2021-02-30") and ages: msgspec sees only strings.
    _check_semantics(document, _semantic_fields(), "", issues, skip=reported)
    if nct_id_of(document) is None and not any(issue.path.endswith(".nctId") for issue in issues):
        issues.append(
            Issue(
                "protocolSection.identificationModule.nctId",
                "missing-nct-id",
                "every study needs protocolSection.identificationModule.nctId (e.g. NCT04822922)",
            )
        )
    return issues


def is_valid_fast(document: dict[str, Any]) -> bool:
    """A quick yes for the common case of a clean document (no issue list is built)."""
    try:
        msgspec.convert(document, Study)
    except msgspec.ValidationError:
        return False
    if nct_id_of(document) is None:
        return False
    return _semantics_ok(document, _semantic_fields())


def validate_document(document: Any) -> list[Issue]:
    """``check_document``, taking the fast path for clean documents."""
    if isinstance(document, dict) and is_valid_fast(document):
        return []
    return check_document(document)


def read_study(document: dict[str, Any]) -> Study:
    """The document as typed objects; raises ``DocumentError`` if it does not fit the model."""
    try:
        return msgspec.convert(document, Study)
    except msgspec.ValidationError:
        raise DocumentError(check_document(document)) from None


@cache
def _study_type() -> model_types.Type:
    return model_types.type_info(Study)


# --- structure --------------------------------------------------------------------------------


def _describe(value: Any) -> str:
    return _JSON_TYPE_NAMES.get(type(value), type(value).__name__)


def _check_value(value: Any, kind: model_types.Type, path: str, issues: list[Issue]) -> None:
    if isinstance(kind, model_types.UnionType):
        if value is None and any(isinstance(t, model_types.NoneType) for t in kind.types):
            return
        kind = next(t for t in kind.types if not isinstance(t, model_types.NoneType))
    if isinstance(kind, model_types.Metadata):
        kind = kind.type
    if isinstance(kind, model_types.StructType):
        if not isinstance(value, dict):
            issues.append(Issue(path, "wrong-type", f"expected an object, got {_describe(value)}"))
            return
        for field in kind.fields:
            if field.encode_name in value:
                _check_value(value[field.encode_name], field.type, join_path(path, field.encode_name), issues)
            elif field.required:
                issues.append(
                    Issue(join_path(path, field.encode_name), "missing-field", "this field is required")
                )
    elif isinstance(kind, model_types.ListType):
        if not isinstance(value, list):
            issues.append(Issue(path, "wrong-type", f"expected a list, got {_describe(value)}"))
            return
        for index, item in enumerate(value):
            _check_value(item, kind.item_type, join_path(path, index), issues)
    elif isinstance(kind, model_types.EnumType):
        _check_enum(value, kind.cls, path, issues)
    elif isinstance(kind, model_types.StrType):
        if not isinstance(value, str):
            issues.append(Issue(path, "wrong-type", f"expected a string, got {_describe(value)}"))
        elif kind.pattern is not None and not re.search(kind.pattern, value):
            issues.append(_pattern_issue(value, kind.pattern, path))
    elif isinstance(kind, model_types.BoolType):
        if not isinstance(value, bool):
            issues.append(Issue(path, "wrong-type", f"expected true or false, got {_describe(value)}"))
    elif isinstance(kind, model_types.IntType):
        if isinstance(value, bool) or not isinstance(value, int):
            issues.append(Issue(path, "wrong-type", f"expected an integer, got {_describe(value)}"))
    elif isinstance(kind, model_types.FloatType) and not _is_number(value):
        issues.append(Issue(path, "wrong-type", f"expected a number, got {_describe(value)}"))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_enum(value: Any, cls: type[enum.Enum], path: str, issues: list[Issue]) -> None:
    allowed = [member.value for member in cls]
    if isinstance(value, str) and value in allowed:
        return
    if isinstance(value, str):
        close = difflib.get_close_matches(value.upper(), allowed, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        got = repr(value)
    else:
        hint, got = "", _describe(value)
    shown = ", ".join(allowed[:_MAX_LISTED_VALUES]) + (", ..." if len(allowed) > _MAX_LISTED_VALUES else "")
    message = f"{got} is not a {cls.__name__} value (expected one of {shown}){hint}"
    issues.append(Issue(path, "unknown-enum-value", message))


def _pattern_issue(value: str, pattern: str, path: str) -> Issue:
    if "NCT" in pattern:
        return Issue(
            path, "bad-nct-id", f"{value!r} is not an NCT number (expected NCT followed by 8 digits)"
        )
    if "T\\d{2}" in pattern:
        return Issue(path, "bad-date", f"{value!r} is not a date and time (expected yyyy-MM-ddTHH:mm)")
    if pattern.startswith("^\\d{4}-"):
        return Issue(path, "bad-date", f"{value!r} is not a date (expected yyyy-MM-dd)")
    if pattern.startswith("^\\d{4}("):
        return Issue(path, "bad-date", f"{value!r} is not a date (expected yyyy, yyyy-MM or yyyy-MM-dd)")
    if "Year" in pattern:
        return Issue(
            path, "bad-age", f"{value!r} is not an age (expected a number and a unit, e.g. '18 Years')"
        )
    return Issue(path, "bad-format", f"{value!r} does not have the expected form ({pattern})")


# --- semantics: real days, real ages ----------------------------------------------------------

_SemanticTree = dict[str, Any]  # field name -> "date" | "age" | nested tree


@cache
def _semantic_fields() -> _SemanticTree:
    """Where in the model the dates and ages are, as a tree of field names (built once)."""

    def build(kind: model_types.Type) -> _SemanticTree | str | None:
        if isinstance(kind, model_types.UnionType):
            kind = next(t for t in kind.types if not isinstance(t, model_types.NoneType))
        if isinstance(kind, model_types.ListType):
            inner = build(kind.item_type)
            return {"[]": inner} if inner else None
        if isinstance(kind, model_types.Metadata):
            kind = kind.type
        if isinstance(kind, model_types.StrType) and kind.pattern and kind.pattern.startswith("^\\d{4}"):
            return "date"
        if isinstance(kind, model_types.StructType):
            tree: _SemanticTree = {}
            for field in kind.fields:
                if field.encode_name in _AGE_FIELDS:
                    tree[field.encode_name] = "age"
                    continue
                sub = build(field.type)
                if sub:
                    tree[field.encode_name] = sub
            return tree or None
        return None

    tree = build(_study_type())
    assert isinstance(tree, dict)
    return tree


def _semantic_problem(kind: str, value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        if kind == "age":
            Age.parse(value)
        elif _ISO_DAY.match(value) or _PARTIAL.match(value):
            PartialDate.parse(value.split("T", 1)[0])
        elif "T" in value:
            dt.datetime.strptime(value, "%Y-%m-%dT%H:%M")
    except (InvalidAge, InvalidDate, ValueError) as error:
        return str(error)
    return None


def _walk_semantics(value: Any, tree: Any, path: str):  # type: ignore[no-untyped-def]
    if isinstance(tree, str):
        problem = _semantic_problem(tree, value)
        if problem:
            yield path, tree, problem
    elif isinstance(value, dict):
        for key, sub in tree.items():
            if key in value:
                yield from _walk_semantics(value[key], sub, join_path(path, key))
    elif isinstance(value, list) and "[]" in tree:
        for index, item in enumerate(value):
            yield from _walk_semantics(item, tree["[]"], join_path(path, index))


def _check_semantics(
    document: dict[str, Any], tree: _SemanticTree, path: str, issues: list[Issue], skip: set[str]
) -> None:
    for where, kind, problem in _walk_semantics(document, tree, path):
        if where not in skip:
            issues.append(Issue(where, "bad-age" if kind == "age" else "bad-date", problem))


def _semantics_ok(document: dict[str, Any], tree: _SemanticTree) -> bool:
    """The fast path's check, after msgspec has matched every date and age against its pattern:
    only calendar validity is left to check, without building paths."""
    stack: list[tuple[Any, Any]] = [(document, tree)]
    while stack:
        value, node = stack.pop()
        if isinstance(node, str):
            if node == "date" and isinstance(value, str) and not _real_calendar_date(value):
                return False
        elif isinstance(value, dict):
            stack.extend((value[key], sub) for key, sub in node.items() if key in value)
        elif isinstance(value, list) and "[]" in node:
            inner = node["[]"]
            stack.extend((item, inner) for item in value)
    return True


def _real_calendar_date(value: str) -> bool:
    """Whether a pattern-checked date names a real month or day (``2021-02-30`` does not)."""
    try:
        if len(value) >= 10:
            dt.date.fromisoformat(value[:10])
        elif len(value) == 7:
            return 1 <= int(value[5:7]) <= 12
    except ValueError:
        return False
    return True
