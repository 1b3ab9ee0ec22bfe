"""One legacy ``<clinical_study>`` record to a v2 study document, with every problem reported."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

import msgspec

from trialbase.domain.issue import Issue, Severity
from trialbase.domain.model import Study
from trialbase.domain.model.protocol import ProtocolSection
from trialbase.domain.model.results import ResultsSection
from trialbase.domain.nct_id import InvalidNctId, parse_nct_id
from trialbase.domain.study_document import validate_document
from trialbase.ingest.geocode import geocode
from trialbase.ingest.legacy_xml import protocol, study_design
from trialbase.ingest.legacy_xml.adverse_events import adverse_events_module, more_info_module
from trialbase.ingest.legacy_xml.contacts_locations import Geocoder, contacts_locations_module
from trialbase.ingest.legacy_xml.derived import derived_section
from trialbase.ingest.legacy_xml.eligibility import eligibility_module
from trialbase.ingest.legacy_xml.record_reader import ROOT, RecordReader, child_path
from trialbase.ingest.legacy_xml.references_documents import (
    document_section,
    ipd_sharing_statement_module,
    references_module,
)
from trialbase.ingest.legacy_xml.results import (
    baseline_characteristics_module,
    outcome_measures_module,
    participant_flow_module,
)

FORMAT = "legacy-xml"
_ROOT = ROOT
_NCT_ID_PATH = child_path(child_path(_ROOT, "id_info"), "nct_id")
_NCT_ID_IN_TEXT = re.compile(rb"<nct_id>\s*([^<\s]+)\s*</nct_id>")


@dataclass(frozen=True, slots=True)
class ConversionResult:
    """A converted record: the v2 document, or ``None`` when an error blocks it, and why.

    ``nct_id`` is filled whenever the record names one, even when the document is rejected, so the
    import report can say which study failed. ``provenance`` travels beside the document (see
    ``trialbase.ingest.record.SourceRecord``): ``format`` is always ``legacy-xml`` and
    ``approximateGeoPoints`` lists the locations whose ``geoPoint`` was geocoded from the city.
    """

    document: dict[str, Any] | None
    nct_id: str | None
    issues: tuple[Issue, ...] = ()
    provenance: dict[str, Any] = field(default_factory=lambda: {"format": FORMAT})


def convert_clinical_study(xml: bytes, *, geocoder: Geocoder | None = geocode) -> ConversionResult:
    """Convert one ``<clinical_study>`` document to the ClinicalTrials.gov API v2 study shape.

    Never raises for bad input: malformed XML, unknown values, bad dates and missing identifiers
    become issues whose path names the XML element (``clinical_study/start_date``). A record with
    an error gets ``document=None``. As a last check the document is validated against the v2
    model; a problem found there (none is known) is reported with its v2 field path. ``geocoder``
    places sites without coordinates (pass ``None`` to leave ``geoPoint`` out).
    """
    try:
        root = ET.fromstring(xml)
    except (ET.ParseError, LookupError, ValueError) as error:  # LookupError: an unknown encoding
        issue = Issue(
            "",
            "malformed-xml",
            f"the record is not well-formed XML: {error} (expected one <clinical_study> document)",
        )
        return ConversionResult(None, _nct_id_from_text(xml), (issue,))
    if root.tag != _ROOT:
        issue = Issue(
            root.tag, "not-a-clinical-study", f"the root element is <{root.tag}> (expected <{_ROOT}>)"
        )
        return ConversionResult(None, _nct_id_from_text(xml), (issue,))
    reader = RecordReader()
    nct_id = _nct_id(root, reader)
    try:
        document, approximate = _document(root, reader, nct_id, geocoder)
    except Exception as error:  # the converter's own bug must not stop an import: report it
        reader.error(
            _ROOT, "conversion-failed", f"the record could not be converted ({type(error).__name__}: {error})"
        )
        document, approximate = None, []
    issues = reader.issues
    if document is not None and not any(issue.severity is Severity.ERROR for issue in issues):
        issues.extend(validate_document(document))
    provenance: dict[str, Any] = {"format": FORMAT}
    if any(issue.severity is Severity.ERROR for issue in issues):
        return ConversionResult(None, nct_id, tuple(issues), provenance)
    provenance["approximateGeoPoints"] = approximate
    return ConversionResult(document, nct_id, tuple(issues), provenance)


def _nct_id(root: ET.Element, r: RecordReader) -> str | None:
    text = root.findtext("id_info/nct_id")
    if text is None or not text.strip():
        r.error(
            _NCT_ID_PATH,
            "missing-nct-id",
            "the record has no NCT number (expected <id_info><nct_id>NCT04822922</nct_id></id_info>)",
        )
        return None
    try:
        nct_id = parse_nct_id(text)
    except InvalidNctId:
        r.error(
            _NCT_ID_PATH,
            "bad-nct-id",
            f"{text.strip()!r} is not an NCT number (expected NCT followed by 8 digits, e.g. NCT04822922)",
        )
        return None
    if nct_id != text.strip():
        r.warning(_NCT_ID_PATH, "nct-id-normalised", f"{text.strip()!r} was read as {nct_id}")
    return nct_id


def _nct_id_from_text(xml: bytes | str) -> str | None:
    """The NCT number of a record that could not be parsed, when its ``<nct_id>`` is readable."""
    raw = xml.encode("utf-8", "replace") if isinstance(xml, str) else xml
    match = _NCT_ID_IN_TEXT.search(raw)
    if match is None:
        return None
    try:
        return parse_nct_id(match.group(1).decode("ascii", "replace"))
    except InvalidNctId:
        return None


def _document(
    root: ET.Element, r: RecordReader, nct_id: str | None, geocoder: Geocoder | None
) -> tuple[dict[str, Any], list[int]]:
    contacts_locations, approximate = contacts_locations_module(root, r, geocoder)
    results = root.find("clinical_results")
    study = Study(
        protocolSection=ProtocolSection(
            identificationModule=protocol.identification_module(root, r, nct_id or ""),
            statusModule=protocol.status_module(root, r),
            sponsorCollaboratorsModule=protocol.sponsor_collaborators_module(root, r),
            oversightModule=protocol.oversight_module(root, r),
            descriptionModule=protocol.description_module(root, r),
            conditionsModule=protocol.conditions_module(root, r),
            designModule=study_design.design_module(root, r),
            armsInterventionsModule=study_design.arms_interventions_module(root, r),
            outcomesModule=study_design.outcomes_module(root, r),
            eligibilityModule=eligibility_module(root, r),
            contactsLocationsModule=contacts_locations,
            referencesModule=references_module(root, r),
            ipdSharingStatementModule=ipd_sharing_statement_module(root, r),
        ),
        resultsSection=_results_section(results, r) if results is not None else None,
        documentSection=document_section(root, r),
        derivedSection=derived_section(root, r),
        hasResults=results is not None,
    )
    document = msgspec.to_builtins(study)
    assert isinstance(document, dict)
    return document, approximate


def _results_section(results: ET.Element, r: RecordReader) -> ResultsSection:
    return ResultsSection(
        participantFlowModule=participant_flow_module(results, r),
        baselineCharacteristicsModule=baseline_characteristics_module(results, r),
        outcomeMeasuresModule=outcome_measures_module(results, r),
        adverseEventsModule=adverse_events_module(results, r),
        moreInfoModule=more_info_module(results, r),
    )
