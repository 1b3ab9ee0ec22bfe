"""The legacy (display) values of the v2 enums, and reading them back."""

from __future__ import annotations

import enum

import pytest

from trialbase.domain.enums import (
    ALL_ENUMS,
    AgencyClass,
    DateType,
    DesignMasking,
    EnrollmentType,
    InterventionType,
    MeasureDispersionType,
    NonInferiorityType,
    Phase,
    ReferenceType,
    Sex,
    Status,
)
from trialbase.domain.legacy_values import (
    LEGACY_VALUES,
    UnknownLegacyValue,
    from_legacy,
    legacy_value,
    legacy_values,
)

EVERY_MEMBER = [member for enum_cls in ALL_ENUMS for member in enum_cls]


def test_every_enum_has_legacy_values_and_nothing_else_does() -> None:
    assert set(LEGACY_VALUES) == set(ALL_ENUMS)


@pytest.mark.parametrize("member", EVERY_MEMBER, ids=lambda member: f"{type(member).__name__}.{member.name}")
def test_every_member_of_every_enum_has_a_legacy_value(member: enum.StrEnum) -> None:
    label = legacy_value(member)

    assert isinstance(label, str)
    assert label.strip() == label != ""


@pytest.mark.parametrize("member", EVERY_MEMBER, ids=lambda member: f"{type(member).__name__}.{member.name}")
def test_every_legacy_value_reads_back_as_its_member(member: enum.StrEnum) -> None:
    assert from_legacy(type(member), legacy_value(member)) is member


@pytest.mark.parametrize("enum_cls", ALL_ENUMS, ids=lambda enum_cls: enum_cls.__name__)
def test_no_two_members_share_a_legacy_value(enum_cls: type[enum.StrEnum]) -> None:
    labels = legacy_values(enum_cls)

    assert len({" ".join(label.casefold().split()) for label in labels}) == len(labels)


@pytest.mark.parametrize(
    ("member", "label"),
    [
        (Status.NOT_YET_RECRUITING, "Not yet recruiting"),
        (Status.UNKNOWN, "Unknown status"),
        (Phase.NA, "Not Applicable"),
        (Phase.EARLY_PHASE1, "Early Phase 1"),
        (AgencyClass.FED, "U.S. Fed"),
        (AgencyClass.INDUSTRY, "Industry"),
        (DateType.ESTIMATED, "Anticipated"),
        (DesignMasking.NONE, "None (Open Label)"),
        (InterventionType.DIETARY_SUPPLEMENT, "Dietary Supplement"),
        (MeasureDispersionType.CONFIDENCE_975, "97.5% Confidence Interval"),
        (NonInferiorityType.SUPERIORITY_OR_OTHER_LEGACY, "Superiority or Other (legacy)"),
        (ReferenceType.RESULT, "result"),
    ],
)
def test_legacy_values_are_what_clinicaltrials_gov_published(member: enum.StrEnum, label: str) -> None:
    assert legacy_value(member) == label


@pytest.mark.parametrize(
    ("enum_cls", "text", "member"),
    [
        (Status, "not yet  RECRUITING", Status.NOT_YET_RECRUITING),
        (Status, "  Active,not recruiting ", Status.ACTIVE_NOT_RECRUITING),
        (DesignMasking, "none (open label)", DesignMasking.NONE),
        (Status, "NOT_YET_RECRUITING", Status.NOT_YET_RECRUITING),  # the v2 value itself
        (AgencyClass, "OTHER_GOV", AgencyClass.OTHER_GOV),  # the classic JSON API's class codes
    ],
)
def test_reading_ignores_case_and_spacing(
    enum_cls: type[enum.StrEnum], text: str, member: enum.StrEnum
) -> None:
    assert from_legacy(enum_cls, text) is member


@pytest.mark.parametrize(
    ("enum_cls", "text", "member"),
    [
        (DateType, "Estimate", DateType.ESTIMATED),  # posted dates in the public XML
        (EnrollmentType, "Anticipated", EnrollmentType.ESTIMATED),
        (Phase, "N/A", Phase.NA),
        (Phase, "Phase 0", Phase.EARLY_PHASE1),
        (Sex, "Both", Sex.ALL),
    ],
)
def test_other_legacy_spellings_are_accepted(
    enum_cls: type[enum.StrEnum], text: str, member: enum.StrEnum
) -> None:
    assert from_legacy(enum_cls, text) is member


def test_unknown_text_raises_with_what_would_be_accepted() -> None:
    with pytest.raises(UnknownLegacyValue) as raised:
        from_legacy(Sex, "Either")

    assert isinstance(raised.value, ValueError)
    assert raised.value.accepted == ("Female", "Male", "All")
    assert str(raised.value) == "'Either' is not a Sex value (expected one of Female, Male, All)"


def test_from_legacy_is_typed_by_the_enum_it_is_given() -> None:
    phase: Phase = from_legacy(Phase, "Phase 2")

    assert phase is Phase.PHASE2
