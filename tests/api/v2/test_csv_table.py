"""The CSV table: official columns in canonical order, cells as upstream writes them, and the
CSV pages of ``/api/v2/studies`` (header on the first page only, count and token headers)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import httpx
import pytest

from tests.api.v2.studies_corpus import corpus, served_corpus
from tests.factories import full_study, minimal_study
from tests.shared_data import shared_path
from trialbase.export.csv_table import CSV_COLUMNS, UnknownColumn, csv_row, csv_text


def cells(document: dict[str, object]) -> dict[str, str]:
    return dict(zip(CSV_COLUMNS, csv_row(document), strict=True))  # type: ignore[arg-type]


@pytest.mark.shared_data
def test_the_columns_are_the_official_ones_in_order() -> None:
    with shared_path("spec/csv-columns.csv").open(encoding="utf-8") as handle:
        official = [row["Column Name"] for row in csv.DictReader(handle)]
    assert list(CSV_COLUMNS) == official


def test_every_cell_of_a_full_study() -> None:
    study = full_study()
    study["protocolSection"]["designModule"]["designInfo"]["maskingInfo"] = {
        "masking": "DOUBLE",
        "whoMasked": ["PARTICIPANT", "INVESTIGATOR"],
    }
    study["protocolSection"]["identificationModule"]["secondaryIdInfos"] = [{"id": "EU-1"}, {"id": "NIH-2"}]
    study["protocolSection"]["statusModule"]["resultsFirstPostDateStruct"] = {"date": "2025-01-02"}
    assert cells(study) == {
        "NCT Number": "NCT90000002",
        "Study Title": "Aspirin After Heart Attack (test fixture)",
        "Study URL": "https://clinicaltrials.gov/study/NCT90000002",
        "Acronym": "TEST-ASA",
        "Study Status": "RECRUITING",
        "Brief Summary": "Tests whether <b>aspirin</b> & friends help.",
        "Study Results": "NO",
        "Conditions": "Myocardial Infarction",
        "Interventions": "DRUG: Aspirin|DRUG: Placebo",
        "Primary Outcome Measures": "Death or reinfarction, 12 months",
        "Secondary Outcome Measures": "",
        "Other Outcome Measures": "",
        "Sponsor": "Trialbase Test Hospital",
        "Collaborators": "",
        "Sex": "ALL",
        "Age": "ADULT, OLDER_ADULT",
        "Phases": "PHASE2|PHASE3",
        "Enrollment": "120",
        "Funder Type": "OTHER",
        "Study Type": "INTERVENTIONAL",
        "Study Design": "Allocation: RANDOMIZED|Intervention Model: PARALLEL|"
        "Masking: DOUBLE (PARTICIPANT, INVESTIGATOR)|Primary Purpose: TREATMENT",
        "Other IDs": "TB-TEST-1|EU-1|NIH-2",
        "Start Date": "2023-03",
        "Primary Completion Date": "2025-12-31",
        "Completion Date": "2026-06",
        "First Posted": "2023-01-12",
        "Results First Posted": "2025-01-02",
        "Last Update Posted": "2024-05-02",
        "Locations": "Test Hospital, Lyon, France",
        "Study Documents": "",
    }


def test_documents_observational_designs_and_results() -> None:
    study = corpus()[1]  # NCT90000003: results, a protocol document, a collaborator
    row = cells(study)
    assert row["Study Results"] == "YES"
    assert row["Collaborators"] == "Acme Pharma"
    assert row["Primary Outcome Measures"] == "Systolic pressure, Seated, mmHg, 8 weeks"
    assert row["Study Documents"] == (
        "Study Protocol, https://cdn.clinicaltrials.gov/large-docs/03/NCT90000003/Prot_000.pdf"
    )
    observational = minimal_study()
    observational["protocolSection"]["designModule"] = {
        "studyType": "OBSERVATIONAL",
        "designInfo": {"observationalModel": ["COHORT"], "timePerspective": ["PROSPECTIVE"]},
    }
    assert cells(observational)["Study Design"] == "Observational Model: COHORT|Time Perspective: PROSPECTIVE"


def test_a_minimal_study_has_empty_cells_not_errors() -> None:
    row = cells({"protocolSection": {"identificationModule": {"nctId": "NCT90000001"}}})
    assert row["NCT Number"] == "NCT90000001"
    assert row["Study Results"] == "NO"
    assert all(
        value == "" for name, value in row.items() if name not in ("NCT Number", "Study URL", "Study Results")
    )
    assert csv_row({}, ["Study URL", "Conditions"]) == ["", ""]


def test_quoting_and_column_choice() -> None:
    study = minimal_study()
    study["protocolSection"]["identificationModule"]["briefTitle"] = 'A "quoted", title\nover lines'
    lines = list(csv_text([study], ["NCT Number", "Study Title"]))
    assert lines == ["NCT Number,Study Title\r\n", 'NCT90000001,"A ""quoted"", title\nover lines"\r\n']
    assert list(csv_text([study], ["NCT Number"], header=False)) == ["NCT90000001\r\n"]
    with pytest.raises(UnknownColumn, match="`Title` is not a CSV column"):
        list(csv_text([study], ["Title"]))


# --- over HTTP --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    with served_corpus(tmp_path_factory.mktemp("csv")) as (http, _services):
        yield http


def test_csv_pages_carry_the_header_once_and_the_paging_headers(client: httpx.Client) -> None:
    first = client.get("/api/v2/studies", params={"format": "csv", "pageSize": 5, "countTotal": "true"})
    assert first.status_code == 200
    assert first.headers["content-type"] == "text/csv; charset=utf-8"
    assert first.headers["x-total-count"] == str(len(corpus()))
    rows = list(csv.reader(io.StringIO(first.text)))
    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) == 6
    seen = [row[0] for row in rows[1:]]
    token = first.headers["x-next-page-token"]
    while token:
        page = client.get(
            "/api/v2/studies",
            params={"format": "csv", "pageSize": 5, "countTotal": "true", "pageToken": token},
        )
        assert "x-total-count" not in page.headers
        page_rows = list(csv.reader(io.StringIO(page.text)))
        assert page_rows[0] != list(CSV_COLUMNS)  # no header after the first page
        seen += [row[0] for row in page_rows]
        token = page.headers.get("x-next-page-token", "")
    assert sorted(seen) == sorted(
        study["protocolSection"]["identificationModule"]["nctId"] for study in corpus()
    )


def test_csv_fields_are_columns_in_canonical_order(client: httpx.Client) -> None:
    response = client.get(
        "/api/v2/studies",
        params={"format": "csv", "fields": "Phases|nct number,Study Status", "filter.ids": "NCT90000003"},
    )
    assert response.text == "NCT Number,Study Status,Phases\r\nNCT90000003,RECRUITING,PHASE3\r\n"
    bad = client.get("/api/v2/studies", params={"format": "csv", "fields": "NCTId"})
    assert bad.status_code == 400
    assert "`NCTId` in `fields` is not a CSV column" in bad.text
