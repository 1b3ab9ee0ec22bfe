"""The record workflow with data: errors block release, comments, publication into the store."""

from __future__ import annotations

import pytest

from tests.factories import minimal_study
from tests.registry.conftest import People
from tests.registry.documents import registrable_study, with_error
from trialbase.domain.record_state import Action, RecordState
from trialbase.registry import Draft, Registry
from trialbase.registry.errors import Conflict, Forbidden, InvalidInput, NotFound
from trialbase.store import prepare_study


def _to_review(registry: Registry, people: People, document: dict[str, object] | None = None) -> Draft:
    record = registry.drafts.create(people.editor_a, document or registrable_study()).draft
    return _through(
        registry, people, record, Action.COMPLETE, Action.APPROVE, Action.RELEASE, Action.START_REVIEW
    )


def _through(registry: Registry, people: People, record: Draft, *actions: Action) -> Draft:
    who = {
        Action.COMPLETE: people.editor_a,
        Action.REOPEN: people.editor_a,
        Action.APPROVE: people.responsible_a,
        Action.RELEASE: people.responsible_a,
        Action.MARK_REVISED: people.editor_a,
        Action.START_REVIEW: people.reviewer,
        Action.RETURN: people.reviewer,
        Action.PUBLISH: people.reviewer,
    }
    for action in actions:
        record = registry.workflow.act(who[action], record.id, action, revision=record.revision)
    return record


def test_errors_block_release_and_name_their_fields(registry: Registry, people: People) -> None:
    record = registry.drafts.create(people.editor_a, with_error(registrable_study())).draft
    approved = _through(registry, people, record, Action.COMPLETE, Action.APPROVE)
    with pytest.raises(InvalidInput, match="cannot be released") as refused:
        registry.workflow.act(people.responsible_a, record.id, Action.RELEASE, revision=approved.revision)
    assert "protocolSection.statusModule.overallStatus" in {issue.path for issue in refused.value.issues}
    fixed = registry.drafts.save_module(
        people.editor_a, record.id, "statusModule", registrable_study()["protocolSection"]["statusModule"],
        revision=approved.revision,
    ).draft  # fmt: skip
    assert fixed.state is RecordState.DRAFT  # an edit undoes "complete" and "approved"
    released = _through(registry, people, fixed, Action.COMPLETE, Action.APPROVE, Action.RELEASE)
    assert released.state is RecordState.RELEASED
    assert released.review_round == 1


def test_roles_are_checked_for_each_action(registry: Registry, people: People) -> None:
    record = registry.drafts.create(people.editor_a, registrable_study()).draft
    record = _through(registry, people, record, Action.COMPLETE)
    with pytest.raises(Forbidden, match="responsible party"):
        registry.workflow.act(people.editor_a, record.id, Action.APPROVE, revision=record.revision)
    with pytest.raises(NotFound):
        registry.workflow.act(people.reviewer, record.id, Action.PUBLISH, revision=record.revision)
    with pytest.raises(Conflict, match="not possible while the record is entry complete"):
        registry.workflow.act(people.responsible_a, record.id, Action.RELEASE, revision=record.revision)


def test_the_review_queue_lists_released_records_oldest_first(registry: Registry, people: People) -> None:
    first = registry.drafts.create(people.editor_a, registrable_study("First")).draft
    second = registry.drafts.create(people.editor_a, registrable_study("Second")).draft
    _through(registry, people, second, Action.COMPLETE, Action.APPROVE, Action.RELEASE)
    _through(registry, people, first, Action.COMPLETE, Action.APPROVE, Action.RELEASE)
    assert [entry.brief_title for entry in registry.review.queue(people.reviewer)] == ["Second", "First"]
    with pytest.raises(Forbidden):
        registry.review.queue(people.editor_a)


def test_comments_go_back_and_forth_until_publication(registry: Registry, people: People) -> None:
    record = _to_review(registry, people)
    with pytest.raises(Conflict, match="at least one comment"):
        registry.workflow.act(people.reviewer, record.id, Action.RETURN, revision=record.revision)
    major = registry.review.add_comment(
        people.reviewer, record.id, path="protocolSection.descriptionModule.briefSummary", severity="major",
        body="Say what the participants will do.",
    )  # fmt: skip
    registry.review.add_comment(people.reviewer, record.id, path="", severity="advisory", body="Nice work.")
    with pytest.raises(InvalidInput, match="field path"):
        registry.review.add_comment(
            people.reviewer, record.id, path="no such; path", severity="major", body="x"
        )
    with pytest.raises(Forbidden):
        registry.review.add_comment(people.editor_a, record.id, path="", severity="major", body="self-review")
    record = _through(registry, people, record, Action.RETURN)
    assert record.state is RecordState.COMMENTS_RETURNED
    # The reviewer cannot edit the sponsor's data.
    with pytest.raises(Forbidden):
        registry.drafts.save_module(
            people.reviewer, record.id, "descriptionModule", {}, revision=record.revision
        )
    with pytest.raises(Conflict, match="answer every major comment"):
        registry.workflow.act(people.editor_a, record.id, Action.MARK_REVISED, revision=record.revision)
    record = registry.drafts.save_module(
        people.editor_a, record.id, "descriptionModule",
        {"briefSummary": "Participants take aspirin or placebo daily for a year."}, revision=record.revision,
    ).draft  # fmt: skip
    assert record.state is RecordState.COMMENTS_RETURNED
    answered = registry.review.respond(people.editor_a, record.id, major.id, "Rewritten the summary.")
    assert answered.response == "Rewritten the summary."
    assert answered.responded_by == "editor-a"
    record = _through(
        registry, people, record, Action.MARK_REVISED, Action.RELEASE, Action.START_REVIEW, Action.PUBLISH
    )
    assert record.state is RecordState.PUBLISHED
    assert record.review_round == 2
    comments = registry.review.comments(people.editor_a, record.id)
    assert [(comment.review_round, comment.severity) for comment in comments] == [
        (1, "major"),
        (1, "advisory"),
    ]


def test_publishing_assigns_the_next_nct_id_and_writes_version_one(
    registry: Registry, people: People
) -> None:
    registry.store.write_batch([prepare_study(minimal_study("NCT80000001"))])  # an imported study holds it
    record = _through(registry, people, _to_review(registry, people), Action.PUBLISH)
    assert record.nct_id == "NCT80000002"
    assert record.published_version == 1
    stored = registry.store.current("NCT80000002")
    assert stored is not None
    status = stored.document["protocolSection"]["statusModule"]
    today = registry.store.clock().date().isoformat()
    assert status["studyFirstPostDateStruct"] == {"date": today, "type": "ACTUAL"}
    assert status["lastUpdatePostDateStruct"] == {"date": today, "type": "ACTUAL"}
    assert stored.document["protocolSection"]["identificationModule"]["nctId"] == "NCT80000002"
    assert stored.provenance["source"] == "registry"
    second = _through(
        registry, people, _to_review(registry, people, registrable_study("Another")), Action.PUBLISH
    )
    assert second.nct_id == "NCT80000003"


def test_an_update_of_a_published_record_becomes_version_two(registry: Registry, people: People) -> None:
    record = _through(registry, people, _to_review(registry, people), Action.PUBLISH)
    assert record.nct_id is not None
    first_posted = registry.store.current(record.nct_id).document["protocolSection"]["statusModule"][  # type: ignore[union-attr]
        "studyFirstPostDateStruct"
    ]
    description = {"briefSummary": "Now also counting strokes."}
    record = registry.drafts.save_module(
        people.editor_a, record.id, "descriptionModule", description, revision=record.revision
    ).draft
    assert record.state is RecordState.DRAFT
    assert registry.store.current(record.nct_id).version == 1  # type: ignore[union-attr]  # still public
    record = _through(
        registry, people, record,
        Action.COMPLETE, Action.APPROVE, Action.RELEASE, Action.START_REVIEW, Action.PUBLISH,
    )  # fmt: skip
    assert record.published_version == 2
    assert [item.version for item in registry.store.history(record.nct_id)] == [1, 2]
    current = registry.store.current(record.nct_id)
    assert current is not None
    assert current.document["protocolSection"]["descriptionModule"] == description
    assert current.document["protocolSection"]["statusModule"]["studyFirstPostDateStruct"] == first_posted
    first = registry.store.version(record.nct_id, 1)
    assert first is not None
    assert first.document["protocolSection"]["descriptionModule"] != description
    with pytest.raises(Conflict, match="never published"):
        registry.drafts.delete(people.editor_a, record.id, revision=record.revision)


def test_every_step_is_in_the_audit_log(registry: Registry, people: People) -> None:
    record = _through(registry, people, _to_review(registry, people), Action.PUBLISH)
    actions = [
        event.action for event in reversed(registry.audit.events(people.admin_a, target=f"draft:{record.id}"))
    ]
    assert actions == [
        "record.create",
        "record.complete",
        "record.approve",
        "record.release",
        "record.start_review",
        "record.assign_nct_id",
        "record.publish",
    ]
    publish = registry.audit.events(people.site_admin, target=f"draft:{record.id}")[0]
    assert publish.actor == "reviewer"
    assert publish.after == {"state": "published", "nct_id": record.nct_id, "version": 1}
