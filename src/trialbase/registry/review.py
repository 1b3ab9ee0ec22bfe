"""The review desk: the queue of released records, comments on fields, the sponsor's answers.

A comment belongs to one review round (the round starts when the sponsor releases the record) and
to a field path of the v2 document (``protocolSection.statusModule.overallStatus``; empty for the
record as a whole). A major comment must be dealt with before the record is marked revised; an
advisory one need not. Comments are never changed or removed, only answered.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.orm import aliased

from trialbase.domain.record_state import RecordState, Role, may_edit
from trialbase.registry import audit
from trialbase.registry.actor import Actor
from trialbase.registry.drafts import Drafts, draft_from_row
from trialbase.registry.errors import Conflict, Forbidden, InvalidInput, NotFound
from trialbase.registry.transaction import reading, writing
from trialbase.store.registry_schema import account, draft, organization, review_comment

Clock = Callable[[], dt.datetime]
SEVERITIES = ("major", "advisory")
MAX_TEXT = 5000
_PATH = re.compile(r"^$|^[A-Za-z][A-Za-z0-9]*(\[\d+\])*(\.[A-Za-z][A-Za-z0-9]*(\[\d+\])*)*$")


@dataclass(frozen=True, slots=True)
class Comment:
    id: int
    draft_id: int
    review_round: int
    path: str
    severity: str
    body: str
    author: str
    created_at: dt.datetime
    response: str | None
    responded_by: str | None
    responded_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class QueueEntry:
    draft_id: int
    organization_name: str
    brief_title: str | None
    state: RecordState
    nct_id: str | None
    review_round: int
    released_at: dt.datetime


class Review:
    def __init__(self, engine: Engine, clock: Clock, drafts: Drafts) -> None:
        self._engine = engine
        self._clock = clock
        self._drafts = drafts

    def queue(self, actor: Actor) -> list[QueueEntry]:
        """Records released to the registry and not yet decided, the longest waiting first."""
        _check_reviewer(actor)
        query = (
            select(draft, organization.c.name.label("organization_name"))
            .join(organization, organization.c.id == draft.c.organization_id)
            .where(
                draft.c.state.in_([RecordState.RELEASED.value, RecordState.UNDER_REVIEW.value])
                & draft.c.deleted_at.is_(None)
            )
            .order_by(draft.c.released_at, draft.c.id)
        )
        with reading(self._engine) as connection:
            rows = connection.execute(query).all()
        entries = []
        for row in rows:
            record = draft_from_row(row)
            entries.append(
                QueueEntry(
                    draft_id=row.id,
                    organization_name=row.organization_name,
                    brief_title=record.brief_title,
                    state=record.state,
                    nct_id=row.nct_id,
                    review_round=row.review_round,
                    released_at=audit.aware(row.released_at),
                )
            )
        return entries

    def comments(self, actor: Actor, draft_id: int) -> list[Comment]:
        """Every comment on the record, oldest first (for the sponsor and the reviewers alike)."""
        self._drafts.get(actor, draft_id)
        author = aliased(account)
        responder = aliased(account)
        query = (
            select(
                review_comment,
                author.c.username.label("author_name"),
                responder.c.username.label("responder_name"),
            )
            .join(author, author.c.id == review_comment.c.author_id)
            .outerjoin(responder, responder.c.id == review_comment.c.responded_by)
            .where(review_comment.c.draft_id == draft_id)
            .order_by(review_comment.c.id)
        )
        with reading(self._engine) as connection:
            return [_comment(row) for row in connection.execute(query)]

    def add_comment(self, actor: Actor, draft_id: int, *, path: str, severity: str, body: str) -> Comment:
        _check_reviewer(actor)
        path = path.strip()
        body = body.strip()
        if severity not in SEVERITIES:
            raise InvalidInput(f"a comment is {' or '.join(SEVERITIES)}, not {severity!r}")
        if not _PATH.match(path) or len(path) > 300:
            raise InvalidInput(
                f"{path!r} is not a field path (e.g. protocolSection.statusModule.overallStatus, "
                "or empty for the whole record)"
            )
        if not body or len(body) > MAX_TEXT:
            raise InvalidInput(f"a comment needs some text, at most {MAX_TEXT} characters")
        assert actor.account_id is not None
        now = self._clock()
        with writing(self._engine) as connection:
            current = self._drafts.get_in(connection, actor, draft_id)
            if current.state is not RecordState.UNDER_REVIEW:
                raise Conflict("comments are added while the record is under review (start the review first)")
            new_id = connection.execute(
                insert(review_comment)
                .values(
                    draft_id=draft_id,
                    review_round=current.review_round,
                    path=path,
                    severity=severity,
                    body=body,
                    author_id=actor.account_id,
                    created_at=now,
                )
                .returning(review_comment.c.id)
            ).scalar_one()
            audit.record(
                connection, now, actor, "review.comment", f"draft:{draft_id}",
                after={"comment": new_id, "path": path, "severity": severity, "body": body},
                organization_id=current.organization_id,
            )  # fmt: skip
        return self._one(actor, draft_id, new_id)

    def respond(self, actor: Actor, draft_id: int, comment_id: int, response: str) -> Comment:
        """The sponsor's answer to a comment (while the comments are with them)."""
        response = response.strip()
        if not response or len(response) > MAX_TEXT:
            raise InvalidInput(f"an answer needs some text, at most {MAX_TEXT} characters")
        now = self._clock()
        with writing(self._engine) as connection:
            current = self._drafts.get_in(connection, actor, draft_id)
            if actor.organization_id != current.organization_id or not may_edit(actor.roles):
                raise Forbidden("comments are answered by the record's editors")
            if current.state is not RecordState.COMMENTS_RETURNED:
                raise Conflict("comments are answered while they are returned to the sponsor")
            row = connection.execute(
                select(review_comment).where(
                    (review_comment.c.id == comment_id) & (review_comment.c.draft_id == draft_id)
                )
            ).first()
            if row is None:
                raise NotFound(f"there is no comment {comment_id} on this record")
            connection.execute(
                update(review_comment)
                .where(review_comment.c.id == comment_id)
                .values(response=response, responded_by=actor.account_id, responded_at=now)
            )
            audit.record(
                connection, now, actor, "review.respond", f"draft:{draft_id}",
                before={"comment": comment_id, "response": row.response},
                after={"comment": comment_id, "response": response},
                organization_id=current.organization_id,
            )  # fmt: skip
        return self._one(actor, draft_id, comment_id)

    def _one(self, actor: Actor, draft_id: int, comment_id: int) -> Comment:
        return next(comment for comment in self.comments(actor, draft_id) if comment.id == comment_id)


def _check_reviewer(actor: Actor) -> None:
    if not actor.has(Role.REVIEWER):
        raise Forbidden("the review desk is for the registry's reviewers")


def _comment(row: Any) -> Comment:
    return Comment(
        id=row.id,
        draft_id=row.draft_id,
        review_round=row.review_round,
        path=row.path,
        severity=row.severity,
        body=row.body,
        author=row.author_name,
        created_at=audit.aware(row.created_at),
        response=row.response,
        responded_by=row.responder_name,
        responded_at=None if row.responded_at is None else audit.aware(row.responded_at),
    )
