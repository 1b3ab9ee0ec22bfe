"""Synthetic demo studies: valid, deterministic, varied, consistent, and always marked synthetic."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections import Counter
from functools import cache
from typing import Any

import pytest

from tests.shared_data import shared_path
from trialbase.demo import generate_studies, generate_update
from trialbase.demo.synthetic import REFERENCE_DATE, build_study
from trialbase.demo.synthetic_mesh import condition_ancestors, intervention_mesh, mesh_ids
from trialbase.demo.synthetic_titles import SYNTHETIC_NOTICE
from trialbase.demo.synthetic_vocab import TYPE_LABELS, areas
from trialbase.domain.document_order import order_problems
from trialbase.domain.enums import InterventionType
from trialbase.domain.partial_date import PartialDate
from trialbase.domain.study_document import check_document

Study = dict[str, Any]
MESH_DESCRIPTORS = "vocab/mesh/mesh2026-descriptors.csv"


@cache
def _studies(count: int = 200, seed: int = 0) -> tuple[Study, ...]:
    return tuple(generate_studies(count, seed=seed))


@pytest.fixture(scope="module")
def studies() -> tuple[Study, ...]:
    return _studies()


@pytest.fixture(scope="module")
def with_results() -> list[Study]:
    found = [study for study in _studies(600) if study["hasResults"]]
    assert len(found) >= 20
    return found


def _protocol(study: Study) -> dict[str, Any]:
    section: dict[str, Any] = study["protocolSection"]
    return section


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# --- valid and deterministic ----------------------------------------------------------------


def test_every_study_is_valid_and_in_document_order(studies: tuple[Study, ...]) -> None:
    problems = {
        _protocol(s)["identificationModule"]["nctId"]: [str(i) for i in check_document(s)] + order_problems(s)
        for s in studies
    }
    assert {nct: found for nct, found in problems.items() if found} == {}


def test_same_seed_same_studies_and_longer_runs_extend_shorter_ones() -> None:
    assert list(generate_studies(30, seed=5)) == list(generate_studies(30, seed=5))
    assert list(generate_studies(10, seed=5)) == list(generate_studies(30, seed=5))[:10]
    assert list(generate_studies(10, seed=5)) != list(generate_studies(10, seed=6))


def test_count_is_checked() -> None:
    with pytest.raises(ValueError, match="count"):
        list(generate_studies(-1))
    assert list(generate_studies(0)) == []


# --- marked synthetic everywhere --------------------------------------------------------------


def test_every_study_is_marked_synthetic_everywhere_it_is_shown(studies: tuple[Study, ...]) -> None:
    ids = []
    for study in studies:
        protocol = _protocol(study)
        identification = protocol["identificationModule"]
        ids.append(identification["nctId"])
        assert identification["briefTitle"].startswith("[Synthetic] ")
        assert identification["officialTitle"].startswith("[Synthetic demo study] ")
        assert identification["orgStudyIdInfo"]["id"].startswith("SYNTH-")
        assert identification["organization"]["fullName"].endswith(" (synthetic)")
        sponsors = protocol["sponsorCollaboratorsModule"]
        assert sponsors["leadSponsor"]["name"].endswith(" (synthetic)")
        assert all(c["name"].endswith(" (synthetic)") for c in sponsors.get("collaborators", []))
        assert protocol["descriptionModule"]["briefSummary"].startswith(SYNTHETIC_NOTICE)
        sites = protocol.get("contactsLocationsModule", {})
        assert all(site["facility"].endswith("(synthetic site)") for site in sites.get("locations", []))
        emails = [c["email"] for c in sites.get("centralContacts", [])]
        emails += [
            c["email"]
            for site in sites.get("locations", [])
            for c in site.get("contacts", [])
            if "email" in c
        ]
        assert all(email.endswith((".example.org", ".example.com")) for email in emails)
    assert ids == [f"NCT{99_000_001 + index:08d}" for index in range(len(studies))]


# --- variety ----------------------------------------------------------------------------------


def test_statuses_phases_types_and_sponsors_vary(studies: tuple[Study, ...]) -> None:
    statuses = Counter(_protocol(s)["statusModule"]["overallStatus"] for s in studies)
    assert {"RECRUITING", "NOT_YET_RECRUITING", "COMPLETED", "TERMINATED", "WITHDRAWN", "UNKNOWN"} <= set(
        statuses
    )
    types = Counter(_protocol(s)["designModule"]["studyType"] for s in studies)
    assert set(types) == {"INTERVENTIONAL", "OBSERVATIONAL", "EXPANDED_ACCESS"}
    assert types["INTERVENTIONAL"] > types["OBSERVATIONAL"] > types["EXPANDED_ACCESS"]
    phases = {tuple(_protocol(s)["designModule"].get("phases", [])) for s in studies}
    assert len(phases) >= 7
    classes = {_protocol(s)["sponsorCollaboratorsModule"]["leadSponsor"]["class"] for s in studies}
    assert {"INDUSTRY", "OTHER"} < classes
    conditions = {_protocol(s)["conditionsModule"]["conditions"][0] for s in studies}
    assert len(conditions) >= 40
    site_counts = [len(_protocol(s).get("contactsLocationsModule", {}).get("locations", [])) for s in studies]
    assert max(site_counts) <= 30
    assert Counter(site_counts)[1] > 40
    assert max(site_counts) > 15
    assert any(s["hasResults"] for s in studies)


def test_status_details_fit_the_status(studies: tuple[Study, ...]) -> None:
    for study in studies:
        protocol = _protocol(study)
        status = protocol["statusModule"]
        overall = status["overallStatus"]
        assert ("whyStopped" in status) == (overall in {"TERMINATED", "WITHDRAWN", "SUSPENDED"})
        assert ("lastKnownStatus" in status) == (overall == "UNKNOWN")
        enrollment = protocol["designModule"].get("enrollmentInfo")
        if overall == "WITHDRAWN":
            assert enrollment == {"count": 0, "type": "ACTUAL"}
        elif overall in {"RECRUITING", "NOT_YET_RECRUITING"}:
            assert enrollment["type"] == "ESTIMATED"
        elif overall in {"COMPLETED", "TERMINATED"}:
            assert enrollment["type"] == "ACTUAL"
        if protocol["designModule"]["studyType"] == "OBSERVATIONAL":
            assert protocol["eligibilityModule"]["studyPopulation"]
            assert protocol["eligibilityModule"]["samplingMethod"]
            assert "observationalModel" in protocol["designModule"]["designInfo"]
        if protocol["designModule"]["studyType"] == "EXPANDED_ACCESS":
            assert overall in {
                "AVAILABLE",
                "NO_LONGER_AVAILABLE",
                "TEMPORARILY_NOT_AVAILABLE",
                "APPROVED_FOR_MARKETING",
            }
            assert protocol["designModule"]["expandedAccessTypes"]


def test_old_unverified_records_look_like_unknown_status(studies: tuple[Study, ...]) -> None:
    stale_recruiting = 0
    for study in studies:
        status = _protocol(study)["statusModule"]
        verified = PartialDate.parse(status["statusVerifiedDate"]).latest()
        age = (REFERENCE_DATE - verified).days
        if status["overallStatus"] == "UNKNOWN":
            assert age > 2 * 365
        if status["overallStatus"] == "RECRUITING" and age > 2 * 365:
            stale_recruiting += 1
    assert stale_recruiting >= 3


def test_dates_are_consistent(studies: tuple[Study, ...]) -> None:
    for study in studies:
        status = _protocol(study)["statusModule"]
        first = [_day(status[k]) for k in ("studyFirstSubmitDate", "studyFirstSubmitQcDate")]
        first.append(_day(status["studyFirstPostDateStruct"]["date"]))
        last = [_day(status["lastUpdateSubmitDate"]), _day(status["lastUpdatePostDateStruct"]["date"])]
        assert first == sorted(first)
        assert last == sorted(last)
        assert first[0] <= last[0]
        assert first[2] <= last[1] <= REFERENCE_DATE
        if "resultsFirstSubmitDate" in status:
            posted = _day(status["resultsFirstPostDateStruct"]["date"])
            assert first[2] <= _day(status["resultsFirstSubmitDate"]) <= posted <= last[1]
        dates = [
            status[k]
            for k in ("startDateStruct", "primaryCompletionDateStruct", "completionDateStruct")
            if k in status
        ]
        spans = [PartialDate.parse(d["date"]) for d in dates]
        assert all(a.earliest() <= b.latest() for a, b in itertools.pairwise(spans))
        for struct, span in zip(dates, spans, strict=True):
            if struct["type"] == "ACTUAL":
                assert span.earliest() <= REFERENCE_DATE
        assert PartialDate.parse(status["statusVerifiedDate"]).earliest() <= last[0]


def test_partial_month_dates_occur(studies: tuple[Study, ...]) -> None:
    starts = [_protocol(s)["statusModule"].get("startDateStruct", {}).get("date", "") for s in studies]
    assert 0.2 < sum(len(d) == 7 for d in starts) / len(starts) < 0.6


def test_arms_and_interventions_refer_to_each_other(studies: tuple[Study, ...]) -> None:
    labels = {kind.value: label for kind, label in TYPE_LABELS.items()}
    for study in studies:
        module = _protocol(study)["armsInterventionsModule"]
        arms = {arm["label"]: set(arm.get("interventionNames", [])) for arm in module.get("armGroups", [])}
        assert len(arms) == len(module.get("armGroups", []))
        for intervention in module["interventions"]:
            name = f"{labels[intervention['type']]}: {intervention['name']}"
            for label in intervention.get("armGroupLabels", []):
                assert name in arms[label]
        named = {f"{labels[i['type']]}: {i['name']}" for i in module["interventions"]}
        assert set().union(*arms.values()) <= named


def test_eligibility_lists_inclusion_and_exclusion_criteria(studies: tuple[Study, ...]) -> None:
    for study in studies:
        criteria = _protocol(study)["eligibilityModule"]["eligibilityCriteria"]
        inclusion, _, exclusion = criteria.partition("\n\nExclusion Criteria:\n\n")
        assert inclusion.startswith("Inclusion Criteria:\n\n* ")
        assert exclusion.startswith("* ")
        assert "{condition}" not in criteria


def test_sites_are_real_cities_with_coordinates(studies: tuple[Study, ...]) -> None:
    for study in studies:
        for site in _protocol(study).get("contactsLocationsModule", {}).get("locations", []):
            assert site["city"]
            assert site["country"]
            assert -90 <= site["geoPoint"]["lat"] <= 90
            assert -180 <= site["geoPoint"]["lon"] <= 180
            assert ("state" in site) == (site["country"] == "United States")


def test_derived_mesh_terms_match_the_conditions(studies: tuple[Study, ...]) -> None:
    for study in studies:
        browse = study["derivedSection"]["conditionBrowseModule"]
        [mesh] = browse["meshes"]
        assert mesh["id"] == mesh_ids()[mesh["term"]]
        assert [a["term"] for a in browse["ancestors"]] == list(condition_ancestors()[mesh["term"]])
        assert browse["browseBranches"][-1] == {"abbrev": "All", "name": "All Conditions"}


# --- results ----------------------------------------------------------------------------------


def test_about_fifteen_percent_of_completed_studies_have_results() -> None:
    completed = [s for s in _studies(600) if _protocol(s)["statusModule"]["overallStatus"] == "COMPLETED"]
    share = sum(s["hasResults"] for s in completed) / len(completed)
    assert 0.08 < share < 0.25
    for study in _studies(600):
        assert study["hasResults"] == ("resultsSection" in study)
        status = _protocol(study)["statusModule"]
        assert study["hasResults"] == ("resultsFirstPostDateStruct" in status)


def _numbers(items: list[dict[str, Any]], key: str = "numSubjects") -> dict[str, int]:
    return {item["groupId"]: int(item[key]) for item in items}


def test_participant_flow_adds_up_per_group(with_results: list[Study]) -> None:
    for study in with_results:
        [period] = study["resultsSection"]["participantFlowModule"]["periods"]
        milestones = {m["type"]: _numbers(m["achievements"]) for m in period["milestones"]}
        started, completed, lost = milestones["STARTED"], milestones["COMPLETED"], milestones["NOT COMPLETED"]
        assert sum(started.values()) == _protocol(study)["designModule"]["enrollmentInfo"]["count"]
        for group, number in started.items():
            assert number == completed[group] + lost[group]
            reasons = [_numbers(d["reasons"])[group] for d in period.get("dropWithdraws", [])]
            assert sum(reasons) == lost[group]


def test_baseline_counts_add_up(with_results: list[Study]) -> None:
    for study in with_results:
        baseline = study["resultsSection"]["baselineCharacteristicsModule"]
        denominators = _numbers(baseline["denoms"][0]["counts"], "value")
        ids = list(denominators)
        if len(ids) > 1:
            assert denominators[ids[-1]] == sum(denominators[i] for i in ids[:-1])
        for measure in baseline["measures"]:
            if measure["paramType"] != "COUNT_OF_PARTICIPANTS":
                continue
            totals = Counter[str]()
            for klass in measure["classes"]:
                for category in klass["categories"]:
                    totals.update(_numbers(category["measurements"], "value"))
            assert dict(totals) == denominators, measure["title"]


def test_outcome_measures_have_analyses_and_plausible_counts(with_results: list[Study]) -> None:
    for study in with_results:
        started = _numbers(
            study["resultsSection"]["participantFlowModule"]["periods"][0]["milestones"][0]["achievements"]
        )
        measures = study["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"]
        assert any(m.get("analyses") for m in measures)
        for measure in measures:
            analysed = _numbers(measure["denoms"][0]["counts"], "value")
            assert [analysed[f"OG{i:03d}"] <= started[f"FG{i:03d}"] for i in range(len(started))] == [
                True
            ] * len(started)
            if measure["paramType"] == "COUNT_OF_PARTICIPANTS":
                values = _numbers(measure["classes"][0]["categories"][0]["measurements"], "value")
                assert all(values[g] <= analysed[g] for g in values)
            for analysis in measure.get("analyses", []):
                assert set(analysis["groupIds"]) <= set(analysed)
                assert (
                    float(analysis["ciLowerLimit"])
                    <= float(analysis["paramValue"])
                    <= float(analysis["ciUpperLimit"])
                )


def test_adverse_events_never_exceed_the_participants_at_risk(with_results: list[Study]) -> None:
    for study in with_results:
        module = study["resultsSection"]["adverseEventsModule"]
        flow = study["resultsSection"]["participantFlowModule"]["periods"][0]["milestones"][0]["achievements"]
        started = [int(a["numSubjects"]) for a in flow]
        for index, group in enumerate(module["eventGroups"]):
            assert (
                group["seriousNumAtRisk"]
                == group["otherNumAtRisk"]
                == group["deathsNumAtRisk"]
                == started[index]
            )
            for kind in ("serious", "other"):
                events = module[f"{kind}Events"]
                affected = [event["stats"][index]["numAffected"] for event in events]
                assert max(affected, default=0) <= group[f"{kind}NumAffected"] <= group[f"{kind}NumAtRisk"]
                assert group[f"{kind}NumAffected"] <= sum(affected)
            assert group["deathsNumAffected"] <= group["deathsNumAtRisk"]
        for event in module["seriousEvents"] + module["otherEvents"]:
            assert event["organSystem"]
            for stats in event["stats"]:
                assert 0 <= stats["numAffected"] <= stats["numAtRisk"]
                assert stats["numEvents"] >= stats["numAffected"]


# --- versions ---------------------------------------------------------------------------------


def test_updates_are_valid_later_versions_of_the_same_study(studies: tuple[Study, ...]) -> None:
    moved = Counter[tuple[str, str]]()
    for study in studies[:100]:
        before = _protocol(study)
        update = generate_update(study, seed=1)
        after = _protocol(update)
        assert check_document(update) == []
        assert order_problems(update) == []
        assert after["identificationModule"] == before["identificationModule"]
        assert after["sponsorCollaboratorsModule"] == before["sponsorCollaboratorsModule"]
        old_post = before["statusModule"]["lastUpdatePostDateStruct"]["date"]
        assert after["statusModule"]["lastUpdatePostDateStruct"]["date"] > old_post
        assert after["statusModule"]["lastUpdateSubmitDate"] > before["statusModule"]["lastUpdateSubmitDate"]
        moved[before["statusModule"]["overallStatus"], after["statusModule"]["overallStatus"]] += 1
        new_status = after["statusModule"]["overallStatus"]
        if new_status in {"ACTIVE_NOT_RECRUITING", "COMPLETED"}:
            assert after["designModule"]["enrollmentInfo"]["type"] == "ACTUAL"
        if after["statusModule"]["overallStatus"] == "RECRUITING":
            sites_before = before.get("contactsLocationsModule", {}).get("locations", [])
            assert len(after["contactsLocationsModule"]["locations"]) == len(sites_before) + 1
        assert generate_update(study, seed=1) == update
    assert moved["NOT_YET_RECRUITING", "RECRUITING"]
    assert moved["RECRUITING", "ACTIVE_NOT_RECRUITING"]
    assert moved["ACTIVE_NOT_RECRUITING", "COMPLETED"]


def test_an_update_leaves_its_input_alone(studies: tuple[Study, ...]) -> None:
    study = studies[0]
    before = repr(study)
    generate_update(study, seed=3)
    assert repr(study) == before


def test_a_chain_of_updates_stays_valid() -> None:
    study = build_study(3, seed=2)
    for version in range(5):
        study = generate_update(study, seed=version)
        assert check_document(study) == []


# --- vocabulary -------------------------------------------------------------------------------


def test_every_condition_has_treatments_outcomes_and_criteria() -> None:
    for area in areas():
        for condition in area.conditions:
            assert condition.treatments, condition.name
            assert area.outcomes_for(condition), condition.name
            assert len(area.inclusion_for(condition)) >= 2, condition.name
            assert area.exclusion_for(condition), condition.name
            assert condition.mesh in condition_ancestors(), condition.name


def test_intervention_mesh_terms_name_drug_like_treatments() -> None:
    names = {t.name: t.type for area in areas() for c in area.conditions for t in c.treatments}
    for name, term in intervention_mesh().items():
        assert names[name] is not InterventionType.PROCEDURE
        assert term in mesh_ids()


@pytest.mark.shared_data
def test_vocabulary_mesh_ids_are_mesh_2026_descriptors() -> None:
    with shared_path(MESH_DESCRIPTORS).open(encoding="utf-8", newline="") as handle:
        descriptors = {
            row["subject"]: "D" + row["id"].rsplit("/D", 1)[1].zfill(9) for row in csv.DictReader(handle)
        }
    wrong = {name: mesh_id for name, mesh_id in mesh_ids().items() if descriptors.get(name) != mesh_id}
    assert wrong == {}
