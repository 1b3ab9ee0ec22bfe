"""The RIS renderer: one well-formed database record per study, whatever the record text holds."""

from __future__ import annotations

import copy
import json
import re
from importlib import resources
from typing import Any

import pytest

from tests.factories import full_study, minimal_study
from tests.shared_data import v2_documents
from trialbase.export.ris import ris_record

LINE = re.compile(r"[A-Z][A-Z0-9]  - \S.*")


def seed_study() -> dict[str, Any]:
    text = resources.files("trialbase.demo").joinpath("seed_NCT04822922.json").read_text()
    document: dict[str, Any] = json.loads(text)
    return document


def tags(record: str) -> list[tuple[str, str]]:
    """The (tag, value) lines of one record, after checking the record is well formed."""
    assert record.endswith("ER  - \r\n")
    lines = record.split("\r\n")
    assert lines[-1] == ""
    assert lines[-2] == "ER  - "
    body = lines[:-2]
    for line in body:
        assert LINE.fullmatch(line), line
    assert body[0] == "TY  - DBASE"
    return [(line[:2], line[6:]) for line in body]


def test_the_seed_study() -> None:
    record = ris_record(seed_study(), "https://registry.example.org/")
    assert tags(record) == [
        ("TY", "DBASE"),
        (
            "TI",
            "Safety of Human Umbilical Cord-derived Mesenchymal Stem Cell (UC-MSC) Transfusion for "
            "Acute-on-chronic Liver Failure Patients",
        ),
        ("ST", "Safety of UC-MSC Transfusion for ACLF Patients"),
        ("AU", "Hai Li"),
        ("PY", "2021"),
        ("DA", "2021/07/21"),
        ("UR", "https://registry.example.org/study/NCT04822922"),
        ("ID", "NCT04822922"),
        ("AN", "NCT04822922"),
        ("AB", seed_study()["protocolSection"]["descriptionModule"]["briefSummary"]),
        ("KW", "Acute-On-Chronic Liver Failure"),
        ("KW", "ACLF"),
        ("KW", "mesenchymal stem cell"),
        ("KW", "safety"),
        ("N1", "Overall status: Not yet recruiting"),
        ("PB", "Hai Li"),
        ("DB", "Trialbase"),
    ]


def test_the_default_base_url_is_the_local_server() -> None:
    assert ("UR", "http://localhost:8000/study/NCT90000001") in tags(ris_record(minimal_study()))


def test_authors_are_principal_investigators_else_the_responsible_party_else_the_sponsor() -> None:
    document = copy.deepcopy(full_study())
    assert [value for tag, value in tags(ris_record(document)) if tag == "AU"] == ["Trialbase Test Hospital"]
    sponsors = document["protocolSection"]["sponsorCollaboratorsModule"]
    sponsors["responsibleParty"] = {
        "type": "PRINCIPAL_INVESTIGATOR",
        "investigatorFullName": "Ada Lovelace, MD",
    }
    assert [value for tag, value in tags(ris_record(document)) if tag == "AU"] == ["Ada Lovelace, MD"]
    document["protocolSection"]["contactsLocationsModule"]["overallOfficials"] = [
        {"name": "Grace Hopper", "role": "PRINCIPAL_INVESTIGATOR"},
        {"name": "Alan Turing", "role": "STUDY_CHAIR"},
        {"name": "Edsger Dijkstra", "role": "PRINCIPAL_INVESTIGATOR"},
    ]
    assert [value for tag, value in tags(ris_record(document)) if tag == "AU"] == [
        "Grace Hopper",
        "Edsger Dijkstra",
    ]


def test_record_text_cannot_break_out_of_its_line() -> None:
    document = copy.deepcopy(minimal_study())
    document["protocolSection"]["identificationModule"]["briefTitle"] = (
        "Title\r\nER  - \nTY  - JOUR\u2028AU  - x"
    )
    document["protocolSection"]["descriptionModule"] = {"briefSummary": "one\n\ntwo\tthree\x00"}
    pairs = tags(ris_record(document))
    assert ("TI", "Title ER - TY - JOUR AU - x") in pairs
    assert ("AB", "one two three") in pairs
    assert [tag for tag, _ in pairs].count("TY") == 1


def test_missing_pieces_leave_their_tags_out() -> None:
    pairs = dict(tags(ris_record(minimal_study())))
    assert set(pairs) == {"TY", "TI", "UR", "ID", "AN", "N1", "DB"}
    with pytest.raises(ValueError, match="nctId"):
        ris_record({"protocolSection": {}})


@pytest.mark.shared_data
def test_every_real_study_is_one_well_formed_record() -> None:
    for document in v2_documents():
        nct_id = document["protocolSection"]["identificationModule"]["nctId"]
        pairs = tags(ris_record(document))
        assert ("ID", nct_id) in pairs
        assert any(tag == "TI" for tag, _ in pairs), nct_id
