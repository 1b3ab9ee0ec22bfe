"""A small made-up corpus for the ``/api/v2/studies`` tests, served once per test module.

Each study exists to make one behaviour visible: statuses and phases for filters, sites with
coordinates for ``filter.geo`` and ``geoDecay``, an unknown key for the spec-key projection,
Markdown escapes for ``markupFormat=legacy``, an alias for the 301, a protocol document for the
CSV's documents column.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from tests.factories import full_study, minimal_study
from tests.live_server import live_server
from trialbase.server import create_app
from trialbase.services import Services
from trialbase.store import Store, prepare_study
from trialbase.store.vocabulary_store import Descriptor, VocabularyStore

VOCABULARY = [
    Descriptor("D000009203", "Myocardial Infarction", ("C14.280.647.500",), ("Heart Attack",)),
    Descriptor("D000006973", "Hypertension", ("C14.907.489",), ("High Blood Pressure",)),
]
BOSTON = (42.3601, -71.0589)
LYON = (45.74846, 4.84671)
PARIS = (48.8566, 2.3522)


def _site(facility: str, city: str, country: str, point: tuple[float, float]) -> dict[str, Any]:
    return {
        "facility": facility,
        "status": "RECRUITING",
        "city": city,
        "country": country,
        "geoPoint": {"lat": point[0], "lon": point[1]},
    }


def corpus() -> list[dict[str, Any]]:
    aspirin = full_study("NCT90000002")  # RECRUITING, PHASE2|PHASE3, Lyon, alias NCT90009999

    extra = full_study("NCT90000003", last_update="2024-07-01")
    extra["protocolSection"]["identificationModule"]["nctIdAliases"] = []
    extra["protocolSection"]["identificationModule"]["briefTitle"] = "Blood Pressure Pills in Boston"
    extra["protocolSection"]["identificationModule"]["futureKey"] = "not in the spec"
    extra["protocolSection"]["conditionsModule"] = {"conditions": ["Hypertension"], "keywords": ["pressure"]}
    extra["protocolSection"]["armsInterventionsModule"]["interventions"][0]["name"] = "Lisinopril"
    extra["protocolSection"]["designModule"]["phases"] = ["PHASE3"]
    extra["protocolSection"]["designModule"]["enrollmentInfo"] = {"count": 500, "type": "ACTUAL"}
    extra["protocolSection"]["sponsorCollaboratorsModule"] = {
        "leadSponsor": {"name": "Boston Heart Institute", "class": "NIH"},
        "collaborators": [{"name": "Acme Pharma", "class": "INDUSTRY"}],
    }
    extra["protocolSection"]["outcomesModule"] = {
        "primaryOutcomes": [
            {"measure": "Systolic pressure", "description": "Seated, mmHg", "timeFrame": "8 weeks"}
        ]
    }
    extra["protocolSection"]["contactsLocationsModule"]["locations"] = [
        _site("Boston General", "Boston", "United States", BOSTON)
    ]
    extra["protocolSection"]["descriptionModule"] = {
        "briefSummary": "Tests **lisinopril** for pressure \\< 140 \\& more.\n\n* first point\n* second point"
    }
    extra["derivedSection"]["conditionBrowseModule"] = {"meshes": [{"id": "D006973", "term": "Hypertension"}]}
    extra["documentSection"] = {
        "largeDocumentModule": {
            "largeDocs": [
                {
                    "typeAbbrev": "Prot",
                    "hasProtocol": True,
                    "label": "Study Protocol",
                    "filename": "Prot_000.pdf",
                }
            ]
        },
        "ourOwnModule": {"note": "never served by the v2 surface"},
    }
    extra["hasResults"] = True

    paris = full_study("NCT90000004", last_update="2023-01-15")
    paris["protocolSection"]["identificationModule"]["nctIdAliases"] = []
    paris["protocolSection"]["identificationModule"]["briefTitle"] = "Heart Attack Rehabilitation in Paris"
    paris["protocolSection"]["identificationModule"]["officialTitle"] = (
        "Cardiac Rehabilitation After a Heart Attack"
    )
    paris["protocolSection"]["conditionsModule"] = {"conditions": ["Heart Attack"]}
    paris["derivedSection"].pop("conditionBrowseModule")
    paris["protocolSection"]["statusModule"]["overallStatus"] = "COMPLETED"
    paris["protocolSection"]["designModule"]["phases"] = ["NA"]
    paris["protocolSection"]["designModule"]["enrollmentInfo"] = {"count": 40, "type": "ACTUAL"}
    paris["protocolSection"]["contactsLocationsModule"]["locations"] = [
        _site("Hopital Test", "Paris", "France", PARIS)
    ]

    plain = [minimal_study(f"NCT900000{number}") for number in range(10, 19)]
    plain[0]["protocolSection"]["statusModule"]["overallStatus"] = "NOT_YET_RECRUITING"
    plain[1]["protocolSection"]["statusModule"]["overallStatus"] = "WITHDRAWN"
    return [aspirin, extra, paris, *plain]


@contextmanager
def served_corpus(data_dir: Path) -> Iterator[tuple[httpx.Client, Services]]:
    """The app over a fresh SQLite store holding ``corpus()`` and the test vocabulary."""
    store = Store.open(f"sqlite:///{data_dir / 'studies.sqlite'}")
    VocabularyStore(store).replace(VOCABULARY, source="test", version="test-1")
    store.write_batch([prepare_study(copy.deepcopy(document)) for document in corpus()])
    services = Services.open(store, data_dir / "data", follow=False)
    try:
        with live_server(create_app(services)) as base_url, httpx.Client(base_url=base_url) as client:
            yield client, services
    finally:
        services.close()
        store.close()


def nct_ids(response: httpx.Response) -> list[str]:
    return [study["protocolSection"]["identificationModule"]["nctId"] for study in response.json()["studies"]]
