"""Adverse events and the "more information" part of ``<clinical_results>``.

The XML keeps each group's totals as events of a ``Total`` category (``Total, serious adverse
events``, ``Total, all-cause mortality``, ``Total, other adverse events``); v2 keeps them on the
event group (``seriousNumAffected``, ``deathsNumAtRisk``, ...) and lists only real events.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from trialbase.domain.enums import AgreementRestrictionType, EventAssessment
from trialbase.domain.model.results import (
    AdverseEvent,
    AdverseEventsModule,
    CertainAgreement,
    EventGroup,
    EventStats,
    LimitationsAndCaveats,
    MoreInfoModule,
    PointOfContact,
)
from trialbase.ingest.legacy_xml.record_reader import RecordReader, child_path
from trialbase.ingest.legacy_xml.results import RESULTS, GroupIds

_TOTALS = {
    "total, serious adverse events": "serious",
    "total, all-cause mortality": "deaths",
    "total, other adverse events": "other",
}
_PI_EMPLOYED_TEXTS = (
    "All Principal Investigators ARE employed by the organization sponsoring the study.",
    "Principal Investigators are NOT employed by the organization sponsoring the study.",
)
_PI_EMPLOYED = dict(zip((text.casefold() for text in _PI_EMPLOYED_TEXTS), (True, False), strict=True))
_NO_AGREEMENT = "there is not an agreement between principal investigators and the sponsor"
_EMBARGO_UP_TO_60 = "for a period that is less than or equal to 60 days"
_EMBARGO_60_TO_180 = "more than 60 days but less than or equal to 180 days"
_STANDARD_EMBARGO = (
    "the only disclosure restriction on the pi is that the sponsor can review results communications"
)


def adverse_events_module(results: ET.Element, r: RecordReader) -> AdverseEventsModule | None:
    events = results.find("reported_events")
    if events is None:
        return None
    path = child_path(RESULTS, "reported_events")
    groups = GroupIds("EG", events.find("group_list"), path, r)
    totals: dict[tuple[str, str], tuple[int | None, int | None]] = {}
    serious = _events(events.find("serious_events"), child_path(path, "serious_events"), groups, totals, r)
    other = _events(events.find("other_events"), child_path(path, "other_events"), groups, totals, r)
    threshold = r.text(events.find("other_events"), "frequency_threshold") or r.text(
        events.find("serious_events"), "frequency_threshold"
    )
    event_groups = []
    for v2_id, group in groups.elements:
        deaths = totals.get((v2_id, "deaths"), (None, None))
        serious_total = totals.get((v2_id, "serious"), (None, None))
        other_total = totals.get((v2_id, "other"), (None, None))
        event_groups.append(
            EventGroup(
                id=v2_id,
                title=r.text(group, "title"),
                description=r.markup(group, "description"),
                deathsNumAffected=deaths[0],
                deathsNumAtRisk=deaths[1],
                seriousNumAffected=serious_total[0],
                seriousNumAtRisk=serious_total[1],
                otherNumAffected=other_total[0],
                otherNumAtRisk=other_total[1],
            )
        )
    return AdverseEventsModule(
        frequencyThreshold=threshold,
        timeFrame=r.text(events, "time_frame"),
        description=r.markup(events, "desc"),
        eventGroups=event_groups or None,
        seriousEvents=serious,
        otherEvents=other,
    )


def _events(
    element: ET.Element | None,
    path: str,
    groups: GroupIds,
    totals: dict[tuple[str, str], tuple[int | None, int | None]],
    r: RecordReader,
) -> list[AdverseEvent] | None:
    """The events of ``<serious_events>`` or ``<other_events>``; their totals go into ``totals``."""
    if element is None:
        return None
    vocabulary = r.text(element, "default_vocab")
    assessment = r.enum(EventAssessment, element, "default_assessment", path)
    events = []
    for index, category in enumerate(element.iterfind("category_list/category"), start=1):
        category_path = child_path(child_path(path, "category_list"), "category", index)
        organ_system = r.text(category, "title")
        for at, event in enumerate(category.iterfind("event_list/event"), start=1):
            where = child_path(child_path(category_path, "event_list"), "event", at)
            sub_title = event.find("sub_title")
            term = r.text(event, "sub_title")
            total = _TOTALS.get(term.casefold()) if term else None
            if total is not None:
                for group_id, stats in _stats(event, where, groups, r):
                    totals[(group_id, total)] = (stats.numAffected, stats.numAtRisk)
                continue
            events.append(
                AdverseEvent(
                    term=term,
                    organSystem=organ_system,
                    sourceVocabulary=(sub_title.get("vocab") if sub_title is not None else None)
                    or vocabulary,
                    assessmentType=r.enum(EventAssessment, event, "assessment", where) or assessment,
                    notes=r.markup(event, "description"),
                    stats=[stats for _, stats in _stats(event, where, groups, r)] or None,
                )
            )
    return events or None


def _stats(event: ET.Element, path: str, groups: GroupIds, r: RecordReader) -> list[tuple[str, EventStats]]:
    found = []
    for index, counts in enumerate(event.iterfind("counts"), start=1):
        where = child_path(path, "counts", index)
        group_id = groups.ref(counts.get("group_id"), where)
        if group_id is None:
            continue
        stats = EventStats(
            groupId=group_id,
            numEvents=r.integer(counts.get("events"), f"{where}/@events"),
            numAffected=r.integer(counts.get("subjects_affected"), f"{where}/@subjects_affected"),
            numAtRisk=r.integer(counts.get("subjects_at_risk"), f"{where}/@subjects_at_risk"),
        )
        found.append((group_id, stats))
    return found


# --- more information -------------------------------------------------------------------------


def more_info_module(results: ET.Element, r: RecordReader) -> MoreInfoModule | None:
    limitations = r.markup(results, "limitations_and_caveats")
    contact = results.find("point_of_contact")
    module = MoreInfoModule(
        limitationsAndCaveats=LimitationsAndCaveats(description=limitations) if limitations else None,
        certainAgreement=_certain_agreement(results, r),
        pointOfContact=(
            PointOfContact(
                title=r.text(contact, "name_or_title"),
                organization=r.text(contact, "organization"),
                email=r.text(contact, "email"),
                phone=r.text(contact, "phone"),
                phoneExt=r.text(contact, "phone_ext"),
            )
            if contact is not None
            else None
        ),
    )
    return module if module != MoreInfoModule() else None


def _certain_agreement(results: ET.Element, r: RecordReader) -> CertainAgreement | None:
    """The PI's employment and any agreement restricting what they may publish.

    The XML gives the PRS choices as sentences: "There is NOT an agreement ..." (no restriction),
    the standard embargo of at most 60 days (``LTE60``) or of 60 to 180 days (``GT60``); any other
    text is the sponsor's own description of an ``OTHER`` restriction.
    """
    element = results.find("certain_agreements")
    if element is None:
        return None
    path = child_path(RESULTS, "certain_agreements")
    employee = r.text(element, "pi_employee")
    pi_employee = None
    if employee is not None:
        pi_employee = _PI_EMPLOYED.get(" ".join(employee.casefold().split()))
        if pi_employee is None:
            accepted = ", ".join(repr(text) for text in _PI_EMPLOYED_TEXTS)
            r.error(
                child_path(path, "pi_employee"),
                "unknown-enum-value",
                f"{employee!r} is not a known pi employee answer (expected one of {accepted})",
            )
    restrictive: bool | None = None
    restriction: AgreementRestrictionType | None = None
    details: str | None = None
    agreement = r.text(element, "restrictive_agreement")
    if agreement is not None:
        folded = " ".join(agreement.casefold().split())
        if folded.startswith(_NO_AGREEMENT):
            restrictive = False
        elif folded.startswith(_STANDARD_EMBARGO) and _EMBARGO_UP_TO_60 in folded:
            restrictive, restriction = True, AgreementRestrictionType.LTE60
        elif folded.startswith(_STANDARD_EMBARGO) and _EMBARGO_60_TO_180 in folded:
            restrictive, restriction = True, AgreementRestrictionType.GT60
        else:
            restrictive, restriction = True, AgreementRestrictionType.OTHER
            details = r.markup(element, "restrictive_agreement")
    agreement_block = CertainAgreement(
        piSponsorEmployee=pi_employee,
        restrictionType=restriction,
        restrictiveAgreement=restrictive,
        otherDetails=details,
    )
    return agreement_block if agreement_block != CertainAgreement() else None
