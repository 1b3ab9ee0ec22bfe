"""The derived section of a ``<clinical_study>``: MeSH terms, removed countries, results submissions.

The XML lists the MeSH terms ClinicalTrials.gov matched (``<condition_browse>``,
``<intervention_browse>``) by name only: the meshes carry a ``term`` and no ``id``, and the
ancestors, leaves and branches that v2 adds are not in the XML, so they are left out.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from trialbase.domain.model.derived import (
    BrowseModule,
    DerivedSection,
    Mesh,
    MiscInfoModule,
    SubmissionInfo,
    SubmissionTracking,
)
from trialbase.ingest.legacy_xml.record_reader import ROOT, RecordReader, child_path

_DOWNLOAD_DATE = re.compile(r"\bon\s+(.+?)\s*$")
_UNKNOWN = "unknown"


def derived_section(root: ET.Element, r: RecordReader) -> DerivedSection | None:
    section = DerivedSection(
        miscInfoModule=_misc_info(root, r),
        conditionBrowseModule=_browse(root, "condition_browse", r),
        interventionBrowseModule=_browse(root, "intervention_browse", r),
    )
    return section if section != DerivedSection() else None


def _browse(root: ET.Element, tag: str, r: RecordReader) -> BrowseModule | None:
    terms = r.texts(root.find(tag), "mesh_term")
    return BrowseModule(meshes=[Mesh(term=term) for term in terms]) if terms else None


def _misc_info(root: ET.Element, r: RecordReader) -> MiscInfoModule | None:
    module = MiscInfoModule(
        versionHolder=_version_date(root, r),
        removedCountries=r.texts(root.find("removed_countries"), "country"),
        submissionTracking=_submission_tracking(root, r),
    )
    return module if module != MiscInfoModule() else None


def _version_date(root: ET.Element, r: RecordReader) -> str | None:
    """The data version: ``ClinicalTrials.gov processed this data on February 03, 2023`` -> ``2023-02-03``."""
    text = r.text(root.find("required_header"), "download_date")
    match = _DOWNLOAD_DATE.search(text) if text else None
    if match is None:
        return None
    return r.day(match.group(1), child_path(child_path(ROOT, "required_header"), "download_date"))


def _submission_tracking(root: ET.Element, r: RecordReader) -> SubmissionTracking | None:
    """``<pending_results>``: results sent for review (released), returned (reset), withdrawn (unreleased)."""
    pending = root.find("pending_results")
    if pending is None:
        return None
    path = child_path(ROOT, "pending_results")
    infos: list[SubmissionInfo] = []
    counts: dict[str, int] = {}
    for element in pending:
        counts[element.tag] = counts.get(element.tag, 0) + 1
        where = child_path(path, element.tag, counts[element.tag])
        value = (element.text or "").strip()
        if element.tag == "submitted":
            infos.append(SubmissionInfo(releaseDate=r.day(value, where)))
        elif element.tag in ("returned", "submission_canceled") and infos:
            current = infos[-1]
            if element.tag == "returned":
                current.resetDate = r.day(value, where)
            elif value.casefold() == _UNKNOWN:
                current.unreleaseDateUnknown = True
            else:
                current.unreleaseDate = r.day(value, where)
        else:
            r.warning(
                where,
                "unexpected-element",
                f"<{element.tag}> is not expected here (expected <submitted>, then <returned> or"
                " <submission_canceled>)",
            )
    return SubmissionTracking(submissionInfos=infos) if infos else None
