"""A results section for a synthetic study whose numbers add up.

Per group: STARTED = COMPLETED + NOT COMPLETED and the drop-out reasons add up to NOT COMPLETED;
baseline counts (sex, ethnicity, region) add up to the group's participants and the Total column
to the sum of the groups; outcome measures are analysed in at most the participants who started;
adverse-event counts never exceed the participants at risk, and a group's "affected by any" count
lies between its most frequent event and the sum over events. Statistical analyses are computed
from the reported numbers (normal approximations), so estimates, intervals and p-values agree.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from trialbase.demo.synthetic_design import SAFETY, Design
from trialbase.demo.synthetic_vocab import OutcomeTemplate
from trialbase.domain.enums import Sex

_DROP_REASONS = (
    "Withdrawal by Subject",
    "Lost to Follow-up",
    "Adverse Event",
    "Physician Decision",
    "Protocol Violation",
    "Lack of Efficacy",
)
_SERIOUS_EVENTS = (
    ("Pneumonia", "Infections and infestations"),
    ("Sepsis", "Infections and infestations"),
    ("Atrial fibrillation", "Cardiac disorders"),
    ("Myocardial infarction", "Cardiac disorders"),
    ("Acute kidney injury", "Renal and urinary disorders"),
    ("Pulmonary embolism", "Respiratory, thoracic and mediastinal disorders"),
    ("Febrile neutropenia", "Blood and lymphatic system disorders"),
    ("Syncope", "Nervous system disorders"),
    ("Cholecystitis", "Hepatobiliary disorders"),
    ("Fall", "Injury, poisoning and procedural complications"),
    ("Dehydration", "Metabolism and nutrition disorders"),
)
_OTHER_EVENTS = (
    ("Headache", "Nervous system disorders"),
    ("Dizziness", "Nervous system disorders"),
    ("Nausea", "Gastrointestinal disorders"),
    ("Diarrhoea", "Gastrointestinal disorders"),
    ("Constipation", "Gastrointestinal disorders"),
    ("Fatigue", "General disorders"),
    ("Injection site reaction", "General disorders"),
    ("Nasopharyngitis", "Infections and infestations"),
    ("Upper respiratory tract infection", "Infections and infestations"),
    ("Arthralgia", "Musculoskeletal and connective tissue disorders"),
    ("Back pain", "Musculoskeletal and connective tissue disorders"),
    ("Rash", "Skin and subcutaneous tissue disorders"),
    ("Cough", "Respiratory, thoracic and mediastinal disorders"),
    ("Insomnia", "Psychiatric disorders"),
    ("Hypertension", "Vascular disorders"),
)
_SCALES = {"mmHg": 8.0, "percentage of HbA1c": 0.8, "percent change": 8.0, "mL": 120.0, "ng/mL": 150.0}
_SOURCE_VOCABULARY = "MedDRA (26.1)"


@dataclass(frozen=True, slots=True)
class ResultsContext:
    """What the results need to know about the study besides its design."""

    enrollment: int
    countries: list[str]
    sex: Sex
    min_age: int
    max_age: int | None
    sponsor: str
    industry: bool
    contact_email: str
    contact_phone: str
    terminated: bool
    oncology: bool


def results_section(rng: random.Random, design: Design, context: ResultsContext) -> dict[str, Any]:
    groups = [(arm.label, arm.description) for arm in design.arms]
    started = split(rng, context.enrollment, len(groups))
    rate = rng.uniform(0.3, 0.7) if context.terminated else rng.uniform(0.0, 0.2)
    not_completed = [min(n, round(n * rate * rng.uniform(0.7, 1.3))) for n in started]
    completed = [n - lost for n, lost in zip(started, not_completed, strict=True)]
    return {
        "participantFlowModule": _participant_flow(rng, groups, started, completed, not_completed),
        "baselineCharacteristicsModule": _baseline(rng, groups, started, context),
        "outcomeMeasuresModule": _outcome_measures(rng, design, groups, started, completed),
        "adverseEventsModule": _adverse_events(rng, groups, started, context),
        "moreInfoModule": _more_info(rng, context),
    }


def split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` near-equal random shares that add up exactly."""
    weights = [rng.uniform(0.85, 1.15) for _ in range(parts)]
    return proportional(total, weights)


def proportional(total: int, weights: list[float]) -> list[int]:
    """Largest-remainder rounding of ``total`` in proportion to ``weights``."""
    scale = sum(weights)
    shares = [total * weight / scale for weight in weights]
    counts = [math.floor(share) for share in shares]
    order = sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])
    for index in order[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{index:03d}" for index in range(count)]


def _group_list(prefix: str, groups: list[tuple[str, str]]) -> list[dict[str, Any]]:
    return [
        {"id": gid, "title": title, "description": description}
        for gid, (title, description) in zip(_ids(prefix, len(groups)), groups, strict=True)
    ]


def _counts(prefix: str, values: list[int], key: str = "numSubjects") -> list[dict[str, Any]]:
    return [{"groupId": gid, key: str(v)} for gid, v in zip(_ids(prefix, len(values)), values, strict=True)]


def _participant_flow(
    rng: random.Random,
    groups: list[tuple[str, str]],
    started: list[int],
    completed: list[int],
    not_completed: list[int],
) -> dict[str, Any]:
    period: dict[str, Any] = {
        "title": "Overall Study",
        "milestones": [
            {"type": "STARTED", "achievements": _counts("FG", started)},
            {"type": "COMPLETED", "achievements": _counts("FG", completed)},
            {"type": "NOT COMPLETED", "achievements": _counts("FG", not_completed)},
        ],
    }
    if any(not_completed):
        reasons = rng.sample(_DROP_REASONS, rng.randint(1, 3))
        per_group = [proportional(lost, [rng.random() + 0.1 for _ in reasons]) for lost in not_completed]
        period["dropWithdraws"] = [
            {"type": reason, "reasons": _counts("FG", [shares[index] for shares in per_group])}
            for index, reason in enumerate(reasons)
        ]
    return {"groups": _group_list("FG", groups), "periods": [period]}


def _with_total(values: list[int]) -> list[int]:
    return [*values, sum(values)] if len(values) > 1 else values


def _baseline(
    rng: random.Random, groups: list[tuple[str, str]], started: list[int], context: ResultsContext
) -> dict[str, Any]:
    columns = [*groups, ("Total", "Total of all reporting groups")] if len(groups) > 1 else groups
    ids = _ids("BG", len(columns))

    def counts_measure(
        title: str, unit: str, categories: dict[str, list[int]], *, by_class: bool
    ) -> dict[str, Any]:
        rows = [
            (
                name,
                [{"groupId": gid, "value": str(v)} for gid, v in zip(ids, _with_total(values), strict=True)],
            )
            for name, values in categories.items()
        ]
        if by_class:
            classes = [{"title": name, "categories": [{"measurements": cells}]} for name, cells in rows]
        else:
            classes = [{"categories": [{"title": name, "measurements": cells} for name, cells in rows]}]
        return {
            "title": title,
            "paramType": "COUNT_OF_PARTICIPANTS",
            "unitOfMeasure": unit,
            "classes": classes,
        }

    low = context.min_age
    high = min(context.max_age if context.max_age is not None else 90, 90)
    means = [rng.uniform(low + 0.35 * (high - low), low + 0.6 * (high - low)) for _ in started]
    spreads = [rng.uniform(0.12, 0.22) * (high - low) for _ in started]
    if len(started) > 1:
        means.append(sum(m * n for m, n in zip(means, started, strict=True)) / max(sum(started), 1))
        spreads.append(max(spreads))
    age = {
        "title": "Age, Continuous",
        "paramType": "MEAN",
        "dispersionType": "STANDARD_DEVIATION",
        "unitOfMeasure": "years",
        "classes": [
            {
                "categories": [
                    {
                        "measurements": [
                            {"groupId": gid, "value": f"{m:.1f}", "spread": f"{s:.1f}"}
                            for gid, m, s in zip(ids, means, spreads, strict=True)
                        ]
                    }
                ]
            }
        ],
    }
    share = {Sex.FEMALE: 1.0, Sex.MALE: 0.0}.get(context.sex, rng.uniform(0.3, 0.7))
    female = [min(n, max(0, round(n * share + rng.gauss(0, 1)))) for n in started]
    male = [n - f for n, f in zip(started, female, strict=True)]
    measures = [
        age,
        counts_measure("Sex: Female, Male", "Participants", {"Female": female, "Male": male}, by_class=False),
    ]
    if "United States" in context.countries:
        shares = [[rng.uniform(0.05, 0.25), rng.uniform(0.6, 0.9), rng.uniform(0.0, 0.05)] for _ in started]
        parts = [proportional(n, weights) for n, weights in zip(started, shares, strict=True)]
        names = ("Hispanic or Latino", "Not Hispanic or Latino", "Unknown or Not Reported")
        ethnicity = {name: [p[index] for p in parts] for index, name in enumerate(names)}
        measures.append(counts_measure("Ethnicity (NIH/OMB)", "Participants", ethnicity, by_class=False))
    regions = sorted(set(context.countries))
    if regions:
        weights = [float(context.countries.count(name)) for name in regions]
        parts = [proportional(n, weights) for n in started]
        by_region = {name: [p[index] for p in parts] for index, name in enumerate(regions)}
        measures.append(counts_measure("Region of Enrollment", "participants", by_region, by_class=True))
    return {
        "groups": _group_list("BG", columns),
        "denoms": [{"units": "Participants", "counts": _counts("BG", _with_total(started), "value")}],
        "measures": measures,
    }


def _outcome_measures(
    rng: random.Random,
    design: Design,
    groups: list[tuple[str, str]],
    started: list[int],
    completed: list[int],
) -> dict[str, Any]:
    planned = [("PRIMARY", t) for t in design.primary] + [("SECONDARY", t) for t in design.secondary[:3]]
    measures = []
    for kind, template in planned:
        itt = kind == "PRIMARY" and rng.random() < 0.6
        analysed = [max(n, 1) if itt else max(c, 1) for n, c in zip(started, completed, strict=True)]
        analysed = [min(a, n) for a, n in zip(analysed, started, strict=True)]
        measure, values = _measure(rng, template, analysed)
        measure = {
            "type": kind,
            "title": template.measure,
            "description": template.description,
            "populationDescription": "All randomized participants." if itt else "Participants with data.",
            "reportingStatus": "POSTED",
            **measure,
            "timeFrame": template.time_frame,
            "groups": _group_list("OG", groups),
            "denoms": [{"units": "Participants", "counts": _counts("OG", analysed, "value")}],
            "classes": [{"categories": [{"measurements": values}]}],
        }
        if kind == "PRIMARY" or rng.random() < 0.3:
            measure["analyses"] = [_analysis(template, measure, analysed)]
        measures.append(measure)
    return {"outcomeMeasures": measures}


def _measure(
    rng: random.Random, template: OutcomeTemplate, analysed: list[int]
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    ids = _ids("OG", len(analysed))
    if template.kind == "count":
        base = rng.uniform(0.3, 0.8) if template is SAFETY else rng.uniform(0.1, 0.6)
        rates = [min(0.98, base * rng.uniform(0.7, 1.4)) for _ in analysed]
        values = [
            {"groupId": g, "value": str(round(n * r))} for g, n, r in zip(ids, analysed, rates, strict=True)
        ]
        return {"paramType": "COUNT_OF_PARTICIPANTS", "unitOfMeasure": "Participants"}, values
    if template.kind == "time":
        base = rng.uniform(4.0, 24.0) if template.unit == "months" else rng.uniform(3.0, 14.0)
        medians = [base * rng.uniform(1.0, 1.6) for _ in analysed]
        values = [
            {
                "groupId": g,
                "value": f"{m:.1f}",
                "lowerLimit": f"{m * rng.uniform(0.7, 0.9):.1f}",
                "upperLimit": f"{m * rng.uniform(1.1, 1.5):.1f}",
            }
            for g, m in zip(ids, medians, strict=True)
        ]
        head = {
            "paramType": "MEDIAN",
            "dispersionType": "95% Confidence Interval",
            "unitOfMeasure": template.unit,
        }
        return head, values
    scale = _SCALES.get(template.unit, 4.0)
    effect = -scale * rng.uniform(0.5, 1.5)
    means = [effect * (1.0 if index == 0 else rng.uniform(0.2, 0.8)) for index in range(len(analysed))]
    values = [
        {"groupId": g, "value": f"{m:.2f}", "spread": f"{scale * rng.uniform(0.8, 2.0):.2f}"}
        for g, m in zip(ids, means, strict=True)
    ]
    head = {"paramType": "MEAN", "dispersionType": "Standard Deviation", "unitOfMeasure": template.unit}
    return head, values


def _p_value(z: float) -> str:
    p = math.erfc(abs(z) / math.sqrt(2))
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def _analysis(template: OutcomeTemplate, measure: dict[str, Any], analysed: list[int]) -> dict[str, Any]:
    cells = measure["classes"][0]["categories"][0]["measurements"]
    first, last = 0, len(cells) - 1
    analysis: dict[str, Any] = {"groupIds": [cells[first]["groupId"], cells[last]["groupId"]]}
    if first == last:
        analysis["groupIds"] = [cells[0]["groupId"]]
        analysis["groupDescription"] = "Single-group analysis against a pre-specified reference value."
    analysis["nonInferiorityType"] = "SUPERIORITY" if first != last else "OTHER"
    n0, n1 = analysed[first], analysed[last]
    if template.kind == "count":
        p0, p1 = int(cells[first]["value"]) / n0, int(cells[last]["value"]) / n1
        reference = p1 if first != last else 0.2
        se = math.sqrt(p0 * (1 - p0) / n0 + (p1 * (1 - p1) / n1 if first != last else 0.0)) or 0.01
        estimate, method, param = p0 - reference, "Cochran-Mantel-Haenszel", "Risk Difference (RD)"
        if first == last:
            method, param = "Exact binomial test", "Proportion difference from 20%"
        low, high, z = (estimate - 1.96 * se) * 100, (estimate + 1.96 * se) * 100, estimate / se
        estimate *= 100
    elif template.kind == "time":
        m0, m1 = float(cells[first]["value"]), float(cells[last]["value"])
        log_hr = math.log(m1 / m0) if first != last else 0.0
        se = math.sqrt(1 / max(1, round(0.6 * n0)) + 1 / max(1, round(0.6 * n1)))
        estimate, low, high = math.exp(log_hr), math.exp(log_hr - 1.96 * se), math.exp(log_hr + 1.96 * se)
        method, param, z = "Log Rank", "Hazard Ratio (HR)", log_hr / se
    else:
        v0, s0 = float(cells[first]["value"]), float(cells[first]["spread"])
        v1, s1 = float(cells[last]["value"]), float(cells[last]["spread"])
        reference = v1 if first != last else 0.0
        se = math.sqrt(s0 * s0 / n0 + (s1 * s1 / n1 if first != last else 0.0))
        estimate, low, high = v0 - reference, v0 - reference - 1.96 * se, v0 - reference + 1.96 * se
        method, param, z = "ANCOVA", "Mean Difference (Final Values)", (v0 - reference) / se
        if first == last:
            method, param = "Paired t-test", "Mean change from baseline"
    analysis.update(
        {
            "pValue": _p_value(z),
            "statisticalMethod": method,
            "paramType": param,
            "paramValue": f"{estimate:.2f}",
            "ciPctValue": "95",
            "ciNumSides": "TWO_SIDED",
            "ciLowerLimit": f"{low:.2f}",
            "ciUpperLimit": f"{high:.2f}",
        }
    )
    return analysis


def _affected(rng: random.Random, at_risk: int, rate: float) -> int:
    expected = at_risk * rate
    return min(at_risk, max(0, round(expected + rng.gauss(0, math.sqrt(expected * (1 - rate)) or 0.5))))


def _events(
    rng: random.Random,
    pool: tuple[tuple[str, str], ...],
    count: int,
    at_risk: list[int],
    rates: tuple[float, float],
) -> list[dict[str, Any]]:
    events = []
    for term, organ in sorted(rng.sample(pool, count), key=lambda e: (e[1], e[0])):
        rate = rng.uniform(*rates)
        stats = []
        for gid, n in zip(_ids("EG", len(at_risk)), at_risk, strict=True):
            affected = _affected(rng, n, rate)
            events_count = affected + (rng.randint(0, max(1, affected // 3)) if affected else 0)
            stats.append({"groupId": gid, "numEvents": events_count, "numAffected": affected, "numAtRisk": n})
        events.append(
            {
                "term": term,
                "organSystem": organ,
                "sourceVocabulary": _SOURCE_VOCABULARY,
                "assessmentType": "SYSTEMATIC_ASSESSMENT",
                "stats": stats,
            }
        )
    return events


def _any_affected(rng: random.Random, events: list[dict[str, Any]], index: int, at_risk: int) -> int:
    numbers = [event["stats"][index]["numAffected"] for event in events]
    largest, total = max(numbers, default=0), sum(numbers)
    return min(at_risk, largest + rng.randint(0, max(0, (total - largest) // 2)))


def _adverse_events(
    rng: random.Random, groups: list[tuple[str, str]], at_risk: list[int], context: ResultsContext
) -> dict[str, Any]:
    serious = _events(rng, _SERIOUS_EVENTS, rng.randint(2, 5), at_risk, (0.005, 0.04))
    other = _events(rng, _OTHER_EVENTS, rng.randint(3, 7), at_risk, (0.05, 0.25))
    event_groups = []
    for index, (gid, (title, description), n) in enumerate(
        zip(_ids("EG", len(groups)), groups, at_risk, strict=True)
    ):
        serious_any = _any_affected(rng, serious, index, n)
        deaths = min(serious_any, _affected(rng, n, 0.05 if context.oncology else 0.005))
        event_groups.append(
            {
                "id": gid,
                "title": title,
                "description": description,
                "deathsNumAffected": deaths,
                "deathsNumAtRisk": n,
                "seriousNumAffected": serious_any,
                "seriousNumAtRisk": n,
                "otherNumAffected": _any_affected(rng, other, index, n),
                "otherNumAtRisk": n,
            }
        )
    return {
        "frequencyThreshold": "5",
        "timeFrame": f"From the first dose up to {rng.choice((4, 12, 30))} days after the last dose",
        "description": "Adverse events were collected at every visit and coded with MedDRA version 26.1.",
        "eventGroups": event_groups,
        "seriousEvents": serious,
        "otherEvents": other,
    }


def _more_info(rng: random.Random, context: ResultsContext) -> dict[str, Any]:
    module: dict[str, Any] = {}
    if context.terminated or rng.random() < 0.3:
        reason = "The study stopped early; " if context.terminated else ""
        module["limitationsAndCaveats"] = {
            "description": f"{reason}the small number of participants limits the precision of the estimates."
        }
    if context.industry:
        module["certainAgreement"] = {
            "piSponsorEmployee": False,
            "restrictionType": "LTE60",
            "restrictiveAgreement": True,
        }
    else:
        module["certainAgreement"] = {"piSponsorEmployee": False, "restrictiveAgreement": False}
    module["pointOfContact"] = {
        "title": "Clinical Trial Disclosure Office",
        "organization": context.sponsor,
        "email": context.contact_email,
        "phone": context.contact_phone,
    }
    return module
