"""The protocol section from a ``<clinical_study>``: identification, status, sponsors, description.

Design, arms and outcomes are in ``study_design``, eligibility in ``eligibility``, contacts and
sites in ``contacts_locations``, references and IPD sharing in ``references_documents``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from trialbase.domain.enums import AgencyClass, DateType, ResponsiblePartyType, Status
from trialbase.domain.model.common import DateStruct
from trialbase.domain.model.protocol import (
    ConditionsModule,
    DescriptionModule,
    ExpandedAccessInfo,
    IdentificationModule,
    Organization,
    OrgStudyIdInfo,
    OversightModule,
    PartialDateStruct,
    ResponsibleParty,
    SecondaryIdInfo,
    Sponsor,
    SponsorCollaboratorsModule,
    StatusModule,
)
from trialbase.domain.nct_id import is_canonical_nct_id
from trialbase.ingest.legacy_xml.record_reader import ROOT, RecordReader, child_path

_POSTED_DATE_SPELLINGS = ("Estimate",)


# --- identification ---------------------------------------------------------------------------


def identification_module(root: ET.Element, r: RecordReader, nct_id: str) -> IdentificationModule:
    id_info = root.find("id_info")
    id_path = child_path(ROOT, "id_info")
    aliases = r.texts(id_info, "nct_alias")
    for index, alias in enumerate(aliases or (), start=1):
        if not is_canonical_nct_id(alias):
            r.error(
                child_path(id_path, "nct_alias", index),
                "bad-nct-id",
                f"{alias!r} is not an NCT number (expected NCT followed by 8 digits, e.g. NCT04822922)",
            )
    org_study_id = r.text(id_info, "org_study_id")
    secondary_ids = r.texts(id_info, "secondary_id")
    return IdentificationModule(
        nctId=nct_id,
        nctIdAliases=aliases,
        orgStudyIdInfo=OrgStudyIdInfo(id=org_study_id) if org_study_id else None,
        secondaryIdInfos=[SecondaryIdInfo(id=value) for value in secondary_ids] if secondary_ids else None,
        briefTitle=r.text(root, "brief_title"),
        officialTitle=r.text(root, "official_title"),
        acronym=r.text(root, "acronym"),
        organization=_organization(root, r),
    )


def _organization(root: ET.Element, r: RecordReader) -> Organization | None:
    """The registering organization is the XML's ``<source>``; its class is the matching sponsor's.

    In real v2 documents the organization's class is the class of the sponsor with the same name,
    and otherwise the lead sponsor's class, which is what this reproduces.
    """
    source = r.text(root, "source")
    if source is None:
        return None
    sponsors = root.find("sponsors")
    lead_class: AgencyClass | None = None
    if sponsors is not None:
        for index, sponsor in enumerate(sponsors, start=1):
            name = r.text(sponsor, "agency")
            klass = _quiet_agency_class(r, sponsor)
            if index == 1:
                lead_class = klass
            if name == source:
                return Organization(fullName=source, class_=klass)
    return Organization(fullName=source, class_=lead_class)


def _quiet_agency_class(r: RecordReader, sponsor: ET.Element) -> AgencyClass | None:
    """The class without reporting problems (``sponsor_collaborators_module`` reports them once)."""
    value = r.text(sponsor, "agency_class")
    if value is None:
        return None
    probe = RecordReader()
    return probe.enum_value(AgencyClass, value, "")


# --- status -----------------------------------------------------------------------------------


def status_module(root: ET.Element, r: RecordReader) -> StatusModule:
    has_expanded_access = r.boolean(root, "has_expanded_access", ROOT)
    return StatusModule(
        statusVerifiedDate=r.partial_date(
            root.findtext("verification_date"), child_path(ROOT, "verification_date")
        ),
        overallStatus=r.enum(Status, root, "overall_status", ROOT),
        lastKnownStatus=r.enum(Status, root, "last_known_status", ROOT),
        whyStopped=r.markup(root, "why_stopped"),
        expandedAccessInfo=(
            ExpandedAccessInfo(hasExpandedAccess=has_expanded_access)
            if has_expanded_access is not None
            else None
        ),
        startDateStruct=_partial_date_struct(root, "start_date", r),
        primaryCompletionDateStruct=_partial_date_struct(root, "primary_completion_date", r),
        completionDateStruct=_partial_date_struct(root, "completion_date", r),
        studyFirstSubmitDate=_day(root, "study_first_submitted", r),
        studyFirstSubmitQcDate=_day(root, "study_first_submitted_qc", r),
        studyFirstPostDateStruct=_date_struct(root, "study_first_posted", r),
        resultsFirstSubmitDate=_day(root, "results_first_submitted", r),
        resultsFirstSubmitQcDate=_day(root, "results_first_submitted_qc", r),
        resultsFirstPostDateStruct=_date_struct(root, "results_first_posted", r),
        dispFirstSubmitDate=_day(root, "disposition_first_submitted", r),
        dispFirstSubmitQcDate=_day(root, "disposition_first_submitted_qc", r),
        dispFirstPostDateStruct=_date_struct(root, "disposition_first_posted", r),
        lastUpdateSubmitDate=_day(root, "last_update_submitted", r),
        lastUpdatePostDateStruct=_date_struct(root, "last_update_posted", r),
    )


def _day(root: ET.Element, tag: str, r: RecordReader) -> str | None:
    return r.day(root.findtext(tag), child_path(ROOT, tag))


def _date_type(element: ET.Element, path: str, r: RecordReader) -> DateType | None:
    value = element.get("type")
    if value is None or not value.strip():
        return None
    return r.enum_value(DateType, value, f"{path}/@type", also_accepted=_POSTED_DATE_SPELLINGS)


def _partial_date_struct(root: ET.Element, tag: str, r: RecordReader) -> PartialDateStruct | None:
    element = root.find(tag)
    if element is None:
        return None
    path = child_path(ROOT, tag)
    date = r.partial_date(element.text, path)
    kind = _date_type(element, path, r)
    return PartialDateStruct(date=date, type=kind) if date is not None else None


def _date_struct(root: ET.Element, tag: str, r: RecordReader) -> DateStruct | None:
    element = root.find(tag)
    if element is None:
        return None
    path = child_path(ROOT, tag)
    date = r.day(element.text, path)
    kind = _date_type(element, path, r)
    return DateStruct(date=date, type=kind) if date is not None else None


# --- sponsors and oversight -------------------------------------------------------------------


def sponsor_collaborators_module(root: ET.Element, r: RecordReader) -> SponsorCollaboratorsModule | None:
    sponsors = root.find("sponsors")
    path = child_path(ROOT, "sponsors")
    lead: Sponsor | None = None
    collaborators: list[Sponsor] = []
    if sponsors is not None:
        lead_element = sponsors.find("lead_sponsor")
        if lead_element is not None:
            lead = _sponsor(lead_element, child_path(path, "lead_sponsor"), r)
        for index, element in enumerate(sponsors.iterfind("collaborator"), start=1):
            collaborators.append(_sponsor(element, child_path(path, "collaborator", index), r))
    party = _responsible_party(root, r)
    if lead is None and not collaborators and party is None:
        return None
    return SponsorCollaboratorsModule(
        responsibleParty=party, leadSponsor=lead, collaborators=collaborators or None
    )


def _sponsor(element: ET.Element, path: str, r: RecordReader) -> Sponsor:
    return Sponsor(name=r.text(element, "agency"), class_=r.enum(AgencyClass, element, "agency_class", path))


def _responsible_party(root: ET.Element, r: RecordReader) -> ResponsibleParty | None:
    element = root.find("responsible_party")
    if element is None:
        return None
    path = child_path(ROOT, "responsible_party")
    party = ResponsibleParty(
        type=r.enum(ResponsiblePartyType, element, "responsible_party_type", path),
        investigatorFullName=r.text(element, "investigator_full_name"),
        investigatorTitle=r.text(element, "investigator_title"),
        investigatorAffiliation=r.text(element, "investigator_affiliation"),
        oldNameTitle=r.text(element, "name_title"),
        oldOrganization=r.text(element, "organization"),
    )
    return party if party != ResponsibleParty() else None


def oversight_module(root: ET.Element, r: RecordReader) -> OversightModule | None:
    element = root.find("oversight_info")
    if element is None:
        return None
    path = child_path(ROOT, "oversight_info")
    module = OversightModule(
        oversightHasDmc=r.boolean(element, "has_dmc", path),
        isFdaRegulatedDrug=r.boolean(element, "is_fda_regulated_drug", path),
        isFdaRegulatedDevice=r.boolean(element, "is_fda_regulated_device", path),
        isUnapprovedDevice=r.boolean(element, "is_unapproved_device", path),
        isPpsd=r.boolean(element, "is_ppsd", path),
        isUsExport=r.boolean(element, "is_us_export", path),
    )
    return module if module != OversightModule() else None


# --- description and conditions ---------------------------------------------------------------


def description_module(root: ET.Element, r: RecordReader) -> DescriptionModule | None:
    module = DescriptionModule(
        briefSummary=r.textblock(root, "brief_summary"),
        detailedDescription=r.textblock(root, "detailed_description"),
    )
    return module if module != DescriptionModule() else None


def conditions_module(root: ET.Element, r: RecordReader) -> ConditionsModule | None:
    module = ConditionsModule(conditions=r.texts(root, "condition"), keywords=r.texts(root, "keyword"))
    return module if module != ConditionsModule() else None
