"""The rule registry, and the engine's promises: a clean study is clean, bad input never crashes."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.domain.validation.results_section import results_section
from tests.domain.validation.studies import TODAY, clean_study
from tests.factories import minimal_study
from trialbase.domain.issue import Severity
from trialbase.domain.validation import FAMILIES, RULES, RULES_BY_CODE, by_severity, validate


def test_every_rule_has_a_unique_kebab_case_code_a_family_and_a_description() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", code) for code in codes)
    for family in FAMILIES:
        assert family.RULES, family.FAMILY
        assert all(rule.family == family.FAMILY for rule in family.RULES)
    assert all(rule.description.endswith(").") or rule.description.endswith(".") for rule in RULES)
    assert {rule.severity for rule in RULES} == set(Severity)


def test_the_registry_is_data() -> None:
    assert RULES_BY_CODE["email-format"].as_dict() == {
        "code": "email-format",
        "severity": "error",
        "family": "contacts",
        "description": RULES_BY_CODE["email-format"].description,
    }


def test_a_complete_study_has_no_findings() -> None:
    assert validate(clean_study(), today=TODAY) == []


def test_a_non_object_is_one_finding() -> None:
    [issue] = validate(["not", "a", "study"], today=TODAY)
    assert (issue.code, issue.path, issue.severity) == ("not-an-object", "", Severity.ERROR)


def test_wrong_types_are_reported_once_by_the_structure_rules() -> None:
    document = clean_study()
    document["protocolSection"]["statusModule"] = "RECRUITING"
    issues = validate(document, today=TODAY)
    at_status = [issue for issue in issues if issue.path.startswith("protocolSection.statusModule")]
    assert [(issue.code, issue.path) for issue in at_status] == [
        ("wrong-type", "protocolSection.statusModule")
    ]


def _leaves(value: Any, keys: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield keys
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _leaves(child, (*keys, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _leaves(child, (*keys, index))


@pytest.mark.parametrize("replacement", [None, 7, "x", [], {}, [1], True])
def test_any_value_of_any_type_anywhere_never_crashes_and_every_code_is_registered(replacement: Any) -> None:
    base = clean_study()
    base["resultsSection"] = results_section()
    for keys in list(_leaves(base))[1:]:
        document = copy.deepcopy(base)
        target = document
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = replacement
        for issue in validate(document, today=TODAY):
            assert issue.code in RULES_BY_CODE, (keys, issue)


def test_by_severity_puts_errors_first() -> None:
    issues = validate(minimal_study(), today=TODAY)
    document = clean_study()
    document["protocolSection"]["statusModule"]["startDateStruct"] = {"date": "2024-01", "type": "ESTIMATED"}
    issues += validate(document, today=TODAY)
    ordered = by_severity(list(reversed(issues)))
    ranks = [[Severity.ERROR, Severity.WARNING, Severity.NOTE].index(issue.severity) for issue in ordered]
    assert ranks == sorted(ranks)
    assert {issue.severity for issue in issues} >= {Severity.ERROR, Severity.WARNING}
