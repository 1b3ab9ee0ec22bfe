"""Oversight: the FDA-regulated product questions for trials with sites in the United States.

42 CFR Part 11 asks every interventional study that started on or after 18 January 2017 whether it
studies a U.S. FDA-regulated drug or device product; for a trial with U.S. sites the answer decides
whether it is an applicable clinical trial, so it is required. An answer of yes should be borne out
by an intervention of that kind.
"""

from __future__ import annotations

from collections.abc import Iterator

from trialbase.domain.issue import Issue, Severity
from trialbase.domain.validation.document_view import PROTOCOL, Study, get, items, text
from trialbase.domain.validation.required import FINAL_RULE_DATE
from trialbase.domain.validation.rule import Rule

FAMILY = "oversight"
FDA_QUESTION_MISSING = Rule(
    "fda-regulated-missing",
    Severity.ERROR,
    FAMILY,
    "An interventional study with U.S. sites (started on or after 18 January 2017) does not say "
    "whether it studies a U.S. FDA-regulated drug product and a U.S. FDA-regulated device product.",
)
FDA_PRODUCT_WITHOUT_INTERVENTION = Rule(
    "fda-product-without-intervention",
    Severity.WARNING,
    FAMILY,
    "The study says it studies an FDA-regulated drug (or device) product, but no intervention is of "
    "a drug-like (or device-like) type.",
)
RULES: tuple[Rule, ...] = (FDA_QUESTION_MISSING, FDA_PRODUCT_WITHOUT_INTERVENTION)

US_COUNTRIES = frozenset(
    {
        "United States",
        "Puerto Rico",
        "Guam",
        "American Samoa",
        "Northern Mariana Islands",
        "Virgin Islands (U.S.)",
        "U.S. Virgin Islands",
    }
)
_DRUG_TYPES = frozenset({"DRUG", "BIOLOGICAL", "GENETIC", "COMBINATION_PRODUCT"})
_DEVICE_TYPES = frozenset({"DEVICE", "COMBINATION_PRODUCT", "DIAGNOSTIC_TEST"})
_QUESTIONS = {
    "isFdaRegulatedDrug": ("a U.S. FDA-regulated drug product", _DRUG_TYPES),
    "isFdaRegulatedDevice": ("a U.S. FDA-regulated device product", _DEVICE_TYPES),
}


def has_us_site(study: Study) -> bool:
    return any(text(get(location, "country")) in US_COUNTRIES for _, location in study.locations())


def check(study: Study) -> Iterator[Issue]:
    oversight = study.module("oversightModule")
    start = study.date_struct("startDateStruct", "Study Start Date")
    recent = start is None or start.date.latest() >= FINAL_RULE_DATE
    if study.study_type == "INTERVENTIONAL" and recent and has_us_site(study):
        for field, (product, _) in _QUESTIONS.items():
            if not isinstance(oversight.get(field), bool):
                yield FDA_QUESTION_MISSING.issue(
                    f"{PROTOCOL}.oversightModule.{field}",
                    f"The study has sites in the United States but does not say whether it studies "
                    f"{product}. Answer yes (true) or no (false).",
                )
    interventions = list(items(get(study.protocol, "armsInterventionsModule", "interventions"), ""))
    if not interventions:
        return
    kinds = {text(intervention.get("type")) for _, intervention in interventions}
    for field, (product, types) in _QUESTIONS.items():
        if oversight.get(field) is True and not kinds & types:
            yield FDA_PRODUCT_WITHOUT_INTERVENTION.issue(
                f"{PROTOCOL}.oversightModule.{field}",
                f"The study says it studies {product}, but none of its interventions is of type "
                f"{', '.join(sorted(types))}. Check the answer or the intervention types.",
            )
