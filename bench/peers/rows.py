"""The studies a peer reads and the row it stores and indexes for each."""

from __future__ import annotations

import datetime as dt
import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import orjson

from trialbase.domain.partial_date import InvalidDate, PartialDate
from trialbase.domain.study_facts import study_facts

Document = dict[str, Any]
Facets = dict[str, list[tuple[str, int]]]
Answer = tuple[list[str], int, Facets]


# ---------------------------------------------------------------------------------------------
# Reading studies and the row a peer stores


def read_documents(path: Path, count: int | None = None) -> Iterator[Document]:
    """The v2 documents of a JSON Lines file (gzip-compressed when it ends in .gz), the first ``count``."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        lines = (line for line in handle if line.strip())
        for line in islice(lines, count):
            yield orjson.loads(line)


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return PartialDate.parse(text).earliest()
    except InvalidDate:
        return None


def _texts(items: list[Any] | None, *keys: str) -> list[str]:
    found: list[str] = []
    for item in items or ():
        for key in keys:
            value = item.get(key) if isinstance(item, dict) else None
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, list):
                found.extend(v for v in value if isinstance(v, str))
    return found


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


@dataclass(frozen=True, slots=True)
class StudyRow:
    """One study as a peer stores it: text to index, values to filter and facet on, its sites."""

    nct_id: str
    title: str  # brief title, official title, acronym
    conditions: list[str]
    condition_text: list[str]  # conditions, keywords, condition MeSH terms
    intervention_text: list[str]  # intervention names and other names, intervention MeSH terms
    summary: str
    outcome_text: list[str]  # primary, secondary and other outcome measures
    sponsor_text: list[str]  # lead sponsor and collaborators
    location_text: list[str]  # distinct facilities, cities, states and countries of the sites
    overall_status: str | None
    phases: list[str]
    study_type: str | None
    funder_type: str | None
    sex: str | None
    healthy_volunteers: bool | None
    has_results: bool
    start_date: dt.date | None
    primary_completion_date: dt.date | None
    completion_date: dt.date | None
    first_post_date: dt.date | None
    last_update_date: dt.date | None
    results_first_post_date: dt.date | None
    enrollment: int | None
    minimum_age_days: float | None
    maximum_age_days: float | None
    sites: list[tuple[float, float]]  # (latitude, longitude) of every site with a geo point


def study_row(document: Document) -> StudyRow:
    facts = study_facts(document)
    protocol = document.get("protocolSection", {})
    ident = protocol.get("identificationModule", {})
    conditions = protocol.get("conditionsModule", {})
    arms = protocol.get("armsInterventionsModule", {})
    outcomes = protocol.get("outcomesModule", {})
    sponsors = protocol.get("sponsorCollaboratorsModule", {})
    derived = document.get("derivedSection", {})
    sites = protocol.get("contactsLocationsModule", {}).get("locations", [])
    points = [
        (float(site["geoPoint"]["lat"]), float(site["geoPoint"]["lon"]))
        for site in sites
        if isinstance(site.get("geoPoint"), dict) and "lat" in site["geoPoint"] and "lon" in site["geoPoint"]
    ]
    condition_names = [c for c in conditions.get("conditions", []) if isinstance(c, str)]
    return StudyRow(
        nct_id=facts.nct_id,
        title=" ; ".join(_unique([ident.get(key) for key in ("briefTitle", "officialTitle", "acronym")])),
        conditions=_unique(condition_names),
        condition_text=_unique(
            condition_names
            + [k for k in conditions.get("keywords", []) if isinstance(k, str)]
            + _texts(derived.get("conditionBrowseModule", {}).get("meshes"), "term")
        ),
        intervention_text=_unique(
            _texts(arms.get("interventions"), "name", "otherNames")
            + _texts(derived.get("interventionBrowseModule", {}).get("meshes"), "term")
        ),
        summary=protocol.get("descriptionModule", {}).get("briefSummary") or "",
        outcome_text=_unique(
            _texts(outcomes.get("primaryOutcomes"), "measure")
            + _texts(outcomes.get("secondaryOutcomes"), "measure")
            + _texts(outcomes.get("otherOutcomes"), "measure")
        ),
        sponsor_text=_unique(
            [sponsors.get("leadSponsor", {}).get("name"), *_texts(sponsors.get("collaborators"), "name")]
        ),
        location_text=_unique(_texts(sites, "facility", "city", "state", "country")),
        overall_status=facts.overall_status,
        phases=facts.phases.split("|") if facts.phases else [],
        study_type=facts.study_type,
        funder_type=facts.lead_sponsor_class,
        sex=facts.sex,
        healthy_volunteers=facts.healthy_volunteers,
        has_results=facts.has_results,
        start_date=_date(facts.start_date),
        primary_completion_date=_date(facts.primary_completion_date),
        completion_date=_date(facts.completion_date),
        first_post_date=_date(facts.first_post_date),
        last_update_date=_date(facts.last_update_post_date),
        results_first_post_date=_date(facts.results_first_post_date),
        enrollment=facts.enrollment,
        minimum_age_days=facts.minimum_age_days,
        maximum_age_days=facts.maximum_age_days,
        sites=points,
    )
