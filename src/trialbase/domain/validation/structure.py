"""Structure, types and enum values: the document against the v2 data model.

These findings come from ``trialbase.domain.study_document.check_document`` (the same check the
store and the importer use); this module names its codes as rules so the registry is complete.
"""

from __future__ import annotations

from collections.abc import Iterator

from trialbase.domain.issue import Issue, Severity
from trialbase.domain.study_document import check_document
from trialbase.domain.validation.document_view import Study
from trialbase.domain.validation.rule import Rule

FAMILY = "structure"
_E = Severity.ERROR

NOT_AN_OBJECT = Rule("not-an-object", _E, FAMILY, "The study is not a JSON object.")
RULES: tuple[Rule, ...] = (
    NOT_AN_OBJECT,
    Rule("wrong-type", _E, FAMILY, "A field holds the wrong kind of value (text, number, list, object)."),
    Rule("missing-field", _E, FAMILY, "A field the data model requires inside its object is absent."),
    Rule(
        "unknown-enum-value",
        _E,
        FAMILY,
        "A coded field (status, phase, study type, ...) holds a value that is not one of its v2 values.",
    ),
    Rule(
        "bad-date",
        _E,
        FAMILY,
        "A date is not yyyy, yyyy-MM or yyyy-MM-dd, or names a day that does not exist.",
    ),
    Rule("bad-age", _E, FAMILY, "An age is not a number and a unit, e.g. '18 Years'."),
    Rule("bad-nct-id", _E, FAMILY, "An NCT number is not NCT followed by 8 digits."),
    Rule("bad-format", _E, FAMILY, "A field does not have the form the data model requires."),
    Rule("missing-nct-id", _E, FAMILY, "The study has no NCT number."),
)


def check(study: Study) -> Iterator[Issue]:
    yield from check_document(study.document)
