"""A study as a search result shows it: the card's facts and the table's columns, read from the
v2 document. Plain strings only: the templates escape everything they print.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from trialbase.domain import enums
from trialbase.domain.legacy_values import legacy_value
from trialbase.domain.partial_date import InvalidDate, PartialDate
from trialbase.search.geo import NearestSite


def _get(node: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _list(node: Any) -> list[Any]:
    return node if isinstance(node, list) else []


def enum_label(enum_cls: type[enum.StrEnum], value: Any) -> str:
    """The display text of a v2 enum value (``NOT_YET_RECRUITING`` -> ``Not yet recruiting``)."""
    if not isinstance(value, str) or not value:
        return ""
    try:
        return legacy_value(enum_cls(value))
    except (ValueError, KeyError):
        return value.replace("_", " ").capitalize()


def human_date(text: Any) -> str:
    if not isinstance(text, str) or not text:
        return ""
    try:
        return PartialDate.parse(text).human()
    except InvalidDate:
        return text


@dataclass(frozen=True, slots=True)
class Site:
    facility: str
    place: str  # "Boston, Massachusetts, United States"
    distance_mi: float
    distance_km: float


@dataclass(frozen=True, slots=True)
class StudySummary:
    nct_id: str
    title: str
    acronym: str
    status: str  # the v2 value, for styling
    status_label: str
    conditions: list[str]
    interventions: list[str]
    phases: str
    study_type: str
    sponsor: str
    enrollment: str
    start: str
    completion: str
    first_posted: str
    last_updated: str
    has_results: bool
    location_count: int
    sex: str
    ages: str
    summary: str
    nearest: Site | None
    document: dict[str, Any]

    def column(self, name: str) -> str:
        return COLUMNS[name][1](self)


def summarise(document: dict[str, Any], nearest: NearestSite | None = None) -> StudySummary:
    protocol = _get(document, "protocolSection") or {}
    identification = protocol.get("identificationModule") or {}
    status = protocol.get("statusModule") or {}
    design = protocol.get("designModule") or {}
    eligibility = protocol.get("eligibilityModule") or {}
    locations = _list(_get(protocol, "contactsLocationsModule", "locations"))
    interventions = [
        f"{enum_label(enums.InterventionType, item.get('type'))}: {item.get('name') or ''}".strip(": ")
        for item in _list(_get(protocol, "armsInterventionsModule", "interventions"))
        if isinstance(item, dict)
    ]
    enrollment = _get(design, "enrollmentInfo", "count")
    ages = " – ".join(
        part for part in (eligibility.get("minimumAge") or "", eligibility.get("maximumAge") or "") if part
    )
    site = None
    if (
        nearest is not None
        and 0 <= nearest.index < len(locations)
        and isinstance(locations[nearest.index], dict)
    ):
        location = locations[nearest.index]
        place = ", ".join(
            str(location[key]) for key in ("city", "state", "country") if isinstance(location.get(key), str)
        )
        site = Site(str(location.get("facility") or ""), place, nearest.distance_mi, nearest.distance_km)
    overall = status.get("overallStatus") or ""
    return StudySummary(
        nct_id=str(identification.get("nctId") or ""),
        title=str(identification.get("briefTitle") or identification.get("officialTitle") or ""),
        acronym=str(identification.get("acronym") or ""),
        status=str(overall),
        status_label=enum_label(enums.Status, overall),
        conditions=[str(item) for item in _list(_get(protocol, "conditionsModule", "conditions"))],
        interventions=interventions,
        phases=", ".join(enum_label(enums.Phase, phase) for phase in _list(design.get("phases"))),
        study_type=enum_label(enums.StudyType, design.get("studyType")),
        sponsor=str(_get(protocol, "sponsorCollaboratorsModule", "leadSponsor", "name") or ""),
        enrollment=""
        if enrollment is None
        else f"{enrollment:,}"
        if isinstance(enrollment, int)
        else str(enrollment),
        start=human_date(_get(status, "startDateStruct", "date")),
        completion=human_date(_get(status, "primaryCompletionDateStruct", "date")),
        first_posted=human_date(_get(status, "studyFirstPostDateStruct", "date")),
        last_updated=human_date(_get(status, "lastUpdatePostDateStruct", "date")),
        has_results=bool(document.get("hasResults")),
        location_count=len(locations),
        sex=enum_label(enums.Sex, eligibility.get("sex")),
        ages=ages,
        summary=str(_get(protocol, "descriptionModule", "briefSummary") or ""),
        nearest=site,
        document=document,
    )


def _join(values: list[str]) -> str:
    return "; ".join(values)


COLUMNS: dict[str, tuple[str, Callable[[StudySummary], str]]] = {
    "nct": ("NCT number", lambda study: study.nct_id),
    "title": ("Study title", lambda study: study.title),
    "acronym": ("Acronym", lambda study: study.acronym),
    "status": ("Status", lambda study: study.status_label),
    "conditions": ("Conditions", lambda study: _join(study.conditions)),
    "interventions": ("Interventions", lambda study: _join(study.interventions)),
    "phases": ("Phases", lambda study: study.phases),
    "studyType": ("Study type", lambda study: study.study_type),
    "sponsor": ("Sponsor", lambda study: study.sponsor),
    "enrollment": ("Enrollment", lambda study: study.enrollment),
    "sex": ("Sex", lambda study: study.sex),
    "ages": ("Ages", lambda study: study.ages),
    "start": ("Start date", lambda study: study.start),
    "completion": ("Primary completion", lambda study: study.completion),
    "firstPosted": ("First posted", lambda study: study.first_posted),
    "lastUpdated": ("Last update posted", lambda study: study.last_updated),
    "results": ("Results", lambda study: "Yes" if study.has_results else "No"),
    "locations": ("Sites", lambda study: str(study.location_count)),
}
DEFAULT_COLUMNS = (
    "nct",
    "title",
    "status",
    "conditions",
    "interventions",
    "phases",
    "sponsor",
    "lastUpdated",
)
