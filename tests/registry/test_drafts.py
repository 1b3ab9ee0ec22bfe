"""Records: created by form or upload, edited module by module, kept within their organization."""

from __future__ import annotations

import pytest

from tests.factories import full_study
from tests.registry.conftest import People
from tests.registry.documents import registrable_study
from trialbase.domain.record_state import Action, RecordState
from trialbase.registry import Registry
from trialbase.registry.errors import Conflict, Forbidden, InvalidInput, NotFound


def test_an_empty_draft_can_be_saved_module_by_module(registry: Registry, people: People) -> None:
    created = registry.drafts.create(people.editor_a).draft
    assert created.state is RecordState.DRAFT
    assert created.organization_id == people.org_a
    assert created.brief_title == "(no brief title yet)"
    saved = registry.drafts.save_module(
        people.editor_a, created.id, "identificationModule",
        {"briefTitle": "Walking after stroke", "orgStudyIdInfo": {"id": "WALK-1"}}, revision=created.revision,
    ).draft  # fmt: skip
    assert saved.brief_title == "Walking after stroke"
    assert saved.revision == created.revision + 1
    assert saved.module("identificationModule")["orgStudyIdInfo"] == {"id": "WALK-1"}
    removed = registry.drafts.save_module(
        people.editor_a, created.id, "identificationModule", None, revision=saved.revision
    ).draft
    assert removed.module("identificationModule") == {}


def test_an_upload_drops_what_the_registry_sets_and_says_so(registry: Registry, people: People) -> None:
    saved = registry.drafts.create(people.editor_a, full_study("NCT04822922"), source="upload")
    identification = saved.draft.module("identificationModule")
    assert "nctId" not in identification
    assert "nctIdAliases" not in identification
    assert "derivedSection" not in saved.draft.document
    assert "studyFirstPostDateStruct" not in saved.draft.module("statusModule")
    assert {note.path for note in saved.notes} >= {
        "protocolSection.identificationModule.nctId",
        "protocolSection.statusModule.lastUpdatePostDateStruct",
        "derivedSection",
    }
    assert saved.draft.nct_id is None


def test_a_malformed_upload_is_refused_with_every_problem(registry: Registry, people: People) -> None:
    document = registrable_study()
    document["protocolSection"]["conditionsModule"]["conditions"] = "not a list"
    document["protocolSection"]["designModule"]["enrollmentInfo"]["count"] = "many"
    with pytest.raises(InvalidInput) as refused:
        registry.drafts.create(people.editor_a, document)
    assert {issue.path for issue in refused.value.issues} == {
        "protocolSection.conditionsModule.conditions",
        "protocolSection.designModule.enrollmentInfo.count",
    }
    with pytest.raises(InvalidInput):
        registry.drafts.create(people.editor_a, ["not", "an", "object"])


def test_an_incomplete_upload_is_kept_as_a_draft(registry: Registry, people: People) -> None:
    saved = registry.drafts.create(
        people.editor_a, {"protocolSection": {"statusModule": {"startDateStruct": {}}}}
    )
    assert saved.draft.module("statusModule") == {"startDateStruct": {}}
    assert registry.workflow.issues(saved.draft)


def test_another_organization_cannot_see_or_change_a_draft(registry: Registry, people: People) -> None:
    record = registry.drafts.create(people.editor_a, registrable_study()).draft
    with pytest.raises(NotFound) as hidden:
        registry.drafts.get(people.editor_b, record.id)
    with pytest.raises(NotFound) as missing:
        registry.drafts.get(people.editor_b, record.id + 1000)
    assert str(hidden.value).replace(str(record.id), "N") == str(missing.value).replace(
        str(record.id + 1000), "N"
    )
    with pytest.raises(NotFound):
        registry.drafts.save_module(
            people.editor_b, record.id, "descriptionModule", {}, revision=record.revision
        )
    with pytest.raises(NotFound):
        registry.drafts.delete(people.editor_b, record.id, revision=record.revision)
    assert registry.drafts.list_for(people.editor_b) == []
    assert [item.id for item in registry.drafts.list_for(people.admin_a)] == [record.id]
    # A reviewer sees nothing until the record is released.
    with pytest.raises(NotFound):
        registry.drafts.get(people.reviewer, record.id)


def test_a_stale_edit_is_refused(registry: Registry, people: People) -> None:
    record = registry.drafts.create(people.editor_a).draft
    registry.drafts.save_module(
        people.editor_a, record.id, "descriptionModule", {"briefSummary": "one"}, revision=1
    )
    with pytest.raises(Conflict, match="changed by someone else"):
        registry.drafts.save_module(
            people.admin_a, record.id, "descriptionModule", {"briefSummary": "two"}, revision=1
        )


def test_unknown_modules_and_roles_without_editing_are_refused(registry: Registry, people: People) -> None:
    record = registry.drafts.create(people.editor_a).draft
    with pytest.raises(InvalidInput, match="not a module"):
        registry.drafts.save_module(people.editor_a, record.id, "derivedSection", {}, revision=1)
    with pytest.raises(Forbidden):
        registry.drafts.create(people.reviewer)
    with pytest.raises(Forbidden):
        registry.drafts.create(people.site_admin)


def test_deleting_hides_a_draft_but_keeps_it_in_the_audit_log(registry: Registry, people: People) -> None:
    record = registry.drafts.create(people.editor_a, registrable_study()).draft
    registry.drafts.delete(people.editor_a, record.id, revision=record.revision)
    with pytest.raises(NotFound):
        registry.drafts.get(people.editor_a, record.id)
    events = registry.audit.events(people.admin_a, target=f"draft:{record.id}")
    assert [event.action for event in events] == ["record.delete", "record.create"]
    assert events[1].after["document"] == registrable_study()


def test_only_drafts_can_be_deleted(registry: Registry, people: People) -> None:
    record = registry.drafts.create(people.editor_a, registrable_study()).draft
    completed = registry.workflow.act(people.editor_a, record.id, Action.COMPLETE, revision=record.revision)
    with pytest.raises(Conflict, match="only a draft"):
        registry.drafts.delete(people.editor_a, record.id, revision=completed.revision)


def test_a_record_can_be_transferred_to_another_organization(registry: Registry, people: People) -> None:
    record = registry.drafts.create(people.editor_a, registrable_study()).draft
    with pytest.raises(Forbidden):
        registry.drafts.transfer(people.editor_a, record.id, people.org_b, revision=record.revision)
    moved = registry.drafts.transfer(people.admin_a, record.id, people.org_b, revision=record.revision)
    assert moved.organization_id == people.org_b
    assert registry.drafts.get(people.editor_b, record.id).organization_name == "Org B Pharma"
    with pytest.raises(NotFound):
        registry.drafts.get(people.editor_a, record.id)
