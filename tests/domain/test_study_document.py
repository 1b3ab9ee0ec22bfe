"""Validation of v2 documents: every problem, each with its field path."""

from __future__ import annotations

import copy
import json

import pytest

from tests.factories import full_study, minimal_study
from tests.shared_data import SHARED, v2_documents
from trialbase.domain.issue import Severity
from trialbase.domain.model import Study
from trialbase.domain.study_document import DocumentError, check_document, read_study, validate_document


def test_clean_documents_have_no_issues() -> None:
    assert validate_document(minimal_study()) == []
    assert check_document(full_study()) == []


def test_every_problem_is_reported_with_its_path() -> None:
    document = full_study()
    document["protocolSection"]["statusModule"]["overallStatus"] = "DONE"
    document["protocolSection"]["designModule"]["enrollmentInfo"]["count"] = "120"
    document["protocolSection"]["designModule"]["phases"] = ["PHASE2", "PHASE 3"]
    document["protocolSection"]["eligibilityModule"]["minimumAge"] = "18 years old"
    document["protocolSection"]["statusModule"]["completionDateStruct"]["date"] = "2026-02-30"
    document["protocolSection"]["contactsLocationsModule"]["locations"][0]["geoPoint"] = {"lat": 1}
    found = {(issue.path, issue.code) for issue in validate_document(document)}
    assert found == {
        ("protocolSection.statusModule.overallStatus", "unknown-enum-value"),
        ("protocolSection.designModule.enrollmentInfo.count", "wrong-type"),
        ("protocolSection.designModule.phases[1]", "unknown-enum-value"),
        ("protocolSection.eligibilityModule.minimumAge", "bad-age"),
        ("protocolSection.statusModule.completionDateStruct.date", "bad-date"),
        ("protocolSection.contactsLocationsModule.locations[0].geoPoint.lon", "missing-field"),
    }
    assert all(issue.severity is Severity.ERROR for issue in validate_document(document))


def test_messages_say_what_would_be_accepted() -> None:
    document = minimal_study()
    document["protocolSection"]["statusModule"]["overallStatus"] = "recruiting"
    [issue] = validate_document(document)
    assert issue.message.startswith(
        "'recruiting' is not a Status value (expected one of ACTIVE_NOT_RECRUITING,"
    )
    assert issue.message.endswith("did you mean RECRUITING?")


def test_a_document_without_an_nct_id_is_rejected() -> None:
    document = minimal_study()
    del document["protocolSection"]["identificationModule"]["nctId"]
    [issue] = validate_document(document)
    assert (issue.path, issue.code) == ("protocolSection.identificationModule.nctId", "missing-nct-id")
    bad = minimal_study("NCT123")
    assert [issue.code for issue in validate_document(bad)] == ["bad-nct-id"]


@pytest.mark.parametrize("value", [[], "text", 3, None])
def test_a_study_must_be_an_object(value: object) -> None:
    [issue] = validate_document(value)
    assert issue.code == "not-an-object"


def test_unknown_fields_are_kept_and_not_reported() -> None:
    document = minimal_study()
    document["protocolSection"]["identificationModule"]["futureField"] = {"x": 1}
    assert validate_document(document) == []


def test_read_study_gives_typed_objects() -> None:
    study = read_study(full_study())
    assert isinstance(study, Study)
    assert study.protocolSection is not None
    assert study.protocolSection.designModule is not None
    assert study.protocolSection.designModule.phases == ["PHASE2", "PHASE3"]
    assert study.protocolSection.identificationModule is not None
    assert study.protocolSection.identificationModule.organization is not None
    assert study.protocolSection.identificationModule.organization.class_ == "OTHER"
    broken = copy.deepcopy(full_study())
    broken["hasResults"] = "yes"
    with pytest.raises(DocumentError, match=r"hasResults: expected true or false, got a string"):
        read_study(broken)


@pytest.mark.shared_data
def test_every_real_document_is_valid() -> None:
    bad = {}
    for document in v2_documents():
        issues = check_document(document)
        if issues:
            bad[document["protocolSection"]["identificationModule"]["nctId"]] = [str(i) for i in issues]
    assert bad == {}


@pytest.mark.shared_data
def test_the_model_knows_every_field_of_the_official_metadata() -> None:
    """Every field in studies-metadata.json has a place in the typed model."""
    from msgspec import inspect as model_types

    metadata_path = SHARED / "spec" / "studies-metadata.json"
    if not metadata_path.exists():
        pytest.skip(f"needs {metadata_path}")
    model_paths: set[str] = set()

    def walk_model(kind: model_types.Type, prefix: str) -> None:
        if isinstance(kind, model_types.UnionType):
            kind = next(t for t in kind.types if not isinstance(t, model_types.NoneType))
        if isinstance(kind, model_types.ListType):
            kind = kind.item_type
        if isinstance(kind, model_types.StructType):
            for field in kind.fields:
                path = f"{prefix}.{field.encode_name}" if prefix else field.encode_name
                model_paths.add(path)
                walk_model(field.type, path)

    walk_model(model_types.type_info(Study), "")
    metadata_paths: set[str] = set()

    def walk_metadata(nodes: list[dict[str, object]], prefix: str) -> None:
        for node in nodes:
            path = f"{prefix}.{node['name']}" if prefix else str(node["name"])
            metadata_paths.add(path)
            walk_metadata(node.get("children", []), path)  # type: ignore[arg-type]

    walk_metadata(json.loads(metadata_path.read_text()), "")
    # geoPoint's lat/lon are one GEO_POINT leaf in the metadata but an object in the spec.
    assert metadata_paths - model_paths == set()
