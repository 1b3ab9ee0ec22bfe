"""``GET /api/v2/studies/{nctId}`` over HTTP: every format, fields, aliases and errors."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.v2.studies_corpus import served_corpus
from tests.factories import full_study
from tests.live_server import live_server
from trialbase.export.csv_table import CSV_COLUMNS
from trialbase.server import create_app
from trialbase.services import Services
from trialbase.store import Store, prepare_study


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    with served_corpus(tmp_path_factory.mktemp("single")) as (http, _services):
        yield http


def test_json_is_the_stored_document_on_every_store_engine(store: Store, services: Services) -> None:
    store.write_batch([prepare_study(full_study())])
    with live_server(create_app(services)) as base_url:
        response = httpx.get(f"{base_url}/api/v2/studies/NCT90000002")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == full_study()
    assert list(response.json()) == list(full_study())


def test_json_leaves_out_keys_the_spec_does_not_have(client: httpx.Client) -> None:
    study = client.get("/api/v2/studies/NCT90000003").json()
    assert "futureKey" not in study["protocolSection"]["identificationModule"]
    assert "ourOwnModule" not in study["documentSection"]
    assert list(study) == ["protocolSection", "documentSection", "derivedSection", "hasResults"]


def test_fields_and_legacy_markup_apply_to_one_study(client: httpx.Client) -> None:
    response = client.get(
        "/api/v2/studies/NCT90000003", params={"fields": "ConditionsModule|NCTId", "markupFormat": "legacy"}
    )
    assert response.json() == {
        "protocolSection": {
            "identificationModule": {"nctId": "NCT90000003"},
            "conditionsModule": {"conditions": ["Hypertension"], "keywords": ["pressure"]},
        }
    }
    summary = client.get(
        "/api/v2/studies/NCT90000003", params={"fields": "BriefSummary", "markupFormat": "legacy"}
    ).json()
    assert summary["protocolSection"]["descriptionModule"]["briefSummary"].startswith("Tests lisinopril")


def test_csv_is_a_header_and_one_row(client: httpx.Client) -> None:
    response = client.get("/api/v2/studies/NCT90000004", params={"format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    lines = response.text.split("\r\n")
    assert lines[0] == ",".join(CSV_COLUMNS)
    assert lines[1].startswith("NCT90000004,Heart Attack Rehabilitation in Paris,")
    assert lines[2:] == [""]
    some = client.get("/api/v2/studies/NCT90000004", params={"format": "csv", "fields": "Sponsor,nct number"})
    assert some.text == "NCT Number,Sponsor\r\nNCT90000004,Trialbase Test Hospital\r\n"


def test_json_zip_holds_the_study_as_a_json_file(client: httpx.Client) -> None:
    response = client.get(
        "/api/v2/studies/NCT90000003", params={"format": "json.zip", "markupFormat": "legacy"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"] == 'attachment; filename="NCT90000003.zip"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == ["NCT90000003.json"]
        study = json.loads(archive.read("NCT90000003.json"))
    assert study == client.get("/api/v2/studies/NCT90000003").json()  # markup stays Markdown
    with_fields = client.get("/api/v2/studies/NCT90000003", params={"format": "json.zip", "fields": "NCTId"})
    with zipfile.ZipFile(io.BytesIO(with_fields.content)) as archive:
        assert json.loads(archive.read("NCT90000003.json")) == {
            "protocolSection": {"identificationModule": {"nctId": "NCT90000003"}}
        }


def test_fhir_json_is_a_research_study(client: httpx.Client) -> None:
    pytest.importorskip("trialbase.export.fhir", reason="helper H2 writes export/fhir.py")
    from trialbase.export.fhir import fhir_research_study

    response = client.get("/api/v2/studies/NCT90000002", params={"format": "fhir.json"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/fhir+json"
    stored = client.get("/api/v2/studies/NCT90000002").json()
    assert response.json() == json.loads(json.dumps(fhir_research_study(stored)))
    refused = client.get("/api/v2/studies/NCT90000002", params={"format": "fhir.json", "fields": "NCTId"})
    assert refused.status_code == 400
    assert "`fields` must be unspecified for `fhir.json`" in refused.text


def test_ris_is_a_record_and_fields_pick_its_tags(client: httpx.Client) -> None:
    pytest.importorskip("trialbase.export.ris", reason="helper H2 writes export/ris.py")
    from trialbase.export.ris import ris_record

    response = client.get("/api/v2/studies/NCT90000002", params={"format": "ris"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-research-info-systems; charset=utf-8"
    stored = client.get("/api/v2/studies/NCT90000002").json()
    assert response.text == ris_record(stored)
    picked = client.get("/api/v2/studies/NCT90000002", params={"format": "ris", "fields": "TI"}).text
    tags = {line[:2] for line in picked.splitlines() if line.strip()}
    assert tags <= {"TY", "TI", "ER"}
    assert "TY" in tags
    bad = client.get("/api/v2/studies/NCT90000002", params={"format": "ris", "fields": "Title!"})
    assert bad.status_code == 400


def test_an_alias_redirects_permanently_keeping_the_parameters(client: httpx.Client) -> None:
    response = client.get("/api/v2/studies/NCT90009999", params={"format": "csv"}, follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"].endswith("/api/v2/studies/NCT90000002?format=csv")


def test_unknown_studies_are_404_and_bad_requests_400(client: httpx.Client) -> None:
    missing = client.get("/api/v2/studies/NCT12345678")
    assert (missing.status_code, missing.text) == (404, "Study NCT12345678 not found")
    assert missing.headers["content-type"].startswith("text/plain")
    invalid = client.get("/api/v2/studies/hello")
    assert invalid.status_code == 400
    assert "is not a valid NCT number" in invalid.text
    # An id with a slash (encoded or not) is an id that is not valid, not a redirect elsewhere.
    for path in ("/api/v2/studies/%2F", "/api/v2/studies/NCT90000002/more"):
        slashed = client.get(path, follow_redirects=False)
        assert slashed.status_code == 400, path
        assert "is not a valid NCT number" in slashed.text
    trailing = client.get("/api/v2/studies/", params={"pageSize": "1"}, follow_redirects=False)
    assert trailing.status_code == 307
    assert trailing.headers["location"].endswith("/api/v2/studies?pageSize=1")
    for params, expected in [
        ({"format": "xml"}, "`format` must be one of `json`, `csv`, `json.zip`, `fhir.json`, `ris`"),
        ({"pageSize": "3"}, "`pageSize` is unknown parameter"),
        ({"fields": "NoSuchThing"}, "`NoSuchThing` in `fields`"),
        ({"format": "csv", "fields": "Study Titel"}, "did you mean `Study Title`?"),
    ]:
        response = client.get("/api/v2/studies/NCT12345678", params=params)
        assert response.status_code == 400, params
        assert expected in response.text


def test_the_seed_study_round_trips_unchanged(tmp_path: Path) -> None:
    """A real-shaped document (the seed study) comes back exactly as stored."""
    seed = json.loads(
        (Path(__file__).parents[3] / "src/trialbase/demo/seed_NCT04822922.json").read_text(encoding="utf-8")
    )
    store = Store.open(f"sqlite:///{tmp_path / 'seed.sqlite'}")
    store.write_batch([prepare_study(seed)])
    services = Services.open(store, tmp_path / "data", follow=False)
    try:
        with live_server(create_app(services)) as base_url:
            response = httpx.get(f"{base_url}/api/v2/studies/NCT04822922")
    finally:
        services.close()
        store.close()
    assert response.json() == seed
    assert json.dumps(response.json()) == json.dumps(seed)  # key order too
