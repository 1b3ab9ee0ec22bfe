"""Putting a document's fields in the order real ClinicalTrials.gov documents use.

The typed model's field order is that order: the spec's, except where real documents differ
(``tools/gen_model.py`` records those places), so documents built from the model read like real
ones and their keys come out where clients expect them.

``in_document_order`` rewrites a document in that order (fields the model does not know are
kept, after the known ones); ``order_problems`` names every object whose keys are out of order.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from msgspec import inspect as model_types

from trialbase.domain.issue import join_path
from trialbase.domain.model import Study

_Fields = tuple[tuple[str, ...], dict[str, model_types.Type]]


def in_document_order(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``document`` with every object's keys in real-document order."""
    reordered = _reorder(document, _study_kind())
    assert isinstance(reordered, dict)
    return reordered


def order_problems(document: dict[str, Any]) -> list[str]:
    """The paths of the objects whose keys are not in real-document order ("" is the top)."""
    problems: list[str] = []
    _collect_problems(document, _study_kind(), "", problems)
    return problems


@cache
def _study_kind() -> model_types.Type:
    return model_types.type_info(Study)


def _unwrap(kind: model_types.Type) -> model_types.Type:
    if isinstance(kind, model_types.UnionType):
        kind = next(t for t in kind.types if not isinstance(t, model_types.NoneType))
    if isinstance(kind, model_types.Metadata):
        kind = kind.type
    return kind


def _fields(kind: model_types.StructType) -> _Fields:
    children = {field.encode_name: field.type for field in kind.fields}
    return tuple(children), children


def _reorder(value: Any, kind: model_types.Type) -> Any:
    kind = _unwrap(kind)
    if isinstance(kind, model_types.StructType) and isinstance(value, dict):
        names, children = _fields(kind)
        known = {name: _reorder(value[name], children[name]) for name in names if name in value}
        return known | {key: item for key, item in value.items() if key not in children}
    if isinstance(kind, model_types.ListType) and isinstance(value, list):
        return [_reorder(item, kind.item_type) for item in value]
    return value


def _collect_problems(value: Any, kind: model_types.Type, path: str, problems: list[str]) -> None:
    kind = _unwrap(kind)
    if isinstance(kind, model_types.StructType) and isinstance(value, dict):
        names, children = _fields(kind)
        present = [key for key in value if key in children]
        if present != [name for name in names if name in value]:
            problems.append(path)
        for key in present:
            _collect_problems(value[key], children[key], join_path(path, key), problems)
    elif isinstance(kind, model_types.ListType) and isinstance(value, list):
        for index, item in enumerate(value):
            _collect_problems(item, kind.item_type, join_path(path, index), problems)
