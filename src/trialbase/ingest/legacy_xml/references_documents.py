"""References, links, IPD sharing and provided documents of a ``<clinical_study>``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from trialbase.domain.enums import IpdSharing, IpdSharingInfoType, ReferenceType
from trialbase.domain.model.document import DocumentSection, LargeDoc, LargeDocumentModule
from trialbase.domain.model.protocol import (
    AvailIpd,
    IpdSharingStatementModule,
    Reference,
    ReferencesModule,
    SeeAlsoLink,
)
from trialbase.ingest.legacy_xml.record_reader import ROOT, RecordReader, child_path

# <reference> is background reading; <results_reference> reports the study's results.
_REFERENCE_TYPES = (("reference", ReferenceType.BACKGROUND), ("results_reference", ReferenceType.RESULT))
_DOCUMENT_NUMBER_SUFFIX = "_"


def references_module(root: ET.Element, r: RecordReader) -> ReferencesModule | None:
    references = [
        Reference(pmid=r.text(element, "PMID"), type=kind, citation=r.text(element, "citation"))
        for tag, kind in _REFERENCE_TYPES
        for element in root.iterfind(tag)
    ]
    links = [
        SeeAlsoLink(label=r.markup(element, "description"), url=r.text(element, "url"))
        for element in root.iterfind("link")
    ]
    documents = root.find("study_docs")
    ipds = [
        AvailIpd(
            id=r.text(element, "doc_id"),
            type=r.text(element, "doc_type"),
            url=r.text(element, "doc_url"),
            comment=r.markup(element, "doc_comment"),
        )
        for element in (documents.iterfind("study_doc") if documents is not None else ())
    ]
    if not references and not links and not ipds:
        return None
    return ReferencesModule(references=references or None, seeAlsoLinks=links or None, availIpds=ipds or None)


def ipd_sharing_statement_module(root: ET.Element, r: RecordReader) -> IpdSharingStatementModule | None:
    element = root.find("patient_data")
    if element is None:
        return None
    path = child_path(ROOT, "patient_data")
    info_types = [
        r.enum_value(IpdSharingInfoType, value, child_path(path, "ipd_info_type", index))
        for index, value in enumerate(r.texts(element, "ipd_info_type") or (), start=1)
    ]
    module = IpdSharingStatementModule(
        ipdSharing=r.enum(IpdSharing, element, "sharing_ipd", path),
        description=r.markup(element, "ipd_description"),
        infoTypes=[kind for kind in info_types if kind is not None] or None,
        timeFrame=r.markup(element, "ipd_time_frame"),
        accessCriteria=r.markup(element, "ipd_access_criteria"),
        url=r.text(element, "ipd_url"),
    )
    return module if module != IpdSharingStatementModule() else None


def document_section(root: ET.Element, r: RecordReader) -> DocumentSection | None:
    """``<provided_document_section>``: protocol, SAP and consent form files."""
    section = root.find("provided_document_section")
    if section is None:
        return None
    path = child_path(ROOT, "provided_document_section")
    documents = []
    for index, element in enumerate(section.iterfind("provided_document"), start=1):
        where = child_path(path, "provided_document", index)
        filename = _filename(r.text(element, "document_url"))
        documents.append(
            LargeDoc(
                typeAbbrev=_type_abbreviation(filename),
                hasProtocol=r.boolean(element, "document_has_protocol", where),
                hasSap=r.boolean(element, "document_has_sap", where),
                hasIcf=r.boolean(element, "document_has_icf", where),
                label=r.text(element, "document_type"),
                date=r.day(element.findtext("document_date"), child_path(where, "document_date")),
                filename=filename,
            )
        )
    if not documents:
        return None
    return DocumentSection(largeDocumentModule=LargeDocumentModule(largeDocs=documents))


def _filename(url: str | None) -> str | None:
    """``https://ClinicalTrials.gov/ProvidedDocs/35/NCT00004635/Prot_000.pdf`` -> ``Prot_000.pdf``."""
    if not url:
        return None
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    return name or None


def _type_abbreviation(filename: str | None) -> str | None:
    """``Prot_SAP_000.pdf`` -> ``Prot_SAP``, as v2 names the document kinds."""
    if not filename:
        return None
    stem = filename.rsplit(".", 1)[0]
    head, _, number = stem.rpartition(_DOCUMENT_NUMBER_SUFFIX)
    return head if head and number.isdigit() else None
