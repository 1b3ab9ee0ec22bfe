"""Results consistency: the participant flow adds up, adverse-event counts fit the participants at
risk, and every count names a group of its module.

Follows the results data element definitions: in each period and group, STARTED minus NOT
COMPLETED equals COMPLETED, and the reasons for not completing add up to those who did not; the
participants affected by an adverse event are among those at risk.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from trialbase.domain.issue import Issue, Severity
from trialbase.domain.validation.arms import normalized
from trialbase.domain.validation.document_view import RESULTS, Study, get, integer, items, text
from trialbase.domain.validation.rule import Rule

FAMILY = "results"
FLOW_COUNTS = Rule(
    "flow-counts-mismatch",
    Severity.ERROR,
    FAMILY,
    "In a participant-flow period, STARTED − NOT COMPLETED ≠ COMPLETED for a group, more completed "
    "than started, or the reasons for not completing do not add up to STARTED − COMPLETED.",
)
UNKNOWN_GROUP = Rule(
    "results-unknown-group",
    Severity.ERROR,
    FAMILY,
    "A count or measurement names a group id that its results module does not define.",
)
AFFECTED_OVER_AT_RISK = Rule(
    "ae-affected-exceeds-at-risk",
    Severity.ERROR,
    FAMILY,
    "More participants are affected by adverse events (or died) than were at risk in the group.",
)
EVENTS_UNDER_AFFECTED = Rule(
    "ae-events-below-affected",
    Severity.ERROR,
    FAMILY,
    "An adverse event has fewer events than affected participants (each of them had one at least).",
)
AT_RISK_MISMATCH = Rule(
    "ae-at-risk-mismatch",
    Severity.WARNING,
    FAMILY,
    "An adverse event's participants at risk differ from its group's total at risk for that kind of event.",
)
OUTCOME_GROUP_NOT_IN_FLOW = Rule(
    "outcome-group-not-in-flow",
    Severity.NOTE,
    FAMILY,
    "An outcome measure's group matches no participant-flow group and no arm by title.",
)
RULES: tuple[Rule, ...] = (
    FLOW_COUNTS,
    UNKNOWN_GROUP,
    AFFECTED_OVER_AT_RISK,
    EVENTS_UNDER_AFFECTED,
    AT_RISK_MISMATCH,
    OUTCOME_GROUP_NOT_IN_FLOW,
)

_FLOW = f"{RESULTS}.participantFlowModule"
_EVENTS = f"{RESULTS}.adverseEventsModule"
_OUTCOMES = f"{RESULTS}.outcomeMeasuresModule.outcomeMeasures"
_BASELINE = f"{RESULTS}.baselineCharacteristicsModule"


def check(study: Study) -> Iterator[Issue]:
    results = study.results
    if not results:
        return
    yield from _flow(results)
    yield from _adverse_events(results)
    yield from _measures(study, results)


def _group_ids(module: Any, key: str = "groups") -> set[str]:
    return {group["id"] for _, group in items(get(module, key), "") if text(group.get("id"))}


def _unknown(path: str, group_id: Any, known: set[str], module: str) -> Iterator[Issue]:
    if isinstance(group_id, str) and group_id not in known:
        listed = ", ".join(sorted(known)) or "none"
        yield UNKNOWN_GROUP.issue(
            f"{path}.groupId",
            f"Group {group_id!r} is not one of the {module} groups ({listed}). Use the id of a group "
            f"defined in the same module.",
        )


def _flow(results: dict[str, Any]) -> Iterator[Issue]:
    module = results.get("participantFlowModule")
    known = _group_ids(module)
    for period_path, period in items(get(module, "periods"), f"{_FLOW}.periods"):
        title = text(period.get("title")) or "this period"
        counts: dict[str, dict[str, tuple[str, int]]] = {}  # milestone type -> group -> (path, count)
        for milestone_path, milestone in items(period.get("milestones"), f"{period_path}.milestones"):
            kind = text(milestone.get("type"))
            for path, stats in items(milestone.get("achievements"), f"{milestone_path}.achievements"):
                yield from _unknown(path, stats.get("groupId"), known, "participant-flow")
                number = integer(stats.get("numSubjects"))
                if kind and number is not None and isinstance(stats.get("groupId"), str):
                    counts.setdefault(kind, {})[stats["groupId"]] = (f"{path}.numSubjects", number)
        reasons: dict[str, int] = {}
        for drop_path, drop in items(period.get("dropWithdraws"), f"{period_path}.dropWithdraws"):
            for path, stats in items(drop.get("reasons"), f"{drop_path}.reasons"):
                yield from _unknown(path, stats.get("groupId"), known, "participant-flow")
                number = integer(stats.get("numSubjects"))
                if number is not None and isinstance(stats.get("groupId"), str):
                    reasons[stats["groupId"]] = reasons.get(stats["groupId"], 0) + number
        yield from _flow_sums(title, counts, reasons)


def _flow_sums(
    title: str, counts: dict[str, dict[str, tuple[str, int]]], reasons: dict[str, int]
) -> Iterator[Issue]:
    started, completed = counts.get("STARTED", {}), counts.get("COMPLETED", {})
    not_completed = counts.get("NOT COMPLETED", {})
    for group, (path, began) in started.items():
        if group not in completed:
            continue
        done_path, done = completed[group]
        if done > began:
            yield FLOW_COUNTS.issue(
                done_path,
                f"In {title!r}, group {group} has {done} COMPLETED but only {began} STARTED. "
                f"Correct the counts.",
            )
            continue
        if group in not_completed and began - not_completed[group][1] != done:
            yield FLOW_COUNTS.issue(
                not_completed[group][0],
                f"In {title!r}, group {group}: STARTED {began} − NOT COMPLETED {not_completed[group][1]} "
                f"should equal COMPLETED {done}. Correct the counts so they add up.",
            )
        if reasons and reasons.get(group, 0) != began - done:
            yield FLOW_COUNTS.issue(
                path,
                f"In {title!r}, group {group}: {began - done} participants did not complete "
                f"(STARTED {began} − COMPLETED {done}), but the reasons for not completing add up to "
                f"{reasons.get(group, 0)}. Make the reasons add up to those who did not complete.",
            )


def _adverse_events(results: dict[str, Any]) -> Iterator[Issue]:
    module = results.get("adverseEventsModule")
    groups = {
        group["id"]: group for _, group in items(get(module, "eventGroups"), "") if text(group.get("id"))
    }
    for path, group in items(get(module, "eventGroups"), f"{_EVENTS}.eventGroups"):
        for kind in ("deaths", "serious", "other"):
            affected, at_risk = (
                integer(group.get(f"{kind}NumAffected")),
                integer(group.get(f"{kind}NumAtRisk")),
            )
            if affected is not None and at_risk is not None and affected > at_risk:
                yield AFFECTED_OVER_AT_RISK.issue(
                    f"{path}.{kind}NumAffected",
                    f"Group {group.get('id')!r} reports {affected} participants affected ({kind}) but only "
                    f"{at_risk} at risk. The number affected cannot exceed the number at risk.",
                )
    for kind in ("seriousEvents", "otherEvents"):
        group_total = "seriousNumAtRisk" if kind == "seriousEvents" else "otherNumAtRisk"
        for event_path, event in items(get(module, kind), f"{_EVENTS}.{kind}"):
            term = text(event.get("term")) or "this event"
            for path, stats in items(event.get("stats"), f"{event_path}.stats"):
                group_id = stats.get("groupId")
                yield from _unknown(path, group_id, set(groups), "adverse-event")
                affected, at_risk = integer(stats.get("numAffected")), integer(stats.get("numAtRisk"))
                events = integer(stats.get("numEvents"))
                if affected is not None and at_risk is not None and affected > at_risk:
                    yield AFFECTED_OVER_AT_RISK.issue(
                        f"{path}.numAffected",
                        f"{term!r} in group {group_id!r}: {affected} affected but only {at_risk} at risk. "
                        f"The number affected cannot exceed the number at risk.",
                    )
                if events is not None and affected is not None and events < affected:
                    yield EVENTS_UNDER_AFFECTED.issue(
                        f"{path}.numEvents",
                        f"{term!r} in group {group_id!r}: {events} events but {affected} participants "
                        f"affected. Each affected participant had at least one event.",
                    )
                total = integer(get(groups.get(group_id) if isinstance(group_id, str) else None, group_total))
                if at_risk is not None and total is not None and at_risk != total:
                    yield AT_RISK_MISMATCH.issue(
                        f"{path}.numAtRisk",
                        f"{term!r} in group {group_id!r}: {at_risk} at risk, but the group reports {total} "
                        f"at risk ({group_total}). Use the group's number unless fewer were at risk "
                        f"for this event.",
                    )


def _measures(study: Study, results: dict[str, Any]) -> Iterator[Issue]:
    baseline = results.get("baselineCharacteristicsModule")
    yield from _measure_groups(_BASELINE, baseline, "baseline", _group_ids(baseline), "measures")
    flow_titles = {
        normalized(group["title"])
        for _, group in items(get(results, "participantFlowModule", "groups"), "")
        if text(group.get("title"))
    }
    arm_labels = {
        normalized(arm["label"])
        for _, arm in items(get(study.protocol, "armsInterventionsModule", "armGroups"), "")
        if text(arm.get("label"))
    }
    outcomes = get(results, "outcomeMeasuresModule", "outcomeMeasures")
    for path, measure in items(outcomes, _OUTCOMES):
        known = _group_ids(measure)
        yield from _measure_groups(path, measure, "outcome measure", known, None)
        for analysis_path, analysis in items(measure.get("analyses"), f"{path}.analyses"):
            group_ids = analysis.get("groupIds")
            for index, group_id in enumerate(group_ids if isinstance(group_ids, list) else []):
                if isinstance(group_id, str) and group_id not in known:
                    yield UNKNOWN_GROUP.issue(
                        f"{analysis_path}.groupIds[{index}]",
                        f"The analysis compares group {group_id!r}, which this outcome measure does not "
                        f"define ({', '.join(sorted(known)) or 'none'}).",
                    )
        if not flow_titles:
            continue
        for group_path, group in items(measure.get("groups"), f"{path}.groups"):
            title = text(group.get("title"))
            if title and normalized(title) not in flow_titles | arm_labels:
                yield OUTCOME_GROUP_NOT_IN_FLOW.issue(
                    f"{group_path}.title",
                    f"The outcome group {title!r} matches no participant-flow group or arm by title. "
                    f"If it is one of them, use the same title; if it combines or splits groups, say so "
                    f"in its description.",
                )


def _measure_groups(
    path: str, module: Any, what: str, known: set[str], measures_key: str | None
) -> Iterator[Issue]:
    """Group ids in denominators and measurements of a module (baseline) or of one outcome measure."""
    for denom_path, denom in items(get(module, "denoms"), f"{path}.denoms"):
        for count_path, count in items(denom.get("counts"), f"{denom_path}.counts"):
            yield from _unknown(count_path, count.get("groupId"), known, what)
    measures = (
        items(get(module, measures_key), f"{path}.{measures_key}") if measures_key else iter([(path, module)])
    )
    for measure_path, measure in measures:
        if not isinstance(measure, dict):
            continue
        for class_path, klass in items(measure.get("classes"), f"{measure_path}.classes"):
            for category_path, category in items(klass.get("categories"), f"{class_path}.categories"):
                for value_path, value in items(category.get("measurements"), f"{category_path}.measurements"):
                    yield from _unknown(value_path, value.get("groupId"), known, what)
