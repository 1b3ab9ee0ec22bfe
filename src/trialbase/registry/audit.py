"""The audit log: every action, who did it, when, and the values before and after.

Events are appended in the same transaction as the change they describe and never changed or
removed. Site administrators read the whole log; an organization's administrators read the events
of their organization.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, func, insert, select

from trialbase.domain.record_state import Role
from trialbase.registry.actor import Actor
from trialbase.registry.errors import Forbidden
from trialbase.registry.transaction import reading
from trialbase.store.registry_schema import audit_event

Clock = Callable[[], dt.datetime]


@dataclass(frozen=True, slots=True)
class AuditEvent:
    id: int
    at: dt.datetime
    actor: str
    organization_id: int | None
    action: str
    target: str
    before: Any
    after: Any


def record(
    connection: Connection,
    at: dt.datetime,
    actor: Actor,
    action: str,
    target: str,
    *,
    before: Any = None,
    after: Any = None,
    organization_id: int | None = None,
) -> None:
    """Append one event (inside the caller's transaction)."""
    connection.execute(
        insert(audit_event).values(
            at=at,
            account_id=actor.account_id,
            actor=actor.name,
            organization_id=organization_id if organization_id is not None else actor.organization_id,
            action=action,
            target=target,
            before=None if before is None else orjson.dumps(before).decode(),
            after=None if after is None else orjson.dumps(after).decode(),
        )
    )


class AuditLog:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def events(
        self, actor: Actor, *, target: str | None = None, limit: int = 200, before_id: int | None = None
    ) -> list[AuditEvent]:
        """The newest events this actor may read (site administrators: all; organization
        administrators: their organization's), newest first, optionally about one target."""
        query = select(audit_event).order_by(audit_event.c.id.desc()).limit(limit)
        if actor.has(Role.SITE_ADMIN):
            pass
        elif actor.has(Role.ORG_ADMIN) and actor.organization_id is not None:
            query = query.where(audit_event.c.organization_id == actor.organization_id)
        else:
            raise Forbidden("the audit log is for administrators")
        if target is not None:
            query = query.where(audit_event.c.target == target)
        if before_id is not None:
            query = query.where(audit_event.c.id < before_id)
        with reading(self._engine) as connection:
            return [_event(row) for row in connection.execute(query)]

    def count(self) -> int:
        with reading(self._engine) as connection:
            return int(connection.execute(select(func.count()).select_from(audit_event)).scalar_one())


def aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; everything the registry writes is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _event(row: Any) -> AuditEvent:
    return AuditEvent(
        id=row.id,
        at=aware(row.at),
        actor=row.actor,
        organization_id=row.organization_id,
        action=row.action,
        target=row.target,
        before=None if row.before is None else orjson.loads(row.before),
        after=None if row.after is None else orjson.loads(row.after),
    )
