"""The studies the browser tests see: the search page's factory studies, the seed study in three
versions (for the history tab and compare), and a synthetic study with posted results."""

from __future__ import annotations

import copy
from typing import Any

from tests.web.search_site import STUDIES
from trialbase.demo import SEED_NCT_ID, generate_studies, load_seed_study
from trialbase.store import Store, prepare_study

# How many synthetic studies to look through for one with results (the generator posts results
# for some completed studies only).
_SYNTHETIC_LOOKAHEAD = 80


def seed_versions() -> list[dict[str, Any]]:
    """NCT04822922 as published, then recruiting, then with a larger enrollment (three versions)."""
    first = load_seed_study()
    second = copy.deepcopy(first)
    status = second["protocolSection"]["statusModule"]
    status["overallStatus"] = "RECRUITING"
    status["lastUpdatePostDateStruct"]["date"] = "2021-09-02"
    third = copy.deepcopy(second)
    protocol = third["protocolSection"]
    protocol["statusModule"]["lastUpdatePostDateStruct"]["date"] = "2022-01-10"
    summary = protocol["descriptionModule"]["briefSummary"]
    protocol["descriptionModule"]["briefSummary"] = summary.replace(
        "16 patients need to be enrolled", "24 patients need to be enrolled"
    )
    protocol["designModule"]["enrollmentInfo"]["count"] = 24
    return [first, second, third]


def study_with_results() -> dict[str, Any]:
    """The first synthetic interventional study whose results hold all four results modules."""
    wanted = {
        "participantFlowModule",
        "baselineCharacteristicsModule",
        "outcomeMeasuresModule",
        "adverseEventsModule",
    }
    for document in generate_studies(_SYNTHETIC_LOOKAHEAD):
        interventional = document["protocolSection"]["designModule"]["studyType"] == "INTERVENTIONAL"
        if interventional and wanted <= set(document.get("resultsSection", {})):
            return document
    raise AssertionError(f"none of the first {_SYNTHETIC_LOOKAHEAD} synthetic studies has full results")


def load(store: Store) -> dict[str, str]:
    """Write every study (one batch per seed version, so it gets three versions) and return the
    NCT ids the tests visit by role."""
    results = study_with_results()
    store.write_batch([prepare_study(document) for document in [*STUDIES, results]])
    for version in seed_versions():
        store.write_batch([prepare_study(version)])
    return {
        "seed": SEED_NCT_ID,
        "results": results["protocolSection"]["identificationModule"]["nctId"],
    }
