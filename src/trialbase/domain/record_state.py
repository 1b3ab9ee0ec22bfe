"""The registration record's workflow: its states, the actions that move it, and who may act.

Pure rules, no I/O. A record goes::

    draft → entry complete → approved → released → under review → published
                                          ↑               ↓
                                       revised ← comments returned

An edit of a record that is entry complete or approved sends it back to draft (what was
completed or approved is no longer what is there); an edit of a published record starts the next
version as a draft while the published one stays public. A record with the review desk (released,
under review) cannot be edited. Editing a returned record keeps it returned until the sponsor
marks it revised.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class RecordState(enum.StrEnum):
    DRAFT = "draft"
    ENTRY_COMPLETE = "entry_complete"
    APPROVED = "approved"
    RELEASED = "released"
    UNDER_REVIEW = "under_review"
    COMMENTS_RETURNED = "comments_returned"
    REVISED = "revised"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    RecordState.DRAFT: "Draft",
    RecordState.ENTRY_COMPLETE: "Entry complete",
    RecordState.APPROVED: "Approved",
    RecordState.RELEASED: "Released",
    RecordState.UNDER_REVIEW: "Under review",
    RecordState.COMMENTS_RETURNED: "Comments returned",
    RecordState.REVISED: "Revised",
    RecordState.PUBLISHED: "Published",
}


class Role(enum.StrEnum):
    """What an account may do. The first three are a sponsor organization's, the last two the registry's."""

    ORG_ADMIN = "org_admin"
    RECORD_EDITOR = "record_editor"
    RESPONSIBLE_PARTY = "responsible_party"
    REVIEWER = "reviewer"
    SITE_ADMIN = "site_admin"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]

    @property
    def is_registry_role(self) -> bool:
        return self in (Role.REVIEWER, Role.SITE_ADMIN)


_ROLE_LABELS = {
    Role.ORG_ADMIN: "Organization administrator",
    Role.RECORD_EDITOR: "Record editor",
    Role.RESPONSIBLE_PARTY: "Responsible party",
    Role.REVIEWER: "Reviewer",
    Role.SITE_ADMIN: "Site administrator",
}


class Action(enum.StrEnum):
    COMPLETE = "complete"  # the editors say the entry is complete
    REOPEN = "reopen"  # back to draft without editing
    APPROVE = "approve"  # the responsible party approves the content
    RELEASE = "release"  # the responsible party sends it to the registry
    START_REVIEW = "start_review"  # a reviewer takes it from the queue
    RETURN = "return"  # the reviewer returns it with comments
    MARK_REVISED = "mark_revised"  # the sponsor has dealt with the comments
    PUBLISH = "publish"  # the reviewer makes it public

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    Action.COMPLETE: "Mark entry complete",
    Action.REOPEN: "Reopen as draft",
    Action.APPROVE: "Approve",
    Action.RELEASE: "Release to the registry",
    Action.START_REVIEW: "Start review",
    Action.RETURN: "Return comments to the sponsor",
    Action.MARK_REVISED: "Mark revised",
    Action.PUBLISH: "Publish",
}

_EDITORS = frozenset({Role.RECORD_EDITOR, Role.ORG_ADMIN, Role.RESPONSIBLE_PARTY})


@dataclass(frozen=True, slots=True)
class Transition:
    action: Action
    sources: frozenset[RecordState]
    target: RecordState
    roles: frozenset[Role]


TRANSITIONS: tuple[Transition, ...] = (
    Transition(Action.COMPLETE, frozenset({RecordState.DRAFT}), RecordState.ENTRY_COMPLETE, _EDITORS),
    Transition(
        Action.REOPEN,
        frozenset({RecordState.ENTRY_COMPLETE, RecordState.APPROVED}),
        RecordState.DRAFT,
        _EDITORS,
    ),
    Transition(
        Action.APPROVE,
        frozenset({RecordState.ENTRY_COMPLETE}),
        RecordState.APPROVED,
        frozenset({Role.RESPONSIBLE_PARTY}),
    ),
    Transition(
        Action.RELEASE,
        frozenset({RecordState.APPROVED, RecordState.REVISED}),
        RecordState.RELEASED,
        frozenset({Role.RESPONSIBLE_PARTY}),
    ),
    Transition(
        Action.START_REVIEW,
        frozenset({RecordState.RELEASED}),
        RecordState.UNDER_REVIEW,
        frozenset({Role.REVIEWER}),
    ),
    Transition(
        Action.RETURN,
        frozenset({RecordState.UNDER_REVIEW}),
        RecordState.COMMENTS_RETURNED,
        frozenset({Role.REVIEWER}),
    ),
    Transition(
        Action.MARK_REVISED,
        frozenset({RecordState.COMMENTS_RETURNED}),
        RecordState.REVISED,
        _EDITORS,
    ),
    Transition(
        Action.PUBLISH,
        frozenset({RecordState.UNDER_REVIEW}),
        RecordState.PUBLISHED,
        frozenset({Role.REVIEWER}),
    ),
)
_BY_ACTION = {transition.action: transition for transition in TRANSITIONS}

# Where an edit leaves a record; states missing here cannot be edited.
_AFTER_EDIT = {
    RecordState.DRAFT: RecordState.DRAFT,
    RecordState.ENTRY_COMPLETE: RecordState.DRAFT,
    RecordState.APPROVED: RecordState.DRAFT,
    RecordState.COMMENTS_RETURNED: RecordState.COMMENTS_RETURNED,
    RecordState.REVISED: RecordState.REVISED,
    RecordState.PUBLISHED: RecordState.DRAFT,
}


class TransitionRefused(ValueError):
    """An action that the record's state or the actor's roles do not allow, with the reason."""


def transition_for(action: Action) -> Transition:
    return _BY_ACTION[action]


def next_state(state: RecordState, action: Action, roles: frozenset[Role]) -> RecordState:
    """The state ``action`` leads to; raises ``TransitionRefused`` saying why when it is not allowed."""
    transition = _BY_ACTION[action]
    if state not in transition.sources:
        allowed = ", ".join(sorted(source.label for source in transition.sources))
        raise TransitionRefused(
            f"{action.label!r} is not possible while the record is {state.label.lower()} "
            f"(only when it is: {allowed.lower()})"
        )
    if not roles & transition.roles:
        needed = " or ".join(sorted(role.label.lower() for role in transition.roles))
        raise TransitionRefused(f"{action.label!r} needs the role of {needed}")
    return transition.target


def available_actions(state: RecordState, roles: frozenset[Role]) -> list[Action]:
    """The actions these roles may take on a record in this state, in workflow order."""
    return [t.action for t in TRANSITIONS if state in t.sources and roles & t.roles]


def is_editable(state: RecordState) -> bool:
    return state in _AFTER_EDIT


def state_after_edit(state: RecordState) -> RecordState:
    """Where an edit leaves the record; raises ``TransitionRefused`` while the registry has it."""
    after = _AFTER_EDIT.get(state)
    if after is None:
        raise TransitionRefused(
            f"the record cannot be edited while it is {state.label.lower()}: it is with the registry"
        )
    return after


def may_edit(roles: frozenset[Role]) -> bool:
    return bool(roles & _EDITORS)


def is_deletable(state: RecordState, *, ever_published: bool) -> bool:
    """Only drafts that were never published can be deleted (and deleting only hides them)."""
    return state is RecordState.DRAFT and not ever_published
