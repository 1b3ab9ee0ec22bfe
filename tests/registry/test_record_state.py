"""The record workflow's rules: which action leads where, for whom, and what an edit does."""

from __future__ import annotations

import pytest

from trialbase.domain.record_state import (
    Action,
    RecordState,
    Role,
    TransitionRefused,
    available_actions,
    is_deletable,
    next_state,
    state_after_edit,
)

S = RecordState
EDITOR = frozenset({Role.RECORD_EDITOR})
RESPONSIBLE = frozenset({Role.RESPONSIBLE_PARTY})
REVIEWER = frozenset({Role.REVIEWER})


def test_the_whole_path_with_one_round_of_comments() -> None:
    steps = [
        (Action.COMPLETE, EDITOR, S.ENTRY_COMPLETE),
        (Action.APPROVE, RESPONSIBLE, S.APPROVED),
        (Action.RELEASE, RESPONSIBLE, S.RELEASED),
        (Action.START_REVIEW, REVIEWER, S.UNDER_REVIEW),
        (Action.RETURN, REVIEWER, S.COMMENTS_RETURNED),
        (Action.MARK_REVISED, EDITOR, S.REVISED),
        (Action.RELEASE, RESPONSIBLE, S.RELEASED),
        (Action.START_REVIEW, REVIEWER, S.UNDER_REVIEW),
        (Action.PUBLISH, REVIEWER, S.PUBLISHED),
    ]
    state = S.DRAFT
    for action, roles, expected in steps:
        state = next_state(state, action, roles)
        assert state is expected, action


def test_an_action_from_the_wrong_state_says_when_it_is_possible() -> None:
    with pytest.raises(TransitionRefused, match="only when it is: under review"):
        next_state(S.RELEASED, Action.PUBLISH, REVIEWER)


def test_an_action_without_the_role_names_the_role() -> None:
    with pytest.raises(TransitionRefused, match="responsible party"):
        next_state(S.ENTRY_COMPLETE, Action.APPROVE, EDITOR)
    with pytest.raises(TransitionRefused, match="reviewer"):
        next_state(S.UNDER_REVIEW, Action.PUBLISH, frozenset({Role.SITE_ADMIN, Role.ORG_ADMIN}))


def test_available_actions_depend_on_state_and_roles() -> None:
    assert available_actions(S.ENTRY_COMPLETE, RESPONSIBLE) == [Action.REOPEN, Action.APPROVE]
    assert available_actions(S.ENTRY_COMPLETE, EDITOR) == [Action.REOPEN]
    assert available_actions(S.UNDER_REVIEW, REVIEWER) == [Action.RETURN, Action.PUBLISH]
    assert available_actions(S.PUBLISHED, REVIEWER | EDITOR) == []


@pytest.mark.parametrize(
    ("state", "after"),
    [
        (S.DRAFT, S.DRAFT),
        (S.ENTRY_COMPLETE, S.DRAFT),
        (S.APPROVED, S.DRAFT),
        (S.COMMENTS_RETURNED, S.COMMENTS_RETURNED),
        (S.REVISED, S.REVISED),
        (S.PUBLISHED, S.DRAFT),
    ],
)
def test_where_an_edit_leaves_a_record(state: RecordState, after: RecordState) -> None:
    assert state_after_edit(state) is after


@pytest.mark.parametrize("state", [S.RELEASED, S.UNDER_REVIEW])
def test_a_record_with_the_registry_cannot_be_edited(state: RecordState) -> None:
    with pytest.raises(TransitionRefused, match="with the registry"):
        state_after_edit(state)


def test_only_never_published_drafts_can_be_deleted() -> None:
    assert is_deletable(S.DRAFT, ever_published=False)
    assert not is_deletable(S.DRAFT, ever_published=True)
    assert not is_deletable(S.ENTRY_COMPLETE, ever_published=False)
