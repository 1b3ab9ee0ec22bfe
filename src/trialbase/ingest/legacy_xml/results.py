"""Participant flow, baseline characteristics and outcome measures from ``<clinical_results>``.

Result groups are numbered in the XML per part (``P1``, ``B1``, ``O1``, ``E1``) and in v2 by a
part prefix and a zero-based three-digit position (``FG000``, ``BG000``, ``OG000``, ``EG000``):
the n-th group of a part's ``<group_list>`` gets position n-1, and every reference to a group
(measurements, counts, analyses) is translated through that list. A reference to a group the list
does not have is an error.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from trialbase.domain.enums import (
    AnalysisDispersionType,
    ConfidenceIntervalNumSides,
    MeasureDispersionType,
    MeasureParam,
    NonInferiorityType,
    OutcomeMeasureType,
    ReportingStatus,
)
from trialbase.domain.model.results import (
    BaselineCharacteristicsModule,
    BaselineMeasure,
    Denom,
    DenomCount,
    DropWithdraw,
    FlowGroup,
    FlowMilestone,
    FlowPeriod,
    FlowStats,
    MeasureAnalysis,
    MeasureCategory,
    MeasureClass,
    MeasureGroup,
    Measurement,
    OutcomeMeasure,
    OutcomeMeasuresModule,
    ParticipantFlowModule,
)
from trialbase.ingest.legacy_xml.record_reader import RecordReader, child_path

RESULTS = "clinical_study/clinical_results"
_PARTICIPANTS = "participants"
_OTHER_CONFIDENCE = re.compile(r"^\d+(\.\d+)?\s*%\s*confidence interval$", re.IGNORECASE)


class GroupIds:
    """One part's groups: the XML's ``group_id`` (``O2``) to the v2 id (``OG001``)."""

    def __init__(self, prefix: str, group_list: ET.Element | None, path: str, r: RecordReader) -> None:
        self.prefix = prefix
        self.ids: dict[str, str] = {}
        self.elements: list[tuple[str, ET.Element]] = []
        self._r = r
        for index, group in enumerate(group_list.iterfind("group") if group_list is not None else ()):
            v2_id = f"{prefix}{index:03d}"
            xml_id = group.get("group_id") or ""
            if xml_id in self.ids:
                r.error(
                    child_path(child_path(path, "group_list"), "group", index + 1),
                    "duplicate-group-id",
                    f"group_id {xml_id!r} is used by two groups (expected one group per id)",
                )
            self.ids[xml_id] = v2_id
            self.elements.append((v2_id, group))

    def ref(self, xml_id: str | None, path: str, attribute: bool = True) -> str | None:
        """The v2 id a reference points to; an error when the group list has no such group.

        ``path`` is the referring element; the id is its ``group_id`` attribute unless ``attribute``
        is false (an analysis lists ids as ``<group_id>`` elements).
        """
        if xml_id is not None and xml_id in self.ids:
            return self.ids[xml_id]
        known = ", ".join(self.ids) or "none"
        found = (
            f"group_id {xml_id!r} is not in this part's group list" if xml_id else "the group_id is missing"
        )
        where = f"{path}/@group_id" if attribute else path
        self._r.error(where, "unknown-group-id", f"{found} (expected one of: {known})")
        return None

    def measure_groups(self, r: RecordReader) -> list[MeasureGroup] | None:
        groups = [
            MeasureGroup(id=v2_id, title=r.text(group, "title"), description=r.markup(group, "description"))
            for v2_id, group in self.elements
        ]
        return groups or None


# --- participant flow -------------------------------------------------------------------------


def participant_flow_module(results: ET.Element, r: RecordReader) -> ParticipantFlowModule | None:
    flow = results.find("participant_flow")
    if flow is None:
        return None
    path = child_path(RESULTS, "participant_flow")
    groups = GroupIds("FG", flow.find("group_list"), path, r)
    periods = []
    for index, period in enumerate(flow.iterfind("period_list/period"), start=1):
        where = child_path(child_path(path, "period_list"), "period", index)
        milestones = [
            FlowMilestone(type=r.text(element, "title"), achievements=_flow_stats(element, at, groups, r))
            for element, at in _indexed(period, "milestone_list", "milestone", where)
        ]
        drops = [
            DropWithdraw(type=r.text(element, "title"), reasons=_flow_stats(element, at, groups, r))
            for element, at in _indexed(period, "drop_withdraw_reason_list", "drop_withdraw_reason", where)
        ]
        periods.append(
            FlowPeriod(
                title=r.text(period, "title"), milestones=milestones or None, dropWithdraws=drops or None
            )
        )
    return ParticipantFlowModule(
        preAssignmentDetails=r.markup(flow, "pre_assignment_details"),
        recruitmentDetails=r.markup(flow, "recruitment_details"),
        groups=[
            FlowGroup(id=v2_id, title=r.text(group, "title"), description=r.markup(group, "description"))
            for v2_id, group in groups.elements
        ]
        or None,
        periods=periods or None,
    )


def _indexed(parent: ET.Element, list_tag: str, tag: str, path: str) -> list[tuple[ET.Element, str]]:
    list_path = child_path(path, list_tag)
    return [
        (element, child_path(list_path, tag, index))
        for index, element in enumerate(parent.iterfind(f"{list_tag}/{tag}"), start=1)
    ]


def _flow_stats(element: ET.Element, path: str, groups: GroupIds, r: RecordReader) -> list[FlowStats] | None:
    stats = []
    for index, participants in enumerate(element.iterfind("participants_list/participants"), start=1):
        where = child_path(child_path(path, "participants_list"), "participants", index)
        stats.append(
            FlowStats(
                groupId=groups.ref(participants.get("group_id"), where),
                comment=r.markup_text(participants.text),
                numSubjects=participants.get("count"),
            )
        )
    return stats or None


# --- measures shared by baseline and outcomes -------------------------------------------------


def _denoms(parent: ET.Element | None, path: str, groups: GroupIds) -> list[Denom] | None:
    """``<analyzed_list>``: how many participants (or units) each group's numbers are about."""
    if parent is None:
        return None
    denoms = []
    for index, analyzed in enumerate(parent.iterfind("analyzed_list/analyzed"), start=1):
        where = child_path(child_path(path, "analyzed_list"), "analyzed", index)
        counts = [
            DenomCount(
                groupId=groups.ref(count.get("group_id"), child_path(where, "count_list/count", at)),
                value=count.get("value"),
            )
            for at, count in enumerate(analyzed.iterfind("count_list/count"), start=1)
        ]
        denoms.append(Denom(units=RecordReader.text(analyzed, "units"), counts=counts or None))
    return denoms or None


def _units_analyzed(parent: ET.Element | None) -> str | None:
    """The non-participant units counted (``eyes``, ``lesions``), if any."""
    if parent is None:
        return None
    for analyzed in parent.iterfind("analyzed_list/analyzed"):
        units = RecordReader.text(analyzed, "units")
        if units and units.casefold() != _PARTICIPANTS:
            return units
    return None


def _classes(measure: ET.Element, path: str, groups: GroupIds, r: RecordReader) -> list[MeasureClass] | None:
    classes = []
    for index, element in enumerate(measure.iterfind("class_list/class"), start=1):
        where = child_path(child_path(path, "class_list"), "class", index)
        categories = []
        for at, category in enumerate(element.iterfind("category_list/category"), start=1):
            category_path = child_path(child_path(where, "category_list"), "category", at)
            categories.append(
                MeasureCategory(
                    title=r.text(category, "title"),
                    measurements=_measurements(category, category_path, groups, r),
                )
            )
        classes.append(
            MeasureClass(
                title=r.text(element, "title"),
                denoms=_denoms(element, where, groups),
                categories=categories or None,
            )
        )
    return classes or None


def _measurements(
    category: ET.Element, path: str, groups: GroupIds, r: RecordReader
) -> list[Measurement] | None:
    measurements = []
    for index, element in enumerate(category.iterfind("measurement_list/measurement"), start=1):
        where = child_path(child_path(path, "measurement_list"), "measurement", index)
        measurements.append(
            Measurement(
                groupId=groups.ref(element.get("group_id"), where),
                value=element.get("value"),
                spread=element.get("spread"),
                lowerLimit=element.get("lower_limit"),
                upperLimit=element.get("upper_limit"),
                comment=r.markup_text(element.text),
            )
        )
    return measurements or None


def _param(measure: ET.Element, path: str, r: RecordReader) -> MeasureParam | None:
    return r.enum(MeasureParam, measure, "param", path)


# --- baseline ---------------------------------------------------------------------------------


def baseline_characteristics_module(
    results: ET.Element, r: RecordReader
) -> BaselineCharacteristicsModule | None:
    baseline = results.find("baseline")
    if baseline is None:
        return None
    path = child_path(RESULTS, "baseline")
    groups = GroupIds("BG", baseline.find("group_list"), path, r)
    measures = []
    for index, measure in enumerate(baseline.iterfind("measure_list/measure"), start=1):
        where = child_path(child_path(path, "measure_list"), "measure", index)
        measures.append(
            BaselineMeasure(
                title=r.text(measure, "title"),
                description=r.markup(measure, "description"),
                populationDescription=r.markup(measure, "population"),
                paramType=_param(measure, where, r),
                dispersionType=_baseline_dispersion(measure, where, r),
                unitOfMeasure=r.text(measure, "units"),
                denomUnitsSelected=r.text(measure, "units_analyzed"),
                denoms=_denoms(measure, where, groups),
                classes=_classes(measure, where, groups, r),
            )
        )
    return BaselineCharacteristicsModule(
        populationDescription=r.markup(baseline, "population"),
        typeUnitsAnalyzed=_units_analyzed(baseline),
        groups=groups.measure_groups(r),
        denoms=_denoms(baseline, path, groups),
        measures=measures or None,
    )


def _baseline_dispersion(measure: ET.Element, path: str, r: RecordReader) -> MeasureDispersionType | None:
    """Baseline dispersion is an enum in v2; a confidence level it does not name is ``CONFIDENCE_OTHER``."""
    value = r.text(measure, "dispersion")
    if value is None:
        return None
    if _OTHER_CONFIDENCE.match(value) and value.split("%")[0].strip() not in {"80", "90", "95", "97.5", "99"}:
        return MeasureDispersionType.CONFIDENCE_OTHER
    return r.enum_value(MeasureDispersionType, value, child_path(path, "dispersion"))


# --- outcome measures -------------------------------------------------------------------------


def outcome_measures_module(results: ET.Element, r: RecordReader) -> OutcomeMeasuresModule | None:
    measures = [
        _outcome_measure(outcome, child_path(child_path(RESULTS, "outcome_list"), "outcome", index), r)
        for index, outcome in enumerate(results.iterfind("outcome_list/outcome"), start=1)
    ]
    return OutcomeMeasuresModule(outcomeMeasures=measures) if measures else None


def _outcome_measure(outcome: ET.Element, path: str, r: RecordReader) -> OutcomeMeasure:
    groups = GroupIds("OG", outcome.find("group_list"), path, r)
    measure = outcome.find("measure")
    measure_path = child_path(path, "measure")
    return OutcomeMeasure(
        type=r.enum(OutcomeMeasureType, outcome, "type", path),
        title=r.text(outcome, "title") or r.text(measure, "title"),
        description=r.markup(outcome, "description") or r.markup(measure, "description"),
        populationDescription=r.markup(outcome, "population") or r.markup(measure, "population"),
        reportingStatus=ReportingStatus.POSTED if measure is not None else ReportingStatus.NOT_POSTED,
        anticipatedPostingDate=r.partial_date(
            outcome.findtext("posting_date"), child_path(path, "posting_date")
        ),
        paramType=_param(measure, measure_path, r) if measure is not None else None,
        dispersionType=r.text(measure, "dispersion"),
        unitOfMeasure=r.text(measure, "units"),
        timeFrame=r.text(outcome, "time_frame"),
        typeUnitsAnalyzed=_units_analyzed(measure),
        denomUnitsSelected=r.text(measure, "units_analyzed"),
        groups=groups.measure_groups(r),
        denoms=_denoms(measure, measure_path, groups),
        classes=_classes(measure, measure_path, groups, r) if measure is not None else None,
        analyses=_analyses(outcome, path, groups, r),
    )


def _analyses(
    outcome: ET.Element, path: str, groups: GroupIds, r: RecordReader
) -> list[MeasureAnalysis] | None:
    analyses = []
    for index, element in enumerate(outcome.iterfind("analysis_list/analysis"), start=1):
        where = child_path(child_path(path, "analysis_list"), "analysis", index)
        group_ids = [
            groups.ref(
                (item.text or "").strip(),
                child_path(child_path(where, "group_id_list"), "group_id", at),
                attribute=False,
            )
            for at, item in enumerate(element.iterfind("group_id_list/group_id"), start=1)
        ]
        analyses.append(
            MeasureAnalysis(
                paramType=r.text(element, "param_type"),
                paramValue=r.text(element, "param_value"),
                dispersionType=r.enum(AnalysisDispersionType, element, "dispersion_type", where),
                dispersionValue=r.text(element, "dispersion_value"),
                statisticalMethod=r.text(element, "method"),
                statisticalComment=r.markup(element, "method_desc"),
                pValue=r.text(element, "p_value"),
                pValueComment=r.markup(element, "p_value_desc"),
                ciNumSides=r.enum(ConfidenceIntervalNumSides, element, "ci_n_sides", where),
                ciPctValue=r.text(element, "ci_percent"),
                ciLowerLimit=r.text(element, "ci_lower_limit"),
                ciUpperLimit=r.text(element, "ci_upper_limit"),
                ciUpperLimitComment=r.markup(element, "ci_upper_limit_na_comment"),
                estimateComment=r.markup(element, "estimate_desc"),
                nonInferiorityType=r.enum(NonInferiorityType, element, "non_inferiority_type", where),
                nonInferiorityComment=r.markup(element, "non_inferiority_desc"),
                otherAnalysisDescription=r.markup(element, "other_analysis_desc"),
                groupDescription=r.markup(element, "groups_desc"),
                groupIds=[group_id for group_id in group_ids if group_id is not None] or None,
            )
        )
    return analyses or None
