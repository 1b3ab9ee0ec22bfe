"""The form of each results module, and what the record page says about each.

The shapes are those of the v2 ``resultsSection``; the machinery (repeated parts, tables with a
column per group) is in ``result_tables``. A sponsor with large tables can upload the module as
JSON instead (``Drafts.upload_results``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from trialbase.domain import enums as e
from trialbase.domain.issue import Issue
from trialbase.registry.record_document import RESULTS_MODULES
from trialbase.web.prs.form_fields import Field, options
from trialbase.web.prs.result_tables import (
    Grid,
    GroupIds,
    Part,
    Posted,
    Repeat,
    ShownGrid,
    ShownRepeat,
    Table,
    Where,
    read_parts,
    shown_parts,
)

SECTION = "resultsSection"
_LABELS = dict(RESULTS_MODULES)
_GROUP_HELP = "Add the groups and save: each group then gets a column in the tables."


@dataclass(frozen=True, slots=True)
class ResultsForm:
    name: str
    label: str
    parts: tuple[Part, ...]
    intro: str = ""

    @property
    def path(self) -> str:
        return f"{SECTION}.{self.name}"


def _groups(prefix: str, label: str = "Group", *extra: Field) -> Repeat:
    return Repeat(
        "groups" if prefix != "EG" else "eventGroups",
        label,
        (Field("title", "Title"), Field("description", "Description", "textarea"), *extra),
        blank=1,
        id_prefix=prefix,
    )


def _count(path: str, label: str) -> Field:
    return Field(path, label, "int")


_DENOMS = Grid(
    "denoms",
    "Units analyzed",
    (Field("units", "Units (e.g. Participants)"),),
    "counts",
    (_count("value", "Number analyzed"),),
    numbers_as_text=True,
    defaults=("Participants",),
)
_MEASURE_FIELDS = (
    Field("title", "Title"),
    Field("description", "Description", "textarea"),
    Field("populationDescription", "Analysis population", "textarea"),
    Field("paramType", "Measure type", "select", options(e.MeasureParam)),
    Field(
        "dispersionType",
        "Measure of dispersion or precision",
        "select",
        options(e.MeasureDispersionType),
        help="the table asks for the spread or the limits once saved",
    ),
    Field("unitOfMeasure", "Unit of measure"),
)


def _events(path: str, label: str, heading: str) -> Grid:
    return Grid(
        path,
        label,
        (
            Field("term", "Term"),
            Field("organSystem", "Organ system"),
            Field("sourceVocabulary", "Vocabulary (e.g. MedDRA 26.0)"),
            Field("assessmentType", "Assessment", "select", options(e.EventAssessment)),
        ),
        "stats",
        (
            _count("numAffected", "Participants affected"),
            _count("numAtRisk", "Participants at risk"),
            _count("numEvents", "Events"),
        ),
        heading=heading,
    )


FORMS: tuple[ResultsForm, ...] = (
    ResultsForm(
        "participantFlowModule",
        _LABELS["participantFlowModule"],
        (
            Field("recruitmentDetails", "Recruitment details", "textarea"),
            Field("preAssignmentDetails", "Pre-assignment details", "textarea"),
            Field("typeUnitsAnalyzed", "Units, if not participants"),
            _groups("FG", "Arm or group"),
            Repeat(
                "periods",
                "Period",
                (
                    Field("title", "Period title", help="e.g. Overall Study"),
                    Grid(
                        "milestones",
                        "Milestone",
                        (Field("type", "Milestone"),),
                        "achievements",
                        (_count("numSubjects", "Participants"),),
                        numbers_as_text=True,
                        defaults=("STARTED", "COMPLETED", "NOT COMPLETED"),
                        help="STARTED − NOT COMPLETED must equal COMPLETED in each group.",
                        heading="Milestones",
                    ),
                    Grid(
                        "dropWithdraws",
                        "Reason not completed",
                        (Field("type", "Reason"),),
                        "reasons",
                        (_count("numSubjects", "Participants"),),
                        numbers_as_text=True,
                        help="The reasons must add up to those who did not complete.",
                        heading="Reasons for not completing",
                    ),
                ),
            ),
        ),
        _GROUP_HELP,
    ),
    ResultsForm(
        "baselineCharacteristicsModule",
        _LABELS["baselineCharacteristicsModule"],
        (
            Field("populationDescription", "Baseline analysis population", "textarea"),
            Field("typeUnitsAnalyzed", "Units, if not participants"),
            _groups("BG", "Arm or group"),
            _DENOMS,
            Repeat("measures", "Baseline measure", (*_MEASURE_FIELDS, Table())),
        ),
        _GROUP_HELP + " Include a Total group if you report one.",
    ),
    ResultsForm(
        "outcomeMeasuresModule",
        _LABELS["outcomeMeasuresModule"],
        (
            Repeat(
                "outcomeMeasures",
                "Outcome measure",
                (
                    Field("type", "Type", "select", options(e.OutcomeMeasureType)),
                    *_MEASURE_FIELDS[:3],
                    Field("timeFrame", "Time frame"),
                    Field("reportingStatus", "Reporting status", "select", options(e.ReportingStatus)),
                    _MEASURE_FIELDS[3],
                    Field(
                        "dispersionType",
                        "Measure of dispersion or precision",
                        help="e.g. Standard Deviation, 95% Confidence Interval; the table asks for the "
                        "spread or the limits once saved",
                    ),
                    _MEASURE_FIELDS[5],
                    _groups("OG", "Arm or group"),
                    _DENOMS,
                    Table(),
                    Repeat(
                        "analyses",
                        "Statistical analysis",
                        (
                            GroupIds("groupIds", "Groups compared"),
                            Field("groupDescription", "Comparison", "textarea"),
                            Field("testedNonInferiority", "Non-inferiority or equivalence tested", "bool"),
                            Field(
                                "nonInferiorityType", "Hypothesis", "select", options(e.NonInferiorityType)
                            ),
                            Field("statisticalMethod", "Statistical method"),
                            Field("pValue", "P-value", help="e.g. 0.03 or <0.001"),
                            Field("paramType", "Estimate (e.g. Hazard Ratio)"),
                            Field("paramValue", "Estimated value"),
                            Field("ciPctValue", "Confidence interval (%)"),
                            Field(
                                "ciNumSides",
                                "Interval sides",
                                "select",
                                options(e.ConfidenceIntervalNumSides),
                            ),
                            Field("ciLowerLimit", "Lower limit"),
                            Field("ciUpperLimit", "Upper limit"),
                            Field("estimateComment", "Estimation comments", "textarea"),
                        ),
                    ),
                ),
            ),
        ),
        "Each outcome measure has its own groups: add them and save, then enter the values and "
        "the statistical analyses comparing them.",
    ),
    ResultsForm(
        "adverseEventsModule",
        _LABELS["adverseEventsModule"],
        (
            Field("timeFrame", "Time frame"),
            Field("description", "Adverse event reporting description", "textarea"),
            Field("frequencyThreshold", "Frequency threshold for other events (%)"),
            Field("allCauseMortalityComment", "All-cause mortality comment", "textarea"),
            _groups(
                "EG",
                "Arm or group",
                _count("deathsNumAffected", "Deaths (all causes)"),
                _count("deathsNumAtRisk", "At risk of death"),
                _count("seriousNumAffected", "Affected by serious events"),
                _count("seriousNumAtRisk", "At risk of serious events"),
                _count("otherNumAffected", "Affected by other events"),
                _count("otherNumAtRisk", "At risk of other events"),
            ),
            _events("seriousEvents", "Serious adverse event", "Serious adverse events"),
            _events("otherEvents", "Other adverse event", "Other (not serious) adverse events"),
        ),
        _GROUP_HELP,
    ),
    ResultsForm(
        "moreInfoModule",
        _LABELS["moreInfoModule"],
        (
            Field("limitationsAndCaveats.description", "Limitations and caveats", "textarea"),
            Field(
                "certainAgreement.piSponsorEmployee",
                "All principal investigators are sponsor employees",
                "bool",
            ),
            Field("certainAgreement.restrictiveAgreement", "Restrictive agreement on results", "bool"),
            Field(
                "certainAgreement.restrictionType",
                "Kind of restriction",
                "select",
                options(e.AgreementRestrictionType),
            ),
            Field("certainAgreement.otherDetails", "Restriction details", "textarea"),
            Field("pointOfContact.title", "Results contact: name or title"),
            Field("pointOfContact.organization", "Results contact: organization"),
            Field("pointOfContact.email", "Results contact: e-mail"),
            Field("pointOfContact.phone", "Results contact: telephone"),
            Field("pointOfContact.phoneExt", "Results contact: extension"),
        ),
    ),
)
FORMS_BY_NAME = {form.name: form for form in FORMS}


def shown(form: ResultsForm, module: Mapping[str, Any], posted: Posted | None = None) -> list[Any]:
    """The form filled with the module's values (or, given ``posted``, with the values as posted)."""
    return shown_parts(form.parts, dict(module), Where("", form.path), posted)


def read(form: ResultsForm, posted: Posted, stored: Mapping[str, Any]) -> tuple[dict[str, Any], list[Issue]]:
    """The module as posted (starting from the stored one) and every value that could not be read."""
    issues: list[Issue] = []
    module, _ = read_parts(form.parts, posted, dict(stored), Where("", form.path), issues)
    return module, issues


def comment_paths(form: ResultsForm, parts: list[Any]) -> list[tuple[str, str]]:
    """What a reviewer may comment on: the module, each item (group, period, measure) and row."""
    paths = [(form.path, f"Results: {form.label}")]

    def walk(items: list[Any], trail: str) -> None:
        for part in items:
            if isinstance(part, ShownRepeat):
                for item in part.items:
                    if not item.new:
                        named = f"{trail}{item.label}{f' ({item.group_id})' if item.group_id else ''}"
                        paths.append((item.path, named))
                        walk(item.parts, f"{named}, ")
            elif isinstance(part, ShownGrid):
                for number, row in enumerate(part.rows):
                    if not row.new:
                        title = " / ".join(value.value for value in row.fields if value.value)
                        paths.append(
                            (row.path, f"{trail}{part.label} {number + 1}{f': {title}' if title else ''}")
                        )

    walk(parts, f"{form.label}: ")
    return paths


def summary(name: str, module: Mapping[str, Any]) -> str:
    """A line on what a results module holds, for the record page."""
    if not module:
        return "Not filled in."

    def count(value: Any, one: str, many: str) -> str:
        number = len(value) if isinstance(value, list) else 0
        return f"{number} {one if number == 1 else many}"

    if name == "participantFlowModule":
        groups, periods = module.get("groups"), module.get("periods")
        return f"{count(groups, 'group', 'groups')}, {count(periods, 'period', 'periods')}"
    if name == "baselineCharacteristicsModule":
        groups, measures = module.get("groups"), module.get("measures")
        return f"{count(groups, 'group', 'groups')}, {count(measures, 'measure', 'measures')}"
    if name == "outcomeMeasuresModule":
        measures = module.get("outcomeMeasures")
        analyses = [
            analysis
            for measure in (measures if isinstance(measures, list) else [])
            if isinstance(measure, dict) and isinstance(measure.get("analyses"), list)
            for analysis in measure["analyses"]
        ]
        return (
            f"{count(measures, 'outcome measure', 'outcome measures')}, "
            f"{count(analyses, 'analysis', 'analyses')}"
        )
    if name == "adverseEventsModule":
        return (
            f"{count(module.get('eventGroups'), 'group', 'groups')}, "
            f"{count(module.get('seriousEvents'), 'serious event', 'serious events')}, "
            f"{count(module.get('otherEvents'), 'other event', 'other events')}"
        )
    contact = module.get("pointOfContact")
    who = contact.get("title") if isinstance(contact, dict) else None
    return f"Results contact: {who}" if isinstance(who, str) and who else "Filled in."
