"""The website over a few made-up studies, served on 127.0.0.1, for the search page tests."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.factories import full_study
from tests.live_server import live_server
from trialbase.server import create_app
from trialbase.services import Services
from trialbase.store import Store, prepare_study

BOSTON = (42.3601, -71.0589)
WORCESTER = (42.2626, -71.8023)  # about 40 miles west of Boston
NEW_YORK = (40.7128, -74.0060)  # about 190 miles from Boston
HOSTILE_TITLE = "<script>alert('x')</script> & heart"
HOSTILE_CONDITION = '<img src=x onerror="alert(1)">'


def study(
    number: int,
    *,
    title: str,
    conditions: list[str],
    status: str = "RECRUITING",
    phases: list[str] | None = None,
    last_update: str = "2024-05-02",
    first_post: str = "2023-01-12",
    start: str = "2023-03",
    sites: list[tuple[str, float, float]] | None = None,
    interventions: list[str] | None = None,
    min_age: str | None = "18 Years",
    max_age: str | None = "80 Years",
    summary: str = "",
    has_results: bool = False,
) -> dict[str, Any]:
    document = copy.deepcopy(full_study(f"NCT9{number:07d}", last_update=last_update))
    protocol = document["protocolSection"]
    protocol["identificationModule"].pop("nctIdAliases")
    protocol["identificationModule"].pop("acronym")
    protocol["identificationModule"]["briefTitle"] = title
    protocol["identificationModule"]["officialTitle"] = title
    protocol["statusModule"]["overallStatus"] = status
    protocol["statusModule"]["studyFirstPostDateStruct"] = {"date": first_post, "type": "ACTUAL"}
    protocol["statusModule"]["startDateStruct"] = {"date": start, "type": "ACTUAL"}
    protocol["conditionsModule"] = {"conditions": conditions}
    protocol["descriptionModule"] = {"briefSummary": summary or f"A study of {', '.join(conditions)}."}
    if phases is None:
        protocol["designModule"].pop("phases")
    else:
        protocol["designModule"]["phases"] = phases
    for key, age in (("minimumAge", min_age), ("maximumAge", max_age)):
        if age is None:
            protocol["eligibilityModule"].pop(key)
        else:
            protocol["eligibilityModule"][key] = age
    protocol["armsInterventionsModule"] = {
        "interventions": [{"type": "DRUG", "name": name} for name in interventions or ["Aspirin"]]
    }
    protocol["contactsLocationsModule"] = {
        "locations": [
            {
                "facility": f"{city} Clinic",
                "city": city,
                "country": "United States",
                "geoPoint": {"lat": lat, "lon": lon},
            }
            for city, lat, lon in sites or []
        ]
    }
    document["derivedSection"] = {"miscInfoModule": {"versionHolder": "2024-05-03"}}
    document["hasResults"] = has_results
    return document


STUDIES = [
    study(
        101,
        title="Aspirin After Heart Attack",
        conditions=["Myocardial Infarction"],
        phases=["PHASE3"],
        sites=[("Boston", *BOSTON)],
        last_update="2024-01-10",
        first_post="2021-02-01",
        start="2021-03",
    ),
    study(
        102,
        title="Statins in Liver Failure",
        conditions=["Liver Failure"],
        status="COMPLETED",
        phases=["PHASE2"],
        sites=[("Worcester", *WORCESTER)],
        interventions=["Atorvastatin"],
        last_update="2024-03-01",
        first_post="2022-05-05",
        start="2022-06",
        has_results=True,
    ),
    study(
        103,
        title="Exercise for Heart Failure in Teenagers",
        conditions=["Heart Failure"],
        status="TERMINATED",
        phases=["NA"],
        sites=[("New York", *NEW_YORK)],
        interventions=["Exercise"],
        min_age=None,
        max_age="17 Years",
        last_update="2023-07-07",
        first_post="2019-11-20",
        start="2019-11-15",
    ),
    study(
        104,
        title=HOSTILE_TITLE,
        conditions=[HOSTILE_CONDITION, "Heart Disease"],
        summary="Heart text with a control character \x01 and <b>markup</b> & ampersands.",
        last_update="2024-06-30",
        first_post="2024-06-01",
        start="2024-06",
    ),
    *(
        study(
            200 + number,
            title=f"Sleep Study {number:02d}",
            conditions=["Insomnia"],
            status="NOT_YET_RECRUITING" if number % 2 else "RECRUITING",
            last_update=f"2022-{number:02d}-15",
            first_post=f"2021-{number:02d}-01",
            interventions=["Sleep App"],
        )
        for number in range(1, 13)
    ),
]


@pytest.fixture(name="site")
def site_fixture(store: Store, tmp_path: Path) -> Iterator[httpx.Client]:
    """An HTTP client for the whole application over ``STUDIES`` (SQLite and PostgreSQL stores).

    Test modules import this fixture (``from tests.web.search_site import site_fixture``)."""
    store.write_batch([prepare_study(document) for document in STUDIES])
    services = Services.open(store, tmp_path / "data", follow=False)
    try:
        with (
            live_server(create_app(services)) as base_url,
            httpx.Client(base_url=base_url, timeout=30) as http,
        ):
            yield http
    finally:
        services.close()
