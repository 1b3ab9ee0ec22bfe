"""A small index of made-up studies, built through the real store and index code."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.factories import full_study
from trialbase.index.index_dir import build_index
from trialbase.search.concepts import ConceptIndex
from trialbase.search.engine import SearchEngine
from trialbase.store import Store, prepare_study
from trialbase.store.vocabulary_store import Descriptor, VocabularyStore

BOSTON = (42.3601, -71.0589)
WORCESTER = (42.2626, -71.8023)  # about 40 miles west of Boston
NEW_YORK = (40.7128, -74.0060)  # about 190 miles from Boston


def study(
    number: int,
    *,
    title: str,
    conditions: list[str],
    status: str = "RECRUITING",
    phases: list[str] | None = None,
    start: str | None = "2023-03",
    last_update: str = "2024-05-02",
    min_age: str | None = "18 Years",
    max_age: str | None = None,
    sites: list[tuple[float, float]] | None = None,
    meshes: list[str] | None = None,
    ancestors: list[str] | None = None,
    interventions: list[str] | None = None,
    sponsor: str = "Trialbase Test Hospital",
    funder: str = "OTHER",
    summary: str = "",
) -> dict[str, Any]:
    document = copy.deepcopy(full_study(f"NCT9{number:07d}", last_update=last_update))
    protocol = document["protocolSection"]
    protocol["identificationModule"].pop("nctIdAliases")
    protocol["identificationModule"]["briefTitle"] = title
    protocol["identificationModule"]["officialTitle"] = title
    protocol["identificationModule"].pop("acronym")
    protocol["statusModule"]["overallStatus"] = status
    if start is None:
        protocol["statusModule"].pop("startDateStruct")
    else:
        protocol["statusModule"]["startDateStruct"] = {"date": start, "type": "ACTUAL"}
    protocol["conditionsModule"] = {"conditions": conditions}
    protocol["descriptionModule"] = {"briefSummary": summary or f"A study of {', '.join(conditions)}."}
    protocol["sponsorCollaboratorsModule"]["leadSponsor"] = {"name": sponsor, "class": funder}
    design = protocol["designModule"]
    if phases is None:
        design.pop("phases")
    else:
        design["phases"] = phases
    eligibility = protocol["eligibilityModule"]
    for key, value in (("minimumAge", min_age), ("maximumAge", max_age)):
        if value is None:
            eligibility.pop(key, None)
        else:
            eligibility[key] = value
    names = interventions or ["Aspirin"]
    protocol["armsInterventionsModule"] = {
        "interventions": [{"type": "DRUG", "name": name} for name in names],
    }
    protocol["contactsLocationsModule"] = {
        "locations": [
            {
                "facility": f"Site {index}",
                "city": "Somewhere",
                "country": "United States",
                "geoPoint": {"lat": lat, "lon": lon},
            }
            for index, (lat, lon) in enumerate(sites or [])
        ]
    }
    derived: dict[str, Any] = {"miscInfoModule": {"versionHolder": "2024-05-03"}}
    if meshes or ancestors:
        derived["conditionBrowseModule"] = {
            "meshes": [{"id": f"D{index:09d}", "term": term} for index, term in enumerate(meshes or [])],
            "ancestors": [
                {"id": f"D{index + 100:09d}", "term": term} for index, term in enumerate(ancestors or [])
            ],
        }
    document["derivedSection"] = derived
    return document


STUDIES = [
    study(
        1,
        title="Aspirin After Heart Attack",
        conditions=["Myocardial Infarction"],
        phases=["PHASE3"],
        meshes=["Myocardial Infarction"],
        ancestors=["Myocardial Ischemia", "Heart Diseases"],
        sites=[BOSTON],
        start="2021",
        last_update="2024-01-10",
    ),
    study(
        2,
        title="Statins in Acute-on-Chronic Liver Failure",
        conditions=["Acute-On-Chronic Liver Failure"],
        phases=["PHASE2"],
        meshes=["Acute-On-Chronic Liver Failure"],
        ancestors=["Liver Failure", "Liver Diseases"],
        sites=[WORCESTER],
        start="2022-06",
        status="COMPLETED",
        last_update="2024-03-01",
    ),
    study(
        3,
        title="Exercise for Heart Failure",
        conditions=["Heart Failure"],
        phases=["NA"],
        sites=[NEW_YORK],
        meshes=["Heart Failure"],
        ancestors=["Heart Diseases"],
        start="2019-11-15",
        min_age=None,
        max_age="17 Years",
        last_update="2023-07-07",
        status="TERMINATED",
        funder="NIH",
        sponsor="National Heart Institute",
    ),
    study(
        4,
        title="Liver Cancer Screening",
        conditions=["Liver Neoplasms"],
        meshes=["Liver Neoplasms"],
        ancestors=["Liver Diseases", "Neoplasms"],
        phases=None,
        start=None,
        min_age=None,
        max_age=None,
        last_update="2022-02-02",
        interventions=["Ultrasound"],
        sponsor="Acme Pharma",
        funder="INDUSTRY",
    ),
    study(
        5,
        title="Sleep App for Insomnia",
        conditions=["Insomnia"],
        phases=["NA"],
        start="2024-02",
        summary="A smartphone app that helps people sleep better at night.",
        last_update="2024-06-30",
        sites=[BOSTON, NEW_YORK],
    ),
    study(
        6,
        title="Heart Attack Rehabilitation at Home",
        conditions=["Heart Attack"],
        phases=["NA"],
        start="2023-09",
        last_update="2024-02-14",
        status="NOT_YET_RECRUITING",
    ),
]

VOCABULARY = [
    Descriptor(
        "D000009203", "Myocardial Infarction", ("C14.280.647.500",), ("Heart Attack", "Heart Attacks")
    ),
    Descriptor("D000065166", "Acute-On-Chronic Liver Failure", ("C06.552.380.350",), ("ACLF",)),
    Descriptor("D000008107", "Liver Diseases", ("C06.552",), ("Hepatic Diseases",)),
    Descriptor("D000017093", "Liver Failure", ("C06.552.380",), ()),
]


@pytest.fixture
def search_store(database_url: str) -> Iterator[Store]:
    store = Store.open(database_url)
    store.write_batch([prepare_study(document) for document in STUDIES])
    VocabularyStore(store).replace(VOCABULARY, source="test", version="test-1")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def engine(search_store: Store, tmp_path: Path) -> SearchEngine:
    build_index(search_store, tmp_path)

    def documents(ids: Any) -> dict[str, dict[str, Any]]:
        found = {}
        for nct_id in ids:
            stored = search_store.current(nct_id)
            if stored is not None:
                found[nct_id] = stored.document
        return found

    return SearchEngine.open(tmp_path, concepts=ConceptIndex.load(search_store), documents=documents)


MESH_FILES = ("mesh2026-entry-terms.json", "mesh2026-descriptors.csv", "mesh2014-trees.csv")


@pytest.fixture(scope="session")
def real_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real v2 studies and the shared MeSH vocabulary, imported and indexed through the CLI."""
    from click.testing import CliRunner

    from tests.shared_data import V2_STUDIES, shared_path
    from trialbase.cli import cli

    data_dir = tmp_path_factory.mktemp("real")
    env = {"TRIALBASE_DATA_DIR": str(data_dir)}
    runner = CliRunner()
    imported = runner.invoke(cli, ["import", "--quiet", str(shared_path(V2_STUDIES))], env=env)
    assert imported.exit_code == 0, imported.stderr
    vocabulary = [str(shared_path(f"vocab/mesh/{name}")) for name in MESH_FILES]
    loaded = runner.invoke(cli, ["vocab", "import", "--quiet", *vocabulary], env=env)
    assert loaded.exit_code == 0, loaded.stderr
    return data_dir


@pytest.fixture(scope="session")
def real_engine(real_data_dir: Path) -> Iterator[SearchEngine]:
    from trialbase.search.service import open_engine

    store = Store.open(f"sqlite:///{real_data_dir / 'trialbase.sqlite'}")
    try:
        yield open_engine(store, real_data_dir)
    finally:
        store.close()
