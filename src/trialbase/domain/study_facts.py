"""The handful of facts about a study that lists, filters and sorts need, read from its document.

These are derived data: the store keeps them in columns beside each study and rebuilds them from
the document whenever it changes. Dates stay partial ISO text (``2021-07``), which sorts correctly
as a string; ages become days so they compare.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trialbase.domain.age import Age, InvalidAge


@dataclass(frozen=True, slots=True)
class StudyFacts:
    nct_id: str
    brief_title: str | None
    overall_status: str | None
    study_type: str | None
    phases: str | None  # "PHASE1|PHASE2"
    lead_sponsor_name: str | None
    lead_sponsor_class: str | None
    enrollment: int | None
    start_date: str | None
    primary_completion_date: str | None
    completion_date: str | None
    first_post_date: str | None
    last_update_post_date: str | None
    results_first_post_date: str | None
    status_verified_date: str | None
    has_results: bool
    sex: str | None
    minimum_age_days: float | None
    maximum_age_days: float | None
    healthy_volunteers: bool | None

    def as_columns(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


def _get(node: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _age_days(text: Any) -> float | None:
    if not isinstance(text, str):
        return None
    try:
        return Age.parse(text).in_days()
    except InvalidAge:
        return None


def study_facts(document: dict[str, Any]) -> StudyFacts:
    """Read the facts from a document that has passed validation."""
    protocol = document.get("protocolSection", {})
    status = protocol.get("statusModule", {})
    design = protocol.get("designModule", {})
    eligibility = protocol.get("eligibilityModule", {})
    lead = _get(protocol, "sponsorCollaboratorsModule", "leadSponsor") or {}
    phases = design.get("phases")
    return StudyFacts(
        nct_id=protocol["identificationModule"]["nctId"],
        brief_title=_get(protocol, "identificationModule", "briefTitle"),
        overall_status=status.get("overallStatus"),
        study_type=design.get("studyType"),
        phases="|".join(phases) if phases else None,
        lead_sponsor_name=lead.get("name"),
        lead_sponsor_class=lead.get("class"),
        enrollment=_get(design, "enrollmentInfo", "count"),
        start_date=_get(status, "startDateStruct", "date"),
        primary_completion_date=_get(status, "primaryCompletionDateStruct", "date"),
        completion_date=_get(status, "completionDateStruct", "date"),
        first_post_date=_get(status, "studyFirstPostDateStruct", "date"),
        last_update_post_date=_get(status, "lastUpdatePostDateStruct", "date"),
        results_first_post_date=_get(status, "resultsFirstPostDateStruct", "date"),
        status_verified_date=status.get("statusVerifiedDate"),
        has_results=bool(document.get("hasResults")),
        sex=eligibility.get("sex"),
        minimum_age_days=_age_days(eligibility.get("minimumAge")),
        maximum_age_days=_age_days(eligibility.get("maximumAge")),
        healthy_volunteers=eligibility.get("healthyVolunteers"),
    )
