"""The record page's closing sections: sponsors and investigators, publications, IPD sharing, and
"more information" (oversight flags, other IDs, key record dates, documents).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from trialbase.domain.model import Study
from trialbase.domain.model.protocol import ProtocolSection, ResponsibleParty
from trialbase.web import study_labels as lb
from trialbase.web.study_labels import Fact, facts
from trialbase.web.study_text import Block, blocks

LARGE_DOCS = "https://cdn.clinicaltrials.gov/large-docs"


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str
    affiliation: str


@dataclass(frozen=True, slots=True)
class ReferenceView:
    citation: str
    kind: str
    pubmed_url: str | None
    pmid: str
    retracted_by: list[str]


@dataclass(frozen=True, slots=True)
class LinkView:
    label: str
    url: str
    href: str | None


@dataclass(frozen=True, slots=True)
class IdView:
    id: str
    kind: str
    href: str | None


@dataclass(frozen=True, slots=True)
class MoreInfo:
    lead_sponsor: str
    lead_sponsor_class: str
    organization: str
    collaborators: list[str]
    responsible_party: str
    investigators: list[Person]
    references: list[ReferenceView]
    links: list[LinkView]
    ipd: list[Fact]
    ipd_description: list[Block]
    ipd_url: LinkView | None
    oversight: list[Fact]
    other_ids: list[IdView]
    record_dates: list[Fact]
    documents: list[LinkView]


def responsible_party_text(party: ResponsibleParty | None, lead_sponsor: str) -> str:
    """ "Hai Li, chief physician ..., Shanghai Jiao Tong University" or "Sponsor" as the page says."""
    if party is None:
        return ""
    people = [party.investigatorFullName, party.investigatorTitle, party.investigatorAffiliation]
    named = ", ".join(part for part in people if part)
    if named:
        return named
    if party.oldNameTitle or party.oldOrganization:
        return ", ".join(part for part in (party.oldNameTitle, party.oldOrganization) if part)
    if party.type is not None and party.type.value == "SPONSOR" and lead_sponsor:
        return f"Sponsor ({lead_sponsor})"
    return lb.label(party.type)


def more_info(study: Study, nct_id: str) -> MoreInfo:
    protocol = study.protocolSection or ProtocolSection()
    sponsors = protocol.sponsorCollaboratorsModule
    lead = sponsors.leadSponsor if sponsors else None
    lead_name = (lead.name if lead else None) or ""
    contacts = protocol.contactsLocationsModule
    references = protocol.referencesModule
    ipd = protocol.ipdSharingStatementModule
    oversight = protocol.oversightModule
    ident = protocol.identificationModule
    status = protocol.statusModule
    other_ids = []
    if ident is not None and ident.orgStudyIdInfo is not None and ident.orgStudyIdInfo.id:
        org = ident.orgStudyIdInfo
        other_ids.append(IdView(org.id or "", lb.label(org.type) or "Organization ID", lb.safe_url(org.link)))
    for secondary in (ident.secondaryIdInfos if ident else None) or []:
        kind = lb.label(secondary.type)
        if secondary.domain:
            kind = f"{kind} ({secondary.domain})" if kind else secondary.domain
        other_ids.append(IdView(secondary.id or "", kind, lb.safe_url(secondary.link)))
    for alias in (ident.nctIdAliases if ident else None) or []:
        other_ids.append(IdView(alias, "Obsolete NCT number", None))
    large_docs = (
        study.documentSection.largeDocumentModule.largeDocs
        if study.documentSection and study.documentSection.largeDocumentModule
        else None
    )
    return MoreInfo(
        lead_sponsor=lead_name,
        organization=(ident.organization.fullName if ident and ident.organization else None) or "",
        lead_sponsor_class=lb.label(lead.class_) if lead else "",
        collaborators=[item.name or "" for item in (sponsors.collaborators if sponsors else None) or []],
        responsible_party=responsible_party_text(sponsors.responsibleParty if sponsors else None, lead_name),
        investigators=[
            Person(item.name or "", lb.label(item.role), item.affiliation or "")
            for item in (contacts.overallOfficials if contacts else None) or []
        ],
        references=[
            ReferenceView(
                citation=item.citation or "",
                kind=lb.label(item.type),
                pubmed_url=lb.pubmed_url(item.pmid),
                pmid=item.pmid or "",
                retracted_by=[r.pmid or r.source or "" for r in item.retractions or []],
            )
            for item in (references.references if references else None) or []
        ],
        links=[
            LinkView(item.label or item.url or "", item.url or "", lb.safe_url(item.url))
            for item in (references.seeAlsoLinks if references else None) or []
        ]
        + [
            LinkView(
                " ".join(part for part in (item.type, item.id, item.comment) if part) or (item.url or ""),
                item.url or "",
                lb.safe_url(item.url),
            )
            for item in (references.availIpds if references else None) or []
        ],
        ipd=facts(
            ("Plan to share individual participant data (IPD)", lb.label(ipd.ipdSharing) if ipd else None),
            ("Supporting information", lb.labels(ipd.infoTypes or []) if ipd else None),
            ("Time frame", ipd.timeFrame if ipd else None),
            ("Access criteria", ipd.accessCriteria if ipd else None),
        ),
        ipd_description=blocks(ipd.description if ipd else None),
        ipd_url=LinkView(ipd.url, ipd.url, lb.safe_url(ipd.url)) if ipd and ipd.url else None,
        oversight=facts(
            (
                "Studies a U.S. FDA-regulated drug product",
                lb.yes_no(oversight.isFdaRegulatedDrug) if oversight else None,
            ),
            (
                "Studies a U.S. FDA-regulated device product",
                lb.yes_no(oversight.isFdaRegulatedDevice) if oversight else None,
            ),
            (
                "Device not approved or cleared by the FDA",
                lb.yes_no(oversight.isUnapprovedDevice) if oversight else None,
            ),
            (
                "Pediatric postmarket surveillance of a device",
                lb.yes_no(oversight.isPpsd) if oversight else None,
            ),
            (
                "Product manufactured in and exported from the U.S.",
                lb.yes_no(oversight.isUsExport) if oversight else None,
            ),
            ("Data monitoring committee", lb.yes_no(oversight.oversightHasDmc) if oversight else None),
            ("FDAAA 801 violation", lb.yes_no(oversight.fdaaa801Violation) if oversight else None),
        ),
        other_ids=other_ids,
        record_dates=facts(
            ("ClinicalTrials.gov ID", nct_id),
            ("First submitted", lb.human_date(status.studyFirstSubmitDate) if status else None),
            (
                "First submitted that met QC criteria",
                lb.human_date(status.studyFirstSubmitQcDate) if status else None,
            ),
            (
                "First posted",
                lb.dated(status.studyFirstPostDateStruct.date, status.studyFirstPostDateStruct.type)
                if status and status.studyFirstPostDateStruct
                else None,
            ),
            ("Results first submitted", lb.human_date(status.resultsFirstSubmitDate) if status else None),
            (
                "Results first posted",
                lb.dated(status.resultsFirstPostDateStruct.date, status.resultsFirstPostDateStruct.type)
                if status and status.resultsFirstPostDateStruct
                else None,
            ),
            ("Last update submitted", lb.human_date(status.lastUpdateSubmitDate) if status else None),
            (
                "Last update posted",
                lb.dated(status.lastUpdatePostDateStruct.date, status.lastUpdatePostDateStruct.type)
                if status and status.lastUpdatePostDateStruct
                else None,
            ),
            ("Last verified", lb.human_date(status.statusVerifiedDate) if status else None),
        ),
        documents=[
            LinkView(
                " · ".join(part for part in (doc.label, lb.human_date(doc.date)) if part)
                or (doc.filename or ""),
                doc.filename or "",
                lb.safe_url(f"{LARGE_DOCS}/{nct_id[-2:]}/{nct_id}/{quote(doc.filename)}")
                if doc.filename and "/" not in doc.filename
                else None,
            )
            for doc in large_docs or []
        ],
    )
