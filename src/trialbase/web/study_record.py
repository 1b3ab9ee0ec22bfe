"""The study record page's view data: every section of a record, laid out as plain values.

Built from the typed v2 model; the template only renders what is here. Text stays plain text (the
template escapes it); free text is read into paragraphs and lists by ``study_text``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from markupsafe import Markup

from trialbase.domain.enums import Status
from trialbase.domain.model import Study
from trialbase.domain.model.derived import BrowseModule
from trialbase.domain.model.protocol import (
    ArmsInterventionsModule,
    Contact,
    ContactsLocationsModule,
    DesignModule,
    EligibilityModule,
    Outcome,
    ProtocolSection,
)
from trialbase.domain.unknown_status import shown_status
from trialbase.web import study_labels as lb
from trialbase.web.site_map_svg import MapPoint, site_map
from trialbase.web.study_labels import Fact, facts
from trialbase.web.study_more_info import MoreInfo, more_info
from trialbase.web.study_text import Block, CriteriaSection, blocks, criteria_sections


@dataclass(frozen=True, slots=True)
class StatusBanner:
    label: str
    tone: str  # open | closed | unknown | withdrawn: how the banner is coloured
    last_known: str
    why_stopped: str
    verified: str


@dataclass(frozen=True, slots=True)
class InterventionView:
    anchor: str
    type_label: str
    name: str
    description: list[Block]
    other_names: list[str]
    arm_labels: list[str]

    @property
    def heading(self) -> str:
        return f"{self.type_label}: {self.name}" if self.type_label else self.name


@dataclass(frozen=True, slots=True)
class ArmView:
    label: str
    type_label: str
    description: list[Block]
    interventions: list[InterventionView]
    unmatched: list[str]  # intervention names the arm lists that match no intervention


@dataclass(frozen=True, slots=True)
class OutcomeView:
    measure: str
    description: list[Block]
    time_frame: str


@dataclass(frozen=True, slots=True)
class OutcomeList:
    title: str
    outcomes: list[OutcomeView]


@dataclass(frozen=True, slots=True)
class ContactView:
    name: str
    role: str
    phone: str
    email: str
    email_href: str | None


@dataclass(frozen=True, slots=True)
class SiteView:
    facility: str
    place: str
    status: str
    contacts: list[ContactView]


@dataclass(frozen=True, slots=True)
class CountrySites:
    country: str
    sites: list[SiteView]


@dataclass(frozen=True, slots=True)
class Locations:
    central_contacts: list[ContactView]
    countries: list[CountrySites]
    site_count: int
    map_svg: Markup | None
    map_caption: str


@dataclass(frozen=True, slots=True)
class MeshGroup:
    title: str
    terms: list[str]
    ancestors: list[str]


@dataclass(slots=True)
class StudyRecord:
    nct_id: str
    brief_title: str
    official_title: str
    acronym: str
    synthetic: bool
    has_results: bool
    status: StatusBanner
    key_facts: list[Fact]
    brief_summary: list[Block]
    detailed_description: list[Block]
    conditions: list[str]
    keywords: list[str]
    design: list[Fact]
    arms: list[ArmView]
    interventions: list[InterventionView]
    outcomes: list[OutcomeList]
    eligibility: list[Fact]
    study_population: list[Block]
    criteria: list[CriteriaSection]
    locations: Locations
    more: MoreInfo
    mesh: list[MeshGroup] = field(default_factory=list)


_TONES = {
    Status.RECRUITING: "open",
    Status.NOT_YET_RECRUITING: "open",
    Status.ENROLLING_BY_INVITATION: "open",
    Status.AVAILABLE: "open",
    Status.UNKNOWN: "unknown",
    Status.WITHDRAWN: "stopped",
    Status.TERMINATED: "stopped",
    Status.SUSPENDED: "stopped",
}


def study_record(study: Study, *, nct_id: str, synthetic: bool, today: dt.date) -> StudyRecord:
    protocol = study.protocolSection or ProtocolSection()
    ident = protocol.identificationModule
    description = protocol.descriptionModule
    conditions = protocol.conditionsModule
    arms, interventions = arms_and_interventions(protocol.armsInterventionsModule)
    record = StudyRecord(
        nct_id=nct_id,
        brief_title=(ident.briefTitle if ident else None) or nct_id,
        official_title=(ident.officialTitle if ident else None) or "",
        acronym=(ident.acronym if ident else None) or "",
        synthetic=synthetic,
        has_results=bool(study.hasResults or study.resultsSection),
        status=status_banner(protocol, today),
        key_facts=key_facts(protocol, nct_id),
        brief_summary=blocks(description.briefSummary if description else None),
        detailed_description=blocks(description.detailedDescription if description else None),
        conditions=list((conditions.conditions if conditions else None) or []),
        keywords=list((conditions.keywords if conditions else None) or []),
        design=design_facts(protocol.designModule),
        arms=arms,
        interventions=interventions,
        outcomes=outcome_lists(protocol),
        eligibility=eligibility_facts(protocol.eligibilityModule),
        study_population=blocks(
            protocol.eligibilityModule.studyPopulation if protocol.eligibilityModule else None
        ),
        criteria=criteria_sections(
            protocol.eligibilityModule.eligibilityCriteria if protocol.eligibilityModule else None
        ),
        locations=locations(protocol.contactsLocationsModule),
        more=more_info(study, nct_id),
    )
    derived = study.derivedSection
    if derived is not None:
        record.mesh = [
            group
            for group in (
                mesh_group("Conditions", derived.conditionBrowseModule),
                mesh_group("Interventions", derived.interventionBrowseModule),
            )
            if group is not None
        ]
    return record


def status_banner(protocol: ProtocolSection, today: dt.date) -> StatusBanner:
    module = protocol.statusModule
    if module is None:
        return StatusBanner("Status not given", "unknown", "", "", "")
    shown = shown_status(module.overallStatus, module.lastKnownStatus, module.statusVerifiedDate, today=today)
    return StatusBanner(
        label=lb.label(shown.status) or "Status not given",
        tone=_TONES.get(shown.status, "closed") if shown.status else "unknown",
        last_known=lb.label(shown.last_known_status),
        why_stopped=module.whyStopped or "",
        verified=lb.human_date(module.statusVerifiedDate),
    )


def key_facts(protocol: ProtocolSection, nct_id: str) -> list[Fact]:
    status = protocol.statusModule
    design = protocol.designModule
    sponsors = protocol.sponsorCollaboratorsModule
    enrollment = design.enrollmentInfo if design else None
    enrolled = ""
    if enrollment is not None and enrollment.count is not None:
        enrolled = lb.plural(enrollment.count, "participant")
        if enrollment.type is not None:
            enrolled += f" ({lb.date_kind(enrollment.type)})"
    start = status.startDateStruct if status else None
    primary = status.primaryCompletionDateStruct if status else None
    completion = status.completionDateStruct if status else None
    first = status.studyFirstPostDateStruct if status else None
    last = status.lastUpdatePostDateStruct if status else None
    results = status.resultsFirstPostDateStruct if status else None
    return facts(
        ("ClinicalTrials.gov ID", nct_id),
        ("Study type", lb.label(design.studyType) if design else None),
        ("Phase", lb.labels(design.phases, " / ") if design else None),
        ("Enrollment", enrolled),
        ("Study start", lb.dated(start.date, start.type) if start else None),
        ("Primary completion", lb.dated(primary.date, primary.type) if primary else None),
        ("Study completion", lb.dated(completion.date, completion.type) if completion else None),
        ("First posted", lb.dated(first.date, first.type) if first else None),
        ("Results first posted", lb.dated(results.date, results.type) if results else None),
        ("Last update posted", lb.dated(last.date, last.type) if last else None),
        ("Sponsor", sponsors.leadSponsor.name if sponsors and sponsors.leadSponsor else None),
    )


def design_facts(design: DesignModule | None) -> list[Fact]:
    if design is None:
        return []
    info = design.designInfo
    masking = info.maskingInfo if info else None
    masking_text = lb.label(masking.masking) if masking else ""
    if masking and masking.whoMasked:
        masking_text += f" ({lb.labels(masking.whoMasked)})"
    bio = design.bioSpec
    access = design.expandedAccessTypes
    access_kinds = [
        name
        for name, flag in (
            ("Individual patients", access.individual if access else None),
            ("Intermediate-size population", access.intermediate if access else None),
            ("Treatment IND/protocol", access.treatment if access else None),
        )
        if flag
    ]
    return facts(
        ("Study type", lb.label(design.studyType)),
        ("Patient registry", lb.yes_no(design.patientRegistry)),
        ("Expanded access types", ", ".join(access_kinds)),
        ("Allocation", lb.label(info.allocation) if info else None),
        ("Intervention model", lb.label(info.interventionModel) if info else None),
        ("Intervention model description", info.interventionModelDescription if info else None),
        ("Observational model", lb.label(info.observationalModel) if info else None),
        ("Time perspective", lb.label(info.timePerspective) if info else None),
        ("Masking", masking_text),
        ("Masking description", masking.maskingDescription if masking else None),
        ("Primary purpose", lb.label(info.primaryPurpose) if info else None),
        ("Target follow-up duration", design.targetDuration),
        ("Biospecimen retention", lb.label(bio.retention) if bio else None),
        ("Biospecimen description", bio.description if bio else None),
    )


def arms_and_interventions(
    module: ArmsInterventionsModule | None,
) -> tuple[list[ArmView], list[InterventionView]]:
    """Arms with the interventions they receive, linked both ways.

    An arm names its interventions as ``Type: name`` (``interventionNames``); an intervention names
    its arms (``armGroupLabels``). Either link is enough to put the intervention in the arm's row.
    """
    if module is None:
        return [], []
    interventions = [
        InterventionView(
            anchor=f"intervention-{index + 1}",
            type_label=lb.label(item.type),
            name=item.name or "",
            description=blocks(item.description),
            other_names=list(item.otherNames or []),
            arm_labels=list(item.armGroupLabels or []),
        )
        for index, item in enumerate(module.interventions or [])
    ]
    by_heading = {_key(view.heading): view for view in interventions}
    by_name = {_key(view.name): view for view in interventions}
    arms = []
    for arm in module.armGroups or []:
        linked: list[InterventionView] = []
        unmatched = []
        for name in arm.interventionNames or []:
            found = by_heading.get(_key(name)) or by_name.get(_key(name.partition(":")[2] or name))
            if found is None:
                unmatched.append(name)
            elif found not in linked:
                linked.append(found)
        for view in interventions:
            if arm.label and arm.label in view.arm_labels and view not in linked:
                linked.append(view)
        arms.append(ArmView(arm.label or "", lb.label(arm.type), blocks(arm.description), linked, unmatched))
    return arms, interventions


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def outcome_lists(protocol: ProtocolSection) -> list[OutcomeList]:
    module = protocol.outcomesModule
    if module is None:
        return []

    def views(items: list[Outcome] | None) -> list[OutcomeView]:
        return [
            OutcomeView(item.measure or "", blocks(item.description), item.timeFrame or "")
            for item in items or []
        ]

    lists = [
        OutcomeList("Primary outcome measures", views(module.primaryOutcomes)),
        OutcomeList("Secondary outcome measures", views(module.secondaryOutcomes)),
        OutcomeList("Other outcome measures", views(module.otherOutcomes)),
    ]
    return [item for item in lists if item.outcomes]


def eligibility_facts(module: EligibilityModule | None) -> list[Fact]:
    if module is None:
        return []
    minimum, maximum = module.minimumAge, module.maximumAge
    if minimum and maximum:
        ages = f"{minimum} to {maximum}"
    elif minimum:
        ages = f"{minimum} and older"
    elif maximum:
        ages = f"up to {maximum}"
    else:
        ages = "No age limits given"
    if module.stdAges:
        ages += f" ({lb.labels(module.stdAges)})"
    return facts(
        ("Ages eligible for study", ages),
        ("Sexes eligible for study", lb.label(module.sex)),
        ("Gender based", lb.yes_no(module.genderBased)),
        ("Gender eligibility description", module.genderDescription),
        ("Accepts healthy volunteers", lb.yes_no(module.healthyVolunteers)),
        ("Sampling method", lb.label(module.samplingMethod)),
    )


def contact_view(contact: Contact) -> ContactView:
    phone = contact.phone or ""
    if phone and contact.phoneExt:
        phone += f" ext. {contact.phoneExt}"
    return ContactView(
        name=contact.name or "",
        role=lb.label(contact.role),
        phone=phone,
        email=contact.email or "",
        email_href=lb.mailto(contact.email),
    )


def locations(module: ContactsLocationsModule | None) -> Locations:
    if module is None:
        return Locations([], [], 0, None, "")
    by_country: dict[str, list[SiteView]] = {}
    points = []
    for site in module.locations or []:
        place = ", ".join(part for part in (site.city, site.state, site.zip) if part)
        by_country.setdefault(site.country or "Country not given", []).append(
            SiteView(
                facility=site.facility or "",
                place=place,
                status=lb.label(site.status),
                contacts=[contact_view(contact) for contact in site.contacts or []],
            )
        )
        if site.geoPoint is not None:
            name = ", ".join(part for part in (site.facility, site.city, site.country) if part)
            points.append(MapPoint(site.geoPoint.lat, site.geoPoint.lon, name))
    countries = [CountrySites(country, sites) for country, sites in by_country.items()]
    count = sum(len(group.sites) for group in countries)
    where = ", ".join(group.country for group in countries[:5]) + ("…" if len(countries) > 5 else "")
    caption = f"Map of {lb.plural(len(points), 'study site')} in {where}" if points else ""
    return Locations(
        central_contacts=[contact_view(contact) for contact in module.centralContacts or []],
        countries=countries,
        site_count=count,
        map_svg=site_map(points, title=caption) if points else None,
        map_caption=caption,
    )


def mesh_group(title: str, module: BrowseModule | None) -> MeshGroup | None:
    if module is None or not (module.meshes or module.ancestors):
        return None
    return MeshGroup(
        title,
        [mesh.term or mesh.id or "" for mesh in module.meshes or []],
        [mesh.term or mesh.id or "" for mesh in module.ancestors or []],
    )
