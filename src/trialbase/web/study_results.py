"""The results tab's view data: participant flow, baseline, outcome measures, adverse events, and
the results' limitations and point of contact, as tables (groups across, rows down) plus charts.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from markupsafe import Markup

from trialbase.domain.model import Study
from trialbase.domain.model.results import (
    AdverseEvent,
    AdverseEventsModule,
    BaselineCharacteristicsModule,
    Denom,
    EventGroup,
    MeasureAnalysis,
    MeasureClass,
    MeasureGroup,
    Measurement,
    MoreInfoModule,
    OutcomeMeasure,
    ParticipantFlowModule,
)
from trialbase.web import charts
from trialbase.web import study_labels as lb
from trialbase.web.study_labels import Fact, facts
from trialbase.web.study_text import Block, blocks

MAX_CHART_GROUPS = 8
MAX_CHART_ROWS = 12


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    cells: list[Cell]
    heading: bool = False  # a row that names what the rows below it belong to
    note: str = ""


@dataclass(frozen=True, slots=True)
class Column:
    id: str
    title: str
    description: list[Block]


@dataclass(frozen=True, slots=True)
class Table:
    caption: str
    columns: list[Column]
    rows: list[Row]


@dataclass(frozen=True, slots=True)
class FlowView:
    recruitment: list[Block]
    pre_assignment: list[Block]
    units: str
    periods: list[Table]
    chart: Markup | None


@dataclass(frozen=True, slots=True)
class BaselineView:
    population: list[Block]
    table: Table


@dataclass(frozen=True, slots=True)
class AnalysisView:
    title: str
    facts: list[Fact]
    comments: list[Block]


@dataclass(frozen=True, slots=True)
class OutcomeResultView:
    anchor: str
    type_label: str
    title: str
    description: list[Block]
    time_frame: str
    population: list[Block]
    facts: list[Fact]
    table: Table | None
    analyses: list[AnalysisView]
    chart: Markup | None


@dataclass(frozen=True, slots=True)
class AdverseEventsView:
    facts: list[Fact]
    description: list[Block]
    summary: Table
    serious: Table | None
    other: Table | None
    chart: Markup | None


@dataclass(frozen=True, slots=True)
class MoreResultsInfo:
    limitations: list[Block]
    agreement: list[Fact]
    agreement_details: list[Block]
    point_of_contact: list[Fact]
    contact_email_href: str | None


@dataclass(slots=True)
class ResultsView:
    flow: FlowView | None = None
    baseline: BaselineView | None = None
    outcomes: list[OutcomeResultView] = field(default_factory=list)
    adverse_events: AdverseEventsView | None = None
    more: MoreResultsInfo | None = None

    @property
    def empty(self) -> bool:
        return not (self.flow or self.baseline or self.outcomes or self.adverse_events or self.more)


def study_results(study: Study) -> ResultsView:
    section = study.resultsSection
    if section is None:
        return ResultsView()
    return ResultsView(
        flow=flow_view(section.participantFlowModule),
        baseline=baseline_view(section.baselineCharacteristicsModule),
        outcomes=[
            outcome_view(measure, index)
            for index, measure in enumerate(
                (section.outcomeMeasuresModule.outcomeMeasures if section.outcomeMeasuresModule else None)
                or []
            )
        ],
        adverse_events=adverse_events_view(section.adverseEventsModule),
        more=more_results_info(section.moreInfoModule),
    )


def _columns(groups: list[MeasureGroup] | None) -> list[Column]:
    return [Column(g.id or "", g.title or g.id or "", blocks(g.description)) for g in groups or []]


def _type_text(kind: str | None) -> str:
    """Flow milestone and drop-out types are free-ish text in upper case (``NOT COMPLETED``)."""
    if not kind:
        return ""
    return kind.capitalize() if kind.isupper() else kind


def flow_view(module: ParticipantFlowModule | None) -> FlowView | None:
    if module is None:
        return None
    columns = _columns(
        [MeasureGroup(id=g.id, title=g.title, description=g.description) for g in module.groups or []]
    )
    ids = [column.id for column in columns]
    periods = []
    for period in module.periods or []:
        rows: list[Row] = []
        for milestone in period.milestones or []:
            stats = {item.groupId: item for item in milestone.achievements or []}
            rows.append(
                Row(
                    _type_text(milestone.type),
                    [
                        Cell(s.numSubjects or "", s.comment or "") if (s := stats.get(i)) else Cell("")
                        for i in ids
                    ],
                    note=milestone.comment or "",
                )
            )
        withdrawals = period.dropWithdraws or []
        if withdrawals:
            rows.append(Row("Reasons for not completing", [Cell("") for _ in ids], heading=True))
        for drop in withdrawals:
            stats = {item.groupId: item for item in drop.reasons or []}
            rows.append(
                Row(
                    _type_text(drop.type),
                    [
                        Cell(s.numSubjects or "", s.comment or "") if (s := stats.get(i)) else Cell("")
                        for i in ids
                    ],
                    note=drop.comment or "",
                )
            )
        periods.append(Table(period.title or "Overall study", columns, rows))
    return FlowView(
        recruitment=blocks(module.recruitmentDetails),
        pre_assignment=blocks(module.preAssignmentDetails),
        units=module.typeUnitsAnalyzed or "",
        periods=periods,
        chart=_flow_chart(module, columns),
    )


def _flow_chart(module: ParticipantFlowModule, columns: list[Column]) -> Markup | None:
    """Started and completed per group, in the first period (or the overall one)."""
    if not module.periods or not columns or len(columns) > MAX_CHART_GROUPS:
        return None
    period = next(
        (p for p in module.periods if (p.title or "").lower() == "overall study"), module.periods[0]
    )
    series = [m for m in period.milestones or [] if (m.type or "").upper() in ("STARTED", "COMPLETED")]
    if not series:
        return None
    values: list[list[float | None]] = []
    texts: list[list[str]] = []
    for column in columns:
        row_values: list[float | None] = []
        row_texts: list[str] = []
        for milestone in series:
            found = next((a for a in milestone.achievements or [] if a.groupId == column.id), None)
            text = found.numSubjects if found and found.numSubjects else ""
            row_values.append(charts.number(text))
            row_texts.append(text)
        values.append(row_values)
        texts.append(row_texts)
    return charts.render(
        charts.BarChart(
            title=f"Participant flow, {period.title or 'overall study'}: started and completed by group",
            categories=[column.title for column in columns],
            series=[_type_text(m.type) for m in series],
            values=values,
            texts=texts,
            unit="participants",
        )
    )


def measurement_text(item: Measurement, dispersion: str | None) -> Cell:
    """``12.3 (± 4.5)``, ``12.3 (4.1 to 20.7)``, or the value alone; the comment as a note."""
    text = item.value or ""
    if item.spread:
        plus_minus = any(word in (dispersion or "").upper() for word in ("DEVIATION", "ERROR"))
        text += f" (± {item.spread})" if plus_minus else f" ({item.spread})"
    elif item.lowerLimit or item.upperLimit:
        text += f" ({item.lowerLimit or 'NA'} to {item.upperLimit or 'NA'})"
    return Cell(text or ("NA" if item.comment else ""), item.comment or "")


def _denom_rows(denoms: list[Denom] | None, ids: list[str], label: str) -> list[Row]:
    rows = []
    for denom in denoms or []:
        counts = {count.groupId: count.value or "" for count in denom.counts or []}
        units = denom.units or "Participants"
        rows.append(Row(f"{label} ({units.lower()})", [Cell(counts.get(i, "")) for i in ids]))
    return rows


def _class_rows(
    classes: list[MeasureClass] | None, ids: list[str], dispersion: str | None, fallback: str
) -> list[Row]:
    """Rows of values; a row with neither class nor category title is labelled ``fallback``."""
    rows: list[Row] = []
    for measure_class in classes or []:
        categories = measure_class.categories or []
        titled_categories = [c for c in categories if c.title]
        if measure_class.title and titled_categories:
            rows.append(Row(measure_class.title, [Cell("") for _ in ids], heading=True))
        for category in categories:
            by_group = {m.groupId: m for m in category.measurements or []}
            name = category.title or measure_class.title or fallback
            rows.append(
                Row(
                    name,
                    [measurement_text(by_group[i], dispersion) if i in by_group else Cell("") for i in ids],
                )
            )
        if not categories and measure_class.title:
            rows.append(Row(measure_class.title, [Cell("") for _ in ids]))
    return rows


def _dispersion_text(value: enum.StrEnum | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, enum.StrEnum):
        return lb.label(value)
    return value.replace("_", " ").capitalize() if value.isupper() else value


def _measure_kind(param: enum.StrEnum | None, dispersion: enum.StrEnum | str | None, unit: str | None) -> str:
    """``Mean (Standard Deviation), years``."""
    text = lb.label(param)
    spread = _dispersion_text(dispersion)
    if spread:
        text = f"{text} ({spread})" if text else spread
    if unit:
        text = f"{text}, {unit}" if text else unit
    return text


def baseline_view(module: BaselineCharacteristicsModule | None) -> BaselineView | None:
    if module is None:
        return None
    columns = _columns(module.groups)
    ids = [column.id for column in columns]
    rows = _denom_rows(module.denoms, ids, "Overall number of baseline participants")
    for measure in module.measures or []:
        dispersion = measure.dispersionType.value if measure.dispersionType else None
        kind = _measure_kind(measure.paramType, measure.dispersionType, measure.unitOfMeasure)
        note = "; ".join(part for part in (measure.description, measure.populationDescription) if part)
        rows.append(
            Row(
                measure.title or "",
                [Cell("") for _ in ids],
                heading=True,
                note=" — ".join(p for p in (kind, note) if p),
            )
        )
        rows.extend(_denom_rows(measure.denoms, ids, "Number analyzed"))
        rows.extend(_class_rows(measure.classes, ids, dispersion, kind or "All participants"))
    return BaselineView(
        blocks(module.populationDescription), Table("Baseline characteristics", columns, rows)
    )


def outcome_view(measure: OutcomeMeasure, index: int) -> OutcomeResultView:
    columns = _columns(measure.groups)
    ids = [column.id for column in columns]
    dispersion = measure.dispersionType
    kind = _measure_kind(measure.paramType, dispersion, measure.unitOfMeasure)
    rows = _denom_rows(measure.denoms, ids, "Number analyzed") + _class_rows(
        measure.classes, ids, dispersion, kind or "All participants"
    )
    titles = {column.id: column.title for column in columns}
    fact_list = facts(
        ("Measure type", _measure_kind(measure.paramType, dispersion, None)),
        ("Unit of measure", measure.unitOfMeasure),
        ("Units analyzed", measure.typeUnitsAnalyzed),
        ("Reporting status", lb.label(measure.reportingStatus)),
        ("Anticipated posting date", lb.human_date(measure.anticipatedPostingDate)),
    )
    return OutcomeResultView(
        anchor=f"outcome-{index + 1}",
        type_label=lb.label(measure.type),
        title=measure.title or "",
        description=blocks(measure.description),
        time_frame=measure.timeFrame or "",
        population=blocks(measure.populationDescription),
        facts=fact_list,
        table=Table(measure.title or "Outcome", columns, rows) if columns and rows else None,
        analyses=[
            analysis_view(analysis, titles, number + 1)
            for number, analysis in enumerate(measure.analyses or [])
        ],
        chart=_outcome_chart(measure, columns, rows),
    )


def _outcome_chart(measure: OutcomeMeasure, columns: list[Column], rows: list[Row]) -> Markup | None:
    """One bar per group for each row of values, when every value shown is a number."""
    value_rows = [row for row in rows if not row.heading and not row.label.startswith("Number analyzed")]
    if not value_rows or len(value_rows) > MAX_CHART_ROWS or not columns or len(columns) > MAX_CHART_GROUPS:
        return None
    shown = [[cell.text.split(" (")[0] for cell in row.cells] for row in value_rows]
    values = [[charts.number(text) for text in row] for row in shown]
    if any(
        text and value is None
        for row_texts, row_values in zip(shown, values, strict=True)
        for text, value in zip(row_texts, row_values, strict=True)
    ):
        return None
    return charts.render(
        charts.BarChart(
            title=measure.title or "Outcome measure",
            categories=[row.label or (measure.title or "") for row in value_rows],
            series=[column.title for column in columns],
            values=values,
            texts=shown,
            unit=measure.unitOfMeasure or "",
        )
    )


def analysis_view(analysis: MeasureAnalysis, titles: dict[str, str], number: int) -> AnalysisView:
    ci = ""
    if analysis.ciLowerLimit or analysis.ciUpperLimit:
        sides = f", {lb.label(analysis.ciNumSides)}" if analysis.ciNumSides else ""
        limits = f"{analysis.ciLowerLimit or 'NA'} to {analysis.ciUpperLimit or 'NA'}"
        ci = f"{analysis.ciPctValue or '?'}% CI{sides}: {limits}"
    non_inferiority = ""
    if analysis.testedNonInferiority is not None or analysis.nonInferiorityType is not None:
        non_inferiority = lb.label(analysis.nonInferiorityType) or lb.yes_no(analysis.testedNonInferiority)
    comments = [
        text
        for text in (
            analysis.groupDescription,
            analysis.nonInferiorityComment,
            analysis.pValueComment,
            analysis.statisticalComment,
            analysis.ciLowerLimitComment,
            analysis.ciUpperLimitComment,
            analysis.estimateComment,
            analysis.otherAnalysisDescription,
        )
        if text
    ]
    return AnalysisView(
        title=f"Statistical analysis {number}",
        facts=facts(
            ("Comparison groups", ", ".join(titles.get(i, i) for i in analysis.groupIds or [])),
            ("Non-inferiority or equivalence", non_inferiority),
            ("P-value", analysis.pValue),
            ("Method", analysis.statisticalMethod),
            ("Estimated parameter", analysis.paramType),
            ("Estimated value", analysis.paramValue),
            ("Confidence interval", ci),
            (
                "Dispersion",
                f"{lb.label(analysis.dispersionType)}: {analysis.dispersionValue}"
                if analysis.dispersionValue
                else None,
            ),
        ),
        comments=[block for text in comments for block in blocks(text)],
    )


def _rate(affected: int | None, at_risk: int | None) -> str:
    if affected is None and at_risk is None:
        return ""
    if at_risk:
        return f"{affected or 0}/{at_risk} ({100 * (affected or 0) / at_risk:.2f}%)"
    return f"{affected if affected is not None else '–'}/{at_risk if at_risk is not None else '–'}"


def _event_table(caption: str, events: list[AdverseEvent] | None, groups: list[EventGroup]) -> Table | None:
    if not events:
        return None
    columns = [Column(g.id or "", g.title or g.id or "", blocks(g.description)) for g in groups]
    rows: list[Row] = []
    by_system: dict[str, list[AdverseEvent]] = {}
    for event in events:
        by_system.setdefault(event.organSystem or "Organ system not given", []).append(event)
    for system, items in sorted(by_system.items(), key=lambda pair: pair[0].casefold()):
        rows.append(Row(system, [Cell("") for _ in columns], heading=True))
        for event in items:
            stats = {s.groupId: s for s in event.stats or []}
            cells = []
            for column in columns:
                found = stats.get(column.id)
                if found is None:
                    cells.append(Cell(""))
                    continue
                events_note = f"{found.numEvents} events" if found.numEvents is not None else ""
                cells.append(Cell(_rate(found.numAffected, found.numAtRisk), events_note))
            note = " · ".join(
                part for part in (event.sourceVocabulary, lb.label(event.assessmentType), event.notes) if part
            )
            rows.append(Row(event.term or "", cells, note=note))
    return Table(caption, columns, rows)


def adverse_events_view(module: AdverseEventsModule | None) -> AdverseEventsView | None:
    if module is None:
        return None
    groups = module.eventGroups or []
    columns = [Column(g.id or "", g.title or g.id or "", blocks(g.description)) for g in groups]
    summary = Table(
        "Participants affected, by group",
        columns,
        [
            Row("All-cause mortality", [Cell(_rate(g.deathsNumAffected, g.deathsNumAtRisk)) for g in groups]),
            Row(
                "Serious adverse events",
                [Cell(_rate(g.seriousNumAffected, g.seriousNumAtRisk)) for g in groups],
            ),
            Row("Other adverse events", [Cell(_rate(g.otherNumAffected, g.otherNumAtRisk)) for g in groups]),
        ],
    )
    chart = None
    if groups and len(groups) <= MAX_CHART_GROUPS:
        values: list[list[float | None]] = []
        texts: list[list[str]] = []
        for g in groups:
            pairs = ((g.seriousNumAffected, g.seriousNumAtRisk), (g.otherNumAffected, g.otherNumAtRisk))
            row = [100 * (a or 0) / n if n else None for a, n in pairs]
            values.append(row)
            texts.append([f"{value:.1f}%" if value is not None else "" for value in row])
        chart = charts.render(
            charts.BarChart(
                title="Share of participants with serious and other adverse events, by group",
                categories=[column.title for column in columns],
                series=["Serious", "Other"],
                values=values,
                texts=texts,
                unit="% of participants at risk",
            )
        )
    return AdverseEventsView(
        facts=facts(
            ("Time frame", module.timeFrame),
            (
                "Frequency threshold for reporting other adverse events",
                f"{module.frequencyThreshold}%" if module.frequencyThreshold else None,
            ),
            ("All-cause mortality", module.allCauseMortalityComment),
        ),
        description=blocks(module.description),
        summary=summary,
        serious=_event_table("Serious adverse events", module.seriousEvents, groups),
        other=_event_table("Other (not including serious) adverse events", module.otherEvents, groups),
        chart=chart,
    )


def more_results_info(module: MoreInfoModule | None) -> MoreResultsInfo | None:
    if module is None:
        return None
    agreement = module.certainAgreement
    contact = module.pointOfContact
    phone = (
        (contact.phone or "") + (f" ext. {contact.phoneExt}" if contact and contact.phoneExt else "")
        if contact
        else ""
    )
    return MoreResultsInfo(
        limitations=blocks(
            module.limitationsAndCaveats.description if module.limitationsAndCaveats else None
        ),
        agreement=facts(
            (
                "Principal investigators are employed by the sponsor",
                lb.yes_no(agreement.piSponsorEmployee) if agreement else None,
            ),
            ("Restrictive agreement", lb.yes_no(agreement.restrictiveAgreement) if agreement else None),
            ("Restriction type", lb.label(agreement.restrictionType) if agreement else None),
        ),
        agreement_details=blocks(agreement.otherDetails if agreement else None),
        point_of_contact=facts(
            ("Name or title", contact.title if contact else None),
            ("Organization", contact.organization if contact else None),
            ("Phone", phone),
            ("Email", contact.email if contact else None),
        ),
        contact_email_href=lb.mailto(contact.email) if contact else None,
    )
