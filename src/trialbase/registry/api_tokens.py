"""API tokens: an organization's credentials for system-to-system submission.

A token is shown once when created; the store keeps its SHA-256 hash. A token acts as a record
editor of its organization (it can create and edit drafts and mark them complete, never approve or
release: that stays with a person who is the responsible party). Revoking keeps the row.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, insert, select, update

from trialbase.domain.record_state import Role
from trialbase.registry import audit
from trialbase.registry.accounts import token_hash
from trialbase.registry.actor import Actor
from trialbase.registry.errors import Forbidden, InvalidInput, NotFound
from trialbase.registry.transaction import reading, writing
from trialbase.store.registry_schema import api_token

Clock = Callable[[], dt.datetime]
TOKEN_PREFIX = "tb_"


@dataclass(frozen=True, slots=True)
class ApiToken:
    id: int
    organization_id: int
    name: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class ApiTokens:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    def create(self, actor: Actor, organization_id: int, name: str) -> tuple[ApiToken, str]:
        """A new token for the organization and its secret (shown once, never stored)."""
        _check_may_manage(actor, organization_id)
        name = " ".join(name.split())
        if not name or len(name) > 200:
            raise InvalidInput("a token needs a name of 1 to 200 characters (what it is for)")
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = self._clock()
        with writing(self._engine) as connection:
            new_id = connection.execute(
                insert(api_token)
                .values(
                    token_hash=token_hash(secret),
                    organization_id=organization_id,
                    name=name,
                    created_by=actor.account_id,
                    created_at=now,
                )
                .returning(api_token.c.id)
            ).scalar_one()
            audit.record(
                connection, now, actor, "api_token.create", f"api_token:{new_id}",
                after={"name": name}, organization_id=organization_id,
            )  # fmt: skip
        return ApiToken(new_id, organization_id, name, now, None), secret

    def revoke(self, actor: Actor, token_id: int) -> ApiToken:
        """Revoke the token (it stops working at once); revoking it again changes nothing."""
        found = self._get(token_id)
        if found is None or not _may_see(actor, found.organization_id):
            raise NotFound(f"there is no API token {token_id}")
        if found.revoked_at is not None:
            return found
        now = self._clock()
        with writing(self._engine) as connection:
            connection.execute(update(api_token).where(api_token.c.id == token_id).values(revoked_at=now))
            audit.record(
                connection, now, actor, "api_token.revoke", f"api_token:{token_id}",
                organization_id=found.organization_id,
            )  # fmt: skip
        return ApiToken(found.id, found.organization_id, found.name, found.created_at, now)

    def tokens(self, actor: Actor, organization_id: int) -> list[ApiToken]:
        _check_may_manage(actor, organization_id)
        with reading(self._engine) as connection:
            rows = connection.execute(
                select(api_token)
                .where(api_token.c.organization_id == organization_id)
                .order_by(api_token.c.id)
            ).all()
        return [_token(row) for row in rows]

    def authenticate(self, secret: str) -> Actor | None:
        """The actor a bearer token stands for, or None (unknown or revoked)."""
        if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
            return None
        with reading(self._engine) as connection:
            row = connection.execute(
                select(api_token).where(api_token.c.token_hash == token_hash(secret))
            ).first()
        if row is None or row.revoked_at is not None:
            return None
        return Actor(
            name=f"api-token:{row.id}",
            account_id=None,
            organization_id=row.organization_id,
            roles=frozenset({Role.RECORD_EDITOR}),
            display_name=row.name,
        )

    def _get(self, token_id: int) -> ApiToken | None:
        with reading(self._engine) as connection:
            row = connection.execute(select(api_token).where(api_token.c.id == token_id)).first()
        return None if row is None else _token(row)


def _may_see(actor: Actor, organization_id: int) -> bool:
    return actor.has(Role.SITE_ADMIN) or (
        actor.has(Role.ORG_ADMIN) and actor.organization_id == organization_id
    )


def _check_may_manage(actor: Actor, organization_id: int) -> None:
    """Another organization's tokens are answered like ones that do not exist, as records are."""
    if _may_see(actor, organization_id):
        return
    if actor.organization_id == organization_id:
        raise Forbidden("API tokens are managed by an administrator of the organization")
    raise NotFound(f"there is no organization {organization_id}")


def _token(row: Any) -> ApiToken:
    return ApiToken(
        id=row.id,
        organization_id=row.organization_id,
        name=row.name,
        created_at=audit.aware(row.created_at),
        revoked_at=None if row.revoked_at is None else audit.aware(row.revoked_at),
    )
