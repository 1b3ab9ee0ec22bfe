"""Moving a record through its workflow (``trialbase.domain.record_state``) and publishing it.

The state machine says which action is possible from which state and for which roles; this
service adds what needs the data: validation errors block release and publication, a record is
returned only with at least one comment, marked revised only when every major comment of the round
has an answer, and publication writes a new version of the study to the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, select, update

from trialbase.domain.issue import Issue
from trialbase.domain.record_state import Action, RecordState, TransitionRefused, next_state, transition_for
from trialbase.domain.study_document import validate_document
from trialbase.registry import audit
from trialbase.registry.actor import Actor
from trialbase.registry.config import RegistrySettings
from trialbase.registry.drafts import Draft, Drafts
from trialbase.registry.errors import Conflict, Forbidden, InvalidInput
from trialbase.registry.publishing import next_nct_id, public_document
from trialbase.registry.record_document import check_record, check_upload, errors_of
from trialbase.registry.transaction import writing
from trialbase.store import Store, prepare_study
from trialbase.store.registry_schema import draft, review_comment

Clock = Callable[[], dt.datetime]


@dataclass(frozen=True, slots=True)
class Published:
    nct_id: str
    version: int


class Workflow:
    def __init__(self, store: Store, clock: Clock, settings: RegistrySettings, drafts: Drafts) -> None:
        self._store = store
        self._engine = store.engine
        self._clock = clock
        self._settings = settings
        self._drafts = drafts

    def issues(self, record: Draft) -> list[Issue]:
        """Every validation finding about the record now."""
        return check_record(record.document, nct_id=record.nct_id, today=self._clock().date())

    def check_upload(self, document: Any) -> tuple[bool, list[Issue]]:
        """Whether ``document`` could become a draft, and every finding about it (nothing is stored)."""
        return check_upload(document, today=self._clock().date())

    def act(self, actor: Actor, draft_id: int, action: Action, *, revision: int) -> Draft:
        """Take ``action`` on the record; refusals say why (state, role, errors, comments)."""
        if action is Action.PUBLISH:
            self.publish(actor, draft_id, revision=revision)
            return self._drafts.get(actor, draft_id)
        now = self._clock()
        with writing(self._engine) as connection:
            current = self._drafts.get_in(connection, actor, draft_id)
            target = self._next(actor, current, action, revision)
            values: dict[str, object] = {
                "state": target.value,
                "revision": current.revision + 1,
                "updated_at": now,
            }
            if action is Action.RELEASE:
                self._check_no_errors(current, "released")
                values.update(released_at=now, review_round=current.review_round + 1)
            elif action is Action.RETURN:
                if not _round_comments(connection, current):
                    raise Conflict("add at least one comment before returning the record to the sponsor")
            elif action is Action.MARK_REVISED:
                unanswered = [
                    row
                    for row in _round_comments(connection, current)
                    if row.severity == "major" and not row.response
                ]
                if unanswered:
                    raise Conflict(
                        "answer every major comment before marking the record revised "
                        f"({len(unanswered)} unanswered)"
                    )
            connection.execute(update(draft).where(draft.c.id == draft_id).values(**values))
            audit.record(
                connection, now, actor, f"record.{action.value}", f"draft:{draft_id}",
                before={"state": current.state.value}, after={"state": target.value},
                organization_id=current.organization_id,
            )  # fmt: skip
            return self._drafts.get_in(connection, actor, draft_id)

    def publish(self, actor: Actor, draft_id: int, *, revision: int) -> Published:
        """Assign the NCT number (first time), write the study's new version, mark the record published."""
        with writing(self._engine) as connection:
            current = self._drafts.get_in(connection, actor, draft_id)
            self._next(actor, current, Action.PUBLISH, revision)
            self._check_no_errors(current, "published")
            nct_id = current.nct_id
            if nct_id is None:
                nct_id = next_nct_id(connection, self._settings.first_nct_id)
                connection.execute(update(draft).where(draft.c.id == draft_id).values(nct_id=nct_id))
                audit.record(
                    connection, self._clock(), actor, "record.assign_nct_id", f"draft:{draft_id}",
                    after={"nct_id": nct_id}, organization_id=current.organization_id,
                )  # fmt: skip
        previous = self._store.current(nct_id)
        today = self._clock().date()
        assert current.released_at is not None  # under review means released
        document = public_document(
            current.document,
            nct_id=nct_id,
            previous=None if previous is None else previous.document,
            submitted=current.released_at.date(),
            today=today,
        )
        problems = validate_document(document)
        if problems:
            raise InvalidInput("the record cannot be published as it is", problems)
        provenance = {"source": "registry", "draft_id": draft_id, "review_round": current.review_round}
        outcome = self._store.write_batch([prepare_study(document, provenance)])[0]
        if outcome.kind not in ("new", "updated", "unchanged"):
            raise Conflict(f"the store did not take the new version of {nct_id} ({outcome.kind})")
        now = self._clock()
        with writing(self._engine) as connection:
            latest = self._drafts.get_in(connection, actor, draft_id)
            self._next(actor, latest, Action.PUBLISH, revision)
            connection.execute(
                update(draft)
                .where(draft.c.id == draft_id)
                .values(
                    state=RecordState.PUBLISHED.value,
                    document=orjson.dumps(document).decode(),
                    published_version=outcome.version,
                    revision=latest.revision + 1,
                    updated_at=now,
                )
            )
            audit.record(
                connection, now, actor, "record.publish", f"draft:{draft_id}",
                before={"state": latest.state.value, "document": latest.document},
                after={"state": RecordState.PUBLISHED.value, "nct_id": nct_id, "version": outcome.version},
                organization_id=latest.organization_id,
            )  # fmt: skip
        return Published(nct_id, outcome.version)

    def _next(self, actor: Actor, current: Draft, action: Action, revision: int) -> RecordState:
        if revision != current.revision:
            raise Conflict(
                "the record was changed by someone else since you opened it; reload it and try again"
            )
        if not actor.roles & transition_for(action).roles:
            needed = " or ".join(sorted(role.label.lower() for role in transition_for(action).roles))
            raise Forbidden(f"{action.label!r} needs the role of {needed}")
        try:
            return next_state(current.state, action, actor.roles)
        except TransitionRefused as refusal:
            raise Conflict(str(refusal)) from None

    def _check_no_errors(self, current: Draft, what: str) -> None:
        errors = errors_of(self.issues(current))
        if errors:
            raise InvalidInput(
                f"the record cannot be {what} while it has {len(errors)} error"
                + ("s" if len(errors) > 1 else ""),
                errors,
            )


def _round_comments(connection: Connection, current: Draft) -> list[Any]:
    rows = connection.execute(
        select(review_comment.c.severity, review_comment.c.response).where(
            (review_comment.c.draft_id == current.id)
            & (review_comment.c.review_round == current.review_round)
        )
    ).all()
    return list(rows)
