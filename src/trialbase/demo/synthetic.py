"""Synthetic studies for a fresh install: realistic, varied, valid, and plainly marked as synthetic.

``generate_studies(count, seed=...)`` yields v2 documents that pass ``check_document``. Every one
is marked in each place a study is shown: NCT ids from NCT99000001 upward (a block
ClinicalTrials.gov has not reached), ``briefTitle`` starting "[Synthetic] ", ``officialTitle``
starting "[Synthetic demo study] ", sponsors ending " (synthetic)", ``orgStudyIdInfo.id`` starting
"SYNTH-", facilities ending "(synthetic site)", and a first sentence in the summary saying so.

Study ``i`` depends only on ``(seed, i, as_of)``, so a longer run starts with the studies of a
shorter one. ``generate_update`` (in ``synthetic_update``) makes the next version of a study.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from typing import Any

import orjson

from trialbase.demo.synthetic_dates import Timeline, plan_timeline, post_type
from trialbase.demo.synthetic_design import (
    DRUG_LIKE,
    Design,
    arms_interventions_module,
    design_module,
    eligibility_module,
    outcomes_module,
    plan_design,
)
from trialbase.demo.synthetic_mesh import condition_ancestors, intervention_mesh, mesh_ids
from trialbase.demo.synthetic_parties import SYNTHETIC_SUFFIX, Sponsor, pick_person, pick_sponsor, pick_title
from trialbase.demo.synthetic_results import ResultsContext, results_section
from trialbase.demo.synthetic_sites import contacts_locations_module, plan_sites
from trialbase.demo.synthetic_titles import description_module, titles
from trialbase.demo.synthetic_update import generate_update
from trialbase.demo.synthetic_vocab import Area, Condition, areas
from trialbase.domain.document_order import in_document_order
from trialbase.domain.enums import (
    AgencyClass,
    InterventionType,
    IpdSharing,
    Phase,
    ResponsiblePartyType,
    Status,
    StudyType,
)

REFERENCE_DATE = dt.date(2025, 6, 30)
FIRST_NCT_NUMBER = 99_000_001
MAX_STUDIES = 999_999
BRIEF_TITLE_PREFIX = "[Synthetic] "
OFFICIAL_TITLE_PREFIX = "[Synthetic demo study] "
ORG_STUDY_ID_PREFIX = "SYNTH-"

__all__ = [
    "BRIEF_TITLE_PREFIX",
    "FIRST_NCT_NUMBER",
    "OFFICIAL_TITLE_PREFIX",
    "ORG_STUDY_ID_PREFIX",
    "REFERENCE_DATE",
    "SYNTHETIC_SUFFIX",
    "generate_studies",
    "generate_update",
    "synthetic_nct_id",
]

# overall status, "stale" (not verified for over two years), relative share
_STATUSES: tuple[tuple[Status, bool, int], ...] = (
    (Status.COMPLETED, False, 34),
    (Status.RECRUITING, False, 20),
    (Status.NOT_YET_RECRUITING, False, 8),
    (Status.ACTIVE_NOT_RECRUITING, False, 8),
    (Status.TERMINATED, False, 7),
    (Status.WITHDRAWN, False, 3),
    (Status.UNKNOWN, True, 8),
    (Status.RECRUITING, True, 6),
    (Status.ENROLLING_BY_INVITATION, False, 3),
    (Status.SUSPENDED, False, 2),
)
_EXPANDED_ACCESS_STATUSES = {
    Status.AVAILABLE: 50,
    Status.NO_LONGER_AVAILABLE: 25,
    Status.TEMPORARILY_NOT_AVAILABLE: 10,
    Status.APPROVED_FOR_MARKETING: 15,
}
_LAST_KNOWN = {
    Status.RECRUITING: 60,
    Status.NOT_YET_RECRUITING: 20,
    Status.ACTIVE_NOT_RECRUITING: 15,
    Status.ENROLLING_BY_INVITATION: 5,
}
_WHY_STOPPED = {
    Status.TERMINATED: (
        "Slow enrolment",
        "Sponsor decision unrelated to safety",
        "Futility at the planned interim analysis",
        "Funding ended",
        "Supply of study drug interrupted",
        "The principal investigator left the institution",
    ),
    Status.WITHDRAWN: (
        "No participants enrolled",
        "Funding was not obtained",
        "Sponsor decision before enrolment",
        "Replaced by a new protocol",
    ),
    Status.SUSPENDED: (
        "Temporary halt for a planned safety review",
        "Supply of study drug interrupted",
        "Enrolment paused by the sponsor",
    ),
}
_ENROLLMENT_RANGES = {
    Phase.EARLY_PHASE1: (12, 40),
    Phase.PHASE1: (12, 80),
    Phase.PHASE2: (30, 300),
    Phase.PHASE3: (200, 3000),
    Phase.PHASE4: (40, 600),
    Phase.NA: (20, 400),
}
# MeSH disease categories -> ClinicalTrials.gov condition browse branches
_BRANCHES = {
    "Neoplasms": ("BC04", "Neoplasms"),
    "Cardiovascular Diseases": ("BC14", "Heart and Blood Diseases"),
    "Nutritional and Metabolic Diseases": ("BC18", "Nutritional and Metabolic Diseases"),
    "Endocrine System Diseases": ("BC19", "Gland and Hormone Related Diseases"),
    "Virus Diseases": ("BC01", "Infections"),
    "Bacterial Infections and Mycoses": ("BC01", "Infections"),
    "Parasitic Diseases": ("BC01", "Infections"),
    "Infections": ("BC01", "Infections"),
    "Respiratory Tract Diseases": ("BC08", "Respiratory Tract (Lung and Bronchial) Diseases"),
    "Nervous System Diseases": ("BC10", "Nervous System Diseases"),
    "Mental Disorders": ("BXM", "Behaviors and Mental Disorders"),
    "Immune System Diseases": ("BC20", "Immune System Diseases"),
    "Digestive System Diseases": ("BC06", "Digestive System Diseases"),
    "Musculoskeletal Diseases": ("BC05", "Musculoskeletal Diseases"),
    "Skin and Connective Tissue Diseases": ("BC17", "Skin and Connective Tissue Diseases"),
    "Hemic and Lymphatic Diseases": ("BC15", "Blood and Lymph Conditions"),
    "Eye Diseases": ("BC11", "Eye Diseases"),
    "Otorhinolaryngologic Diseases": ("BC09", "Ear, Nose, and Throat Diseases"),
    "Female Urogenital Diseases and Pregnancy Complications": (
        "BXS",
        "Urinary Tract, Sexual Organs, and Pregnancy Conditions",
    ),
    "Male Urogenital Diseases": ("BXS", "Urinary Tract, Sexual Organs, and Pregnancy Conditions"),
    "Pathological Conditions, Signs and Symptoms": ("BC23", "Symptoms and General Pathology"),
    "Congenital, Hereditary, and Neonatal Diseases and Abnormalities": (
        "BC16",
        "Diseases and Abnormalities at or Before Birth",
    ),
    "Substance-Related Disorders": ("BC25", "Substance Related Disorders"),
}


def synthetic_nct_id(index: int) -> str:
    """The NCT id of the ``index``-th synthetic study (0 -> NCT99000001)."""
    if not 0 <= index < MAX_STUDIES:
        raise ValueError(f"a synthetic study index must be between 0 and {MAX_STUDIES - 1}, got {index}")
    return f"NCT{FIRST_NCT_NUMBER + index:08d}"


def generate_studies(
    count: int, *, seed: int = 0, as_of: dt.date = REFERENCE_DATE
) -> Iterator[dict[str, Any]]:
    """``count`` synthetic v2 study documents, the same for the same ``seed`` and ``as_of``.

    ``as_of`` is the day the records are "seen": statuses, ACTUAL/ESTIMATED dates and the
    two-year verification rule are relative to it.
    """
    if not 0 <= count <= MAX_STUDIES:
        raise ValueError(f"count must be between 0 and {MAX_STUDIES}, got {count}")
    for index in range(count):
        yield build_study(index, seed=seed, as_of=as_of)


def build_study(index: int, *, seed: int = 0, as_of: dt.date = REFERENCE_DATE) -> dict[str, Any]:
    """The ``index``-th synthetic study of ``seed``."""
    rng = random.Random(f"trialbase-demo:{seed}:{index}")
    all_areas = areas()
    area = rng.choices(all_areas, [a.weight for a in all_areas])[0]
    condition = rng.choice(area.conditions)
    roll = rng.random()
    study_type = (
        StudyType.EXPANDED_ACCESS
        if roll < 0.03
        else StudyType.OBSERVATIONAL
        if roll < 0.2
        else StudyType.INTERVENTIONAL
    )
    design = plan_design(rng, area, condition, study_type)

    last_known: Status | None = None
    if study_type is StudyType.EXPANDED_ACCESS:
        status = rng.choices(list(_EXPANDED_ACCESS_STATUSES), list(_EXPANDED_ACCESS_STATUSES.values()))[0]
        stale = False
    else:
        status, stale, _ = rng.choices(_STATUSES, [weight for *_, weight in _STATUSES])[0]
        if status is Status.UNKNOWN:
            last_known = rng.choices(list(_LAST_KNOWN), list(_LAST_KNOWN.values()))[0]
    results_chance = {Status.COMPLETED: 0.15, Status.TERMINATED: 0.1}.get(status, 0.0)
    has_results = study_type is not StudyType.EXPANDED_ACCESS and rng.random() < results_chance
    timeline = plan_timeline(
        rng,
        last_known or status,
        as_of,
        stale=stale,
        has_results=has_results,
        expanded_access=study_type is StudyType.EXPANDED_ACCESS,
    )
    sponsor = _lead_sponsor(rng, design)
    enrollment = _enrollment(rng, design, status, has_results)
    sites = plan_sites(rng, design, status, sponsor)

    protocol: dict[str, Any] = {
        "identificationModule": _identification(rng, index, area, condition, design, sponsor),
        "statusModule": _status(rng, status, last_known, timeline, design),
        "sponsorCollaboratorsModule": _sponsors(rng, sponsor),
        "oversightModule": _oversight(rng, design, sites.countries),
        "descriptionModule": description_module(rng, condition, design),
        "conditionsModule": _conditions(rng, condition),
        "designModule": design_module(rng, design, enrollment),
        "armsInterventionsModule": arms_interventions_module(design),
    }
    if study_type is not StudyType.EXPANDED_ACCESS:
        protocol["outcomesModule"] = outcomes_module(design)
    protocol["eligibilityModule"] = eligibility_module(rng, area, condition, design)
    protocol["contactsLocationsModule"] = contacts_locations_module(rng, sites, status, sponsor)
    protocol["ipdSharingStatementModule"] = _ipd_sharing(rng)
    document: dict[str, Any] = {"protocolSection": protocol}
    if has_results and enrollment is not None:
        context = ResultsContext(
            enrollment=enrollment[0],
            countries=sites.countries,
            sex=condition.sex,
            min_age=condition.min_age,
            max_age=condition.max_age,
            sponsor=sponsor.name,
            industry=sponsor.agency_class is AgencyClass.INDUSTRY,
            contact_email=f"disclosure@{sites.email_domain}",
            contact_phone=sites.sponsor_phone,
            terminated=status is Status.TERMINATED,
            oncology=area.code == "ONC",
        )
        document["resultsSection"] = results_section(rng, design, context)
    document["derivedSection"] = _derived(condition, design, as_of)
    document["hasResults"] = "resultsSection" in document
    return in_document_order(orjson.loads(orjson.dumps(document)))


def _lead_sponsor(rng: random.Random, design: Design) -> Sponsor:
    if design.study_type is StudyType.EXPANDED_ACCESS or design.investigational:
        chance = 0.9
    elif design.study_type is StudyType.OBSERVATIONAL:
        chance = 0.2
    else:
        chance = 0.5 if design.main.type in DRUG_LIKE else 0.15
    return pick_sponsor(rng, industry=rng.random() < chance)


def _enrollment(
    rng: random.Random, design: Design, status: Status, has_results: bool
) -> tuple[int, str] | None:
    if design.study_type is StudyType.EXPANDED_ACCESS:
        return None
    if status is Status.WITHDRAWN:
        return 0, "ACTUAL"
    low, high = (
        (50, 5000) if design.study_type is StudyType.OBSERVATIONAL else _ENROLLMENT_RANGES[design.phases[-1]]
    )
    target = round(math.exp(rng.uniform(math.log(low), math.log(high))))
    minimum = 2 * max(1, len(design.arms)) + (10 if has_results else 0)
    if status in (Status.COMPLETED, Status.ACTIVE_NOT_RECRUITING):
        return max(minimum, round(target * rng.uniform(0.8, 1.1))), "ACTUAL"
    if status is Status.TERMINATED:
        return max(minimum, round(target * rng.uniform(0.1, 0.7))), "ACTUAL"
    if status is Status.SUSPENDED and rng.random() < 0.5:
        return max(minimum, round(target * rng.uniform(0.2, 0.8))), "ACTUAL"
    estimate = max(minimum, round(target, -1) if target > 100 else target)
    return estimate, "ESTIMATED"


def _identification(
    rng: random.Random, index: int, area: Area, condition: Condition, design: Design, sponsor: Sponsor
) -> dict[str, Any]:
    brief, official, acronym = titles(rng, condition, design)
    module: dict[str, Any] = {
        "nctId": synthetic_nct_id(index),
        "orgStudyIdInfo": {"id": f"{ORG_STUDY_ID_PREFIX}{area.code}-{index + 1:06d}"},
    }
    if rng.random() < 0.2:
        module["secondaryIdInfos"] = [
            {
                "id": f"SYNTH-REG-{rng.randint(10000, 99999)}",
                "type": "REGISTRY",
                "domain": "Synthetic demo registry",
            }
        ]
    module["organization"] = {"fullName": sponsor.name, "class": sponsor.agency_class}
    module["briefTitle"] = BRIEF_TITLE_PREFIX + brief
    module["officialTitle"] = OFFICIAL_TITLE_PREFIX + official
    if acronym:
        module["acronym"] = acronym
    return module


def _date_struct(timeline: Timeline, value: dt.date, actual: bool) -> dict[str, str]:
    return {"date": timeline.study_date(value), "type": "ACTUAL" if actual else "ESTIMATED"}


def _status(
    rng: random.Random, status: Status, last_known: Status | None, timeline: Timeline, design: Design
) -> dict[str, Any]:
    module: dict[str, Any] = {"statusVerifiedDate": timeline.verified, "overallStatus": status}
    if last_known is not None:
        module["lastKnownStatus"] = last_known
    if status in _WHY_STOPPED:
        module["whyStopped"] = rng.choice(_WHY_STOPPED[status])
    if design.study_type is not StudyType.EXPANDED_ACCESS:
        module["expandedAccessInfo"] = {"hasExpandedAccess": False}
    if timeline.start is not None:
        module["startDateStruct"] = _date_struct(timeline, timeline.start, timeline.start_actual)
    if timeline.primary is not None:
        module["primaryCompletionDateStruct"] = _date_struct(
            timeline, timeline.primary, timeline.primary_actual
        )
    if timeline.completion is not None:
        module["completionDateStruct"] = _date_struct(
            timeline, timeline.completion, timeline.completion_actual
        )
    module["studyFirstSubmitDate"] = timeline.first_submit.isoformat()
    module["studyFirstSubmitQcDate"] = timeline.first_qc.isoformat()
    module["studyFirstPostDateStruct"] = {
        "date": timeline.first_post.isoformat(),
        "type": post_type(timeline.first_post),
    }
    if timeline.results_submit and timeline.results_qc and timeline.results_post:
        module["resultsFirstSubmitDate"] = timeline.results_submit.isoformat()
        module["resultsFirstSubmitQcDate"] = timeline.results_qc.isoformat()
        module["resultsFirstPostDateStruct"] = {"date": timeline.results_post.isoformat(), "type": "ACTUAL"}
    module["lastUpdateSubmitDate"] = timeline.last_submit.isoformat()
    module["lastUpdatePostDateStruct"] = {
        "date": timeline.last_post.isoformat(),
        "type": post_type(timeline.last_post),
    }
    return module


def _sponsors(rng: random.Random, sponsor: Sponsor) -> dict[str, Any]:
    module: dict[str, Any]
    if sponsor.agency_class is AgencyClass.INDUSTRY or rng.random() < 0.4:
        module = {"responsibleParty": {"type": ResponsiblePartyType.SPONSOR}}
    else:
        person = pick_person(rng)
        module = {
            "responsibleParty": {
                "type": ResponsiblePartyType.PRINCIPAL_INVESTIGATOR,
                "investigatorFullName": person.name,
                "investigatorTitle": pick_title(rng),
                "investigatorAffiliation": sponsor.name,
            }
        }
    module["leadSponsor"] = {"name": sponsor.name, "class": sponsor.agency_class}
    if rng.random() < 0.2:
        partners: list[Sponsor] = []
        for _ in range(rng.randint(1, 2)):
            partner = pick_sponsor(rng)
            if partner != sponsor and partner not in partners:
                partners.append(partner)
        if partners:
            module["collaborators"] = [{"name": p.name, "class": p.agency_class} for p in partners]
    return module


def _oversight(rng: random.Random, design: Design, countries: list[str]) -> dict[str, Any]:
    us = "United States" in countries
    interventional = design.study_type is not StudyType.OBSERVATIONAL
    device = any(t.type is InterventionType.DEVICE for t in design.treatments)
    return {
        "oversightHasDmc": interventional and design.phases[-1:] != [Phase.PHASE1] and rng.random() < 0.5,
        "isFdaRegulatedDrug": interventional and us and any(t.type in DRUG_LIKE for t in design.treatments),
        "isFdaRegulatedDevice": interventional and us and device,
    }


def _conditions(rng: random.Random, condition: Condition) -> dict[str, Any]:
    module: dict[str, Any] = {"conditions": [condition.name]}
    keywords = [word for word in condition.keywords if rng.random() < 0.6]
    if keywords:
        module["keywords"] = keywords
    return module


def _ipd_sharing(rng: random.Random) -> dict[str, Any]:
    choice = rng.choices([IpdSharing.NO, IpdSharing.UNDECIDED, IpdSharing.YES], [50, 20, 30])[0]
    module: dict[str, Any] = {"ipdSharing": choice}
    if choice is IpdSharing.YES:
        module["description"] = "De-identified individual participant data behind the published results."
        module["infoTypes"] = ["STUDY_PROTOCOL", "SAP", "CSR"]
        module["timeFrame"] = "From 6 months after publication, for 5 years."
        module["accessCriteria"] = "Researchers with an approved proposal, under a data use agreement."
    return module


def _mesh(term: str) -> dict[str, str]:
    return {"id": mesh_ids()[term], "term": term}


def _derived(condition: Condition, design: Design, as_of: dt.date) -> dict[str, Any]:
    ancestors = condition_ancestors()[condition.mesh]
    branches: list[tuple[str, str]] = []
    for name in (condition.mesh, *ancestors):
        branch = _BRANCHES.get(name)
        if branch and branch not in branches:
            branches.append(branch)
    branches.append(("All", "All Conditions"))
    derived: dict[str, Any] = {
        "miscInfoModule": {"versionHolder": as_of.isoformat()},
        "conditionBrowseModule": {
            "meshes": [_mesh(condition.mesh)],
            "ancestors": [_mesh(name) for name in ancestors],
            "browseBranches": [{"abbrev": abbrev, "name": name} for abbrev, name in branches],
        },
    }
    drug_terms = [intervention_mesh().get(t.name) for t in design.treatments if t.type in DRUG_LIKE]
    meshes = list(dict.fromkeys(term for term in drug_terms if term))
    if meshes:
        derived["interventionBrowseModule"] = {"meshes": [_mesh(term) for term in meshes]}
    return derived
