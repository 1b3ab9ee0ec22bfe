"""The results section of an AACT study: result groups, baseline characteristics, outcome measures.

What the AACT tables of an export give, and where it goes in v2:

* ``result_groups``: the groups of each results part with their ClinicalTrials.gov ids
  (``FG000`` participant flow, ``BG000`` baseline, ``OG000`` outcome measures, ``EG000`` adverse
  events) -> ``participantFlowModule.groups``, ``baselineCharacteristicsModule.groups``,
  ``adverseEventsModule.eventGroups`` (the flow and event numbers are in tables an export may
  leave out, so those modules can hold their groups only).
* ``baseline_counts`` and ``baseline_measurements`` -> the baseline ``denoms`` and ``measures``,
  rebuilt as measure -> class (``classification``) -> category -> one measurement per group.
* ``outcomes`` -> ``outcomeMeasuresModule.outcomeMeasures`` (they are the results outcome
  measures, not the registered outcomes of ``protocolSection.outcomesModule``);
  ``outcome_analyses`` and ``outcome_analysis_groups`` -> each measure's ``analyses``.

AACT keeps the outcome groups once per study (``OG000`` may appear several times with different
titles, one per variant used by different measures) and links them to a measure only through
``outcome_measurements``. Without that table, a measure's ``groups`` are the groups its
statistical analyses compare, which are certain to be its own, and no more.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trialbase.domain.enums import (
    AnalysisDispersionType,
    ConfidenceIntervalNumSides,
    MeasureDispersionType,
    MeasureParam,
    NonInferiorityType,
    OutcomeMeasureType,
)
from trialbase.ingest.aact_tables import Row
from trialbase.ingest.aact_values import (
    Findings,
    enum_value,
    partial_date,
    present,
    prune,
    text,
)

# The results tables: (columns a file must have, columns read when present).
RESULT_TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "result_groups": (("ctgov_group_code", "result_type"), ("id", "title", "description")),
    "baseline_counts": (("ctgov_group_code", "count"), ("id", "units", "scope")),
    "baseline_measurements": (
        ("ctgov_group_code", "title"),
        (
            "id",
            "classification",
            "category",
            "description",
            "units",
            "param_type",
            "param_value",
            "dispersion_type",
            "dispersion_value",
            "dispersion_lower_limit",
            "dispersion_upper_limit",
            "explanation_of_na",
        ),
    ),
    "outcomes": (
        ("id", "title"),
        (
            "outcome_type",
            "description",
            "time_frame",
            "population",
            "anticipated_posting_month_year",
            "units",
            "units_analyzed",
            "dispersion_type",
            "param_type",
        ),
    ),
    "outcome_analyses": (
        ("id", "outcome_id"),
        (
            "non_inferiority_type",
            "non_inferiority_description",
            "param_type",
            "param_value",
            "dispersion_type",
            "dispersion_value",
            "p_value_modifier",
            "p_value",
            "ci_n_sides",
            "ci_percent",
            "ci_lower_limit",
            "ci_upper_limit",
            "ci_upper_limit_na_comment",
            "p_value_description",
            "method",
            "method_description",
            "estimate_description",
            "groups_description",
            "other_analysis_description",
        ),
    ),
    "outcome_analysis_groups": (("outcome_analysis_id", "result_group_id"), ("id", "ctgov_group_code")),
}
_FLOW, _BASELINE, _OUTCOME, _EVENT = "Participant Flow", "Baseline", "Outcome", "Reported Event"
_RESULTS = "resultsSection"


def results_section(
    study: Row, children: Mapping[str, list[Row]], findings: Findings
) -> dict[str, Any] | None:
    groups: dict[str, list[Row]] = {_FLOW: [], _BASELINE: [], _OUTCOME: [], _EVENT: []}
    for group in children.get("result_groups", []):
        kind = next((name for name in groups if name.casefold() == group["result_type"].casefold()), None)
        if kind is None:
            findings.warn(
                group,
                "result_type",
                "unknown-enum-value",
                f"{group['result_type']!r} is not a kind of result group (expected one of "
                f"{', '.join(repr(name) for name in groups)}); the group is left out",
            )
        elif group["ctgov_group_code"]:
            groups[kind].append(group)
    limitations = text(study, "limitations_and_caveats")
    return prune(
        {
            "participantFlowModule": prune({"groups": [_group(group) for group in groups[_FLOW]]}),
            "baselineCharacteristicsModule": _baseline(study, groups[_BASELINE], children, findings),
            "outcomeMeasuresModule": _outcome_measures(groups[_OUTCOME], children, findings),
            "adverseEventsModule": prune({"eventGroups": [_group(group) for group in groups[_EVENT]]}),
            "moreInfoModule": prune({"limitationsAndCaveats": prune({"description": limitations})}),
        }
    )


def _group(group: Row) -> dict[str, Any]:
    return {
        key: value
        for key, value in (
            ("id", group["ctgov_group_code"]),
            ("title", group["title"]),
            ("description", group["description"]),
        )
        if value
    }


# --- baseline ---------------------------------------------------------------------------------


def _baseline(
    study: Row, groups: list[Row], children: Mapping[str, list[Row]], findings: Findings
) -> dict[str, Any] | None:
    module = f"{_RESULTS}.baselineCharacteristicsModule"
    known = {group["ctgov_group_code"] for group in groups}
    denoms: dict[str, list[dict[str, str]]] = {}
    for count in children.get("baseline_counts", []):
        if not _known_group(count, known, "baseline", findings):
            continue
        scope = count["scope"].lower()
        if scope not in ("", "overall"):
            findings.warn(
                count,
                "scope",
                "unknown-enum-value",
                f"{count['scope']!r} is not a scope of baseline counts (expected 'overall'); "
                f"the count is left out of {module}.denoms",
            )
            continue
        if count["count"]:
            denoms.setdefault(count["units"], []).append(
                {"groupId": count["ctgov_group_code"], "value": count["count"]}
            )
    measures: dict[tuple[str, ...], dict[str, Any]] = {}
    classes: dict[tuple[str, ...], dict[str, dict[str, list[dict[str, str]]]]] = {}
    for row in children.get("baseline_measurements", []):
        if not _known_group(row, known, "baseline", findings):
            continue
        key = tuple(
            row[column] for column in ("title", "description", "units", "param_type", "dispersion_type")
        )
        if key not in measures:
            target = f"{module}.measures[{len(measures)}]"
            measures[key] = {
                "title": row["title"],
                "description": text(row, "description"),
                "paramType": enum_value(row, "param_type", MeasureParam, f"{target}.paramType", findings),
                "dispersionType": enum_value(
                    row, "dispersion_type", MeasureDispersionType, f"{target}.dispersionType", findings
                ),
                "unitOfMeasure": text(row, "units"),
            }
            classes[key] = {}
        categories = classes[key].setdefault(row["classification"], {})
        categories.setdefault(row["category"], []).append(_measurement(row))
    measure_list: list[dict[str, Any] | None] = []
    for key, measure in measures.items():
        measure["classes"] = [
            prune(
                {
                    "title": title or None,
                    "categories": [
                        prune({"title": category or None, "measurements": measurements})
                        for category, measurements in categories.items()
                    ],
                }
            )
            for title, categories in classes[key].items()
        ]
        measure_list.append(prune(measure))
    return prune(
        {
            "populationDescription": text(study, "baseline_population"),
            "groups": [_group(group) for group in groups],
            "denoms": [
                {"units": units, "counts": counts} if units else {"counts": counts}
                for units, counts in denoms.items()
            ],
            "measures": present(measure_list),
        }
    )


def _measurement(row: Row) -> dict[str, str]:
    return {
        key: value
        for key, value in (
            ("groupId", row["ctgov_group_code"]),
            ("value", row["param_value"]),
            ("spread", row["dispersion_value"]),
            ("lowerLimit", row["dispersion_lower_limit"]),
            ("upperLimit", row["dispersion_upper_limit"]),
            ("comment", row["explanation_of_na"]),
        )
        if value
    }


def _known_group(row: Row, known: set[str], part: str, findings: Findings) -> bool:
    if row["ctgov_group_code"] in known:
        return True
    findings.warn(
        row,
        "ctgov_group_code",
        "dangling-reference",
        f"the study has no {part} group {row['ctgov_group_code']!r} in result_groups, "
        "so this value is left out",
    )
    return False


# --- outcome measures -------------------------------------------------------------------------


def _outcome_measures(
    groups: list[Row], children: Mapping[str, list[Row]], findings: Findings
) -> dict[str, Any] | None:
    group_by_id = {group["id"]: group for group in groups}
    analyses_of: dict[str, list[Row]] = {}
    for analysis in children.get("outcome_analyses", []):
        analyses_of.setdefault(analysis["outcome_id"], []).append(analysis)
    links_of: dict[str, list[Row]] = {}
    for link in children.get("outcome_analysis_groups", []):
        links_of.setdefault(link["outcome_analysis_id"], []).append(link)
    measures: list[dict[str, Any] | None] = []
    for index, outcome in enumerate(children.get("outcomes", [])):
        target = f"{_RESULTS}.outcomeMeasuresModule.outcomeMeasures[{index}]"
        used: dict[str, Row] = {}
        analyses = present(
            _analysis(
                analysis,
                links_of.pop(analysis["id"], []),
                group_by_id,
                used,
                f"{target}.analyses[{number}]",
                findings,
            )
            for number, analysis in enumerate(analyses_of.pop(outcome["id"], []))
        )
        measures.append(
            prune(
                {
                    "type": enum_value(
                        outcome, "outcome_type", OutcomeMeasureType, f"{target}.type", findings
                    ),
                    "title": outcome["title"],
                    "description": text(outcome, "description"),
                    "populationDescription": text(outcome, "population"),
                    "anticipatedPostingDate": partial_date(
                        outcome,
                        "anticipated_posting_month_year",
                        f"{target}.anticipatedPostingDate",
                        findings,
                    ),
                    "paramType": enum_value(
                        outcome, "param_type", MeasureParam, f"{target}.paramType", findings
                    ),
                    "dispersionType": text(outcome, "dispersion_type"),
                    "unitOfMeasure": text(outcome, "units"),
                    "timeFrame": text(outcome, "time_frame"),
                    "typeUnitsAnalyzed": text(outcome, "units_analyzed"),
                    "groups": [_group(used[code]) for code in sorted(used)],
                    "analyses": analyses,
                }
            )
        )
    for rows in analyses_of.values():
        for analysis in rows:
            findings.warn(
                analysis,
                "outcome_id",
                "dangling-reference",
                f"the study has no outcome with id {analysis['outcome_id']!r}, so this analysis is left out",
            )
    for rows in links_of.values():
        for link in rows:
            findings.warn(
                link,
                "outcome_analysis_id",
                "dangling-reference",
                f"the study has no outcome analysis with id {link['outcome_analysis_id']!r}, "
                "so this analysis group is left out",
            )
    return prune({"outcomeMeasures": present(measures)})


def _analysis(
    analysis: Row,
    links: list[Row],
    group_by_id: Mapping[str, Row],
    used: dict[str, Row],
    target: str,
    findings: Findings,
) -> dict[str, Any] | None:
    group_ids: list[str] = []
    for link in links:
        group = group_by_id.get(link["result_group_id"])
        if group is None:
            findings.warn(
                link,
                "result_group_id",
                "dangling-reference",
                f"the study has no outcome group with id {link['result_group_id']!r} in result_groups, "
                f"so it is left out of {target}.groupIds",
            )
            continue
        code = group["ctgov_group_code"]
        earlier = used.setdefault(code, group)
        if earlier is not group and (earlier["title"], earlier["description"]) != (
            group["title"],
            group["description"],
        ):
            findings.warn(
                link,
                "result_group_id",
                "conflicting-groups",
                f"the analyses of one outcome measure name two different groups {code} "
                f"(result_groups rows {earlier.number} and {group.number}); the first is kept",
            )
        if code not in group_ids:
            group_ids.append(code)
    p_value = analysis["p_value"]
    return prune(
        {
            "paramType": text(analysis, "param_type"),
            "paramValue": text(analysis, "param_value"),
            "dispersionType": enum_value(
                analysis, "dispersion_type", AnalysisDispersionType, f"{target}.dispersionType", findings
            ),
            "dispersionValue": text(analysis, "dispersion_value"),
            "statisticalMethod": text(analysis, "method"),
            "statisticalComment": text(analysis, "method_description"),
            "pValue": f"{analysis['p_value_modifier']}{p_value}" if p_value else None,
            "pValueComment": text(analysis, "p_value_description"),
            "ciNumSides": enum_value(
                analysis, "ci_n_sides", ConfidenceIntervalNumSides, f"{target}.ciNumSides", findings
            ),
            "ciPctValue": text(analysis, "ci_percent"),
            "ciLowerLimit": text(analysis, "ci_lower_limit"),
            "ciUpperLimit": text(analysis, "ci_upper_limit"),
            "ciUpperLimitComment": text(analysis, "ci_upper_limit_na_comment"),
            "estimateComment": text(analysis, "estimate_description"),
            "nonInferiorityType": enum_value(
                analysis, "non_inferiority_type", NonInferiorityType, f"{target}.nonInferiorityType", findings
            ),
            "nonInferiorityComment": text(analysis, "non_inferiority_description"),
            "otherAnalysisDescription": text(analysis, "other_analysis_description"),
            "groupDescription": text(analysis, "groups_description"),
            "groupIds": group_ids,
        }
    )
