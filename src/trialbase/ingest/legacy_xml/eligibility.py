"""Who can take part in a ``<clinical_study>``: criteria, sex, ages, healthy volunteers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from trialbase.domain.age import Age
from trialbase.domain.enums import SamplingMethod, Sex, StandardAge
from trialbase.domain.model.protocol import EligibilityModule
from trialbase.ingest.legacy_xml.record_reader import ROOT, RecordReader, child_path

_CHILD_MAX_YEARS = 18
_OLDER_ADULT_MIN_YEARS = 65


# --- eligibility ------------------------------------------------------------------------------


def eligibility_module(root: ET.Element, r: RecordReader) -> EligibilityModule | None:
    element = root.find("eligibility")
    if element is None:
        return None
    path = child_path(ROOT, "eligibility")
    minimum = r.age(element, "minimum_age", path)
    maximum = r.age(element, "maximum_age", path)
    return EligibilityModule(
        eligibilityCriteria=r.textblock(element, "criteria"),
        healthyVolunteers=_healthy_volunteers(element, path, r),
        sex=r.enum(Sex, element, "gender", path),
        genderBased=r.boolean(element, "gender_based", path),
        genderDescription=r.markup(element, "gender_description"),
        minimumAge=minimum,
        maximumAge=maximum,
        stdAges=standard_ages(minimum, maximum),
        studyPopulation=r.textblock(element, "study_pop"),
        samplingMethod=r.enum(SamplingMethod, element, "sampling_method", path),
    )


def _healthy_volunteers(element: ET.Element, path: str, r: RecordReader) -> bool | None:
    value = r.text(element, "healthy_volunteers")
    if value is None:
        return None
    folded = value.casefold()
    if folded in {"accepts healthy volunteers", "yes"}:
        return True
    if folded == "no":
        return False
    r.error(
        child_path(path, "healthy_volunteers"),
        "unknown-enum-value",
        f"{value!r} is not a known healthy volunteers answer (expected 'Accepts Healthy Volunteers' or 'No')",
    )
    return None


def standard_ages(minimum: str | None, maximum: str | None) -> list[StandardAge]:
    """The age groups a study's age limits reach: child (under 18), adult (18-64), older adult (65+)."""
    low = Age.parse(minimum).in_years() if minimum else 0.0
    high = Age.parse(maximum).in_years() if maximum else float("inf")
    groups = []
    if low < _CHILD_MAX_YEARS:
        groups.append(StandardAge.CHILD)
    if low < _OLDER_ADULT_MIN_YEARS and high >= _CHILD_MAX_YEARS:
        groups.append(StandardAge.ADULT)
    if high >= _OLDER_ADULT_MIN_YEARS:
        groups.append(StandardAge.OLDER_ADULT)
    return groups
