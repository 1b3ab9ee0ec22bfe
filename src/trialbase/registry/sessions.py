"""Signing in and out: sessions, login throttling per client address and lockout per user name.

A session is a random token in an HttpOnly cookie; the store keeps only its SHA-256 hash, with
the session's CSRF token and when it ends (a fixed lifetime from sign-in). Every sign-in attempt
is recorded by the user name as typed (known or not, so lockout says nothing about which names
exist) and the client address:

* a user name with ``login_failure_limit`` failures in a row, the last within the lockout period
  and all within the failure window, is locked: even the right password is refused until the
  lockout passes or a password reset unlocks it;
* a client address with ``login_client_limit`` attempts within the failure window is throttled.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, func, insert, select, update

from trialbase.domain.record_state import Role
from trialbase.registry import audit
from trialbase.registry.accounts import Accounts, normalise_username, token_hash
from trialbase.registry.actor import Actor
from trialbase.registry.config import RegistrySettings
from trialbase.registry.errors import AuthenticationFailed, LockedOut, NotFound, Throttled
from trialbase.registry.passwords import MAX_LENGTH
from trialbase.registry.transaction import reading, writing
from trialbase.store.registry_schema import login_attempt, web_session

Clock = Callable[[], dt.datetime]
_CLIENT_LENGTH = 64


@dataclass(frozen=True, slots=True)
class Session:
    token: str  # only ever known to the browser and this object; the store keeps its hash
    csrf_token: str
    expires_at: dt.datetime
    actor: Actor


class Sessions:
    def __init__(self, engine: Engine, clock: Clock, settings: RegistrySettings, accounts: Accounts) -> None:
        self._engine = engine
        self._clock = clock
        self._settings = settings
        self._accounts = accounts

    def login(self, username: str, password: str, client: str) -> Session:
        """A new session for the right name and password; raises ``Throttled``, ``LockedOut`` or
        ``AuthenticationFailed`` (which never says whether the name exists)."""
        name = normalise_username(username)[:64]
        client = client[:_CLIENT_LENGTH]
        now = self._clock()
        if self._client_attempts(client, now) >= self._settings.login_client_limit:
            raise Throttled("too many sign-in attempts from your address; wait a few minutes and try again")
        locked_until = self.locked_until(name, now)
        if locked_until is not None:
            self._attempt(name, client, "locked", now)
            raise LockedOut(
                f"this account is locked after repeated failed sign-ins until {locked_until:%H:%M} UTC; "
                "ask an administrator for a password reset to unlock it sooner"
            )
        found, stored = self._accounts.password_hash_of(name) if len(password) <= MAX_LENGTH else (None, None)
        if found is None or not self._accounts.passwords.verify(stored, password) or found.disabled:
            self._attempt(name, client, "failure", now)
            raise AuthenticationFailed("the user name or the password is not right")
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        expires = now + self._settings.session_lifetime
        actor = found.as_actor()
        with writing(self._engine) as connection:
            connection.execute(
                insert(login_attempt).values(
                    username=name, client=client, outcome="success", attempted_at=now
                )
            )
            connection.execute(
                insert(web_session).values(
                    token_hash=token_hash(token),
                    account_id=found.id,
                    csrf_token=csrf,
                    created_at=now,
                    expires_at=expires,
                )
            )
            audit.record(
                connection, now, actor, "session.login", f"account:{found.id}", after={"client": client}
            )
        return Session(token, csrf, expires, actor)

    def resolve(self, token: str) -> Session | None:
        """The live session with this cookie token, or None (unknown, ended, expired, disabled account)."""
        if not token or len(token) > 200:
            return None
        with reading(self._engine) as connection:
            row = connection.execute(
                select(web_session).where(web_session.c.token_hash == token_hash(token))
            ).first()
        if row is None or row.ended_at is not None or audit.aware(row.expires_at) <= self._clock():
            return None
        found = self._accounts.account(row.account_id)
        if found is None or found.disabled:
            return None
        return Session(token, row.csrf_token, audit.aware(row.expires_at), found.as_actor())

    def logout(self, session: Session) -> None:
        now = self._clock()
        with writing(self._engine) as connection:
            connection.execute(
                update(web_session)
                .where(
                    (web_session.c.token_hash == token_hash(session.token)) & web_session.c.ended_at.is_(None)
                )
                .values(ended_at=now)
            )
            audit.record(
                connection, now, session.actor, "session.logout", f"account:{session.actor.account_id}"
            )

    def locked_until(self, username: str, now: dt.datetime) -> dt.datetime | None:
        """When this user name's lockout ends, or None if it is not locked."""
        name = normalise_username(username)
        window_start = now - self._settings.login_failure_window
        with reading(self._engine) as connection:
            rows = connection.execute(
                select(login_attempt.c.outcome, login_attempt.c.attempted_at)
                .where(
                    (login_attempt.c.username == name)
                    & (login_attempt.c.attempted_at > window_start)
                    & (login_attempt.c.outcome != "locked")
                )
                .order_by(login_attempt.c.attempted_at.desc(), login_attempt.c.id.desc())
                .limit(self._settings.login_failure_limit)
            ).all()
        if len(rows) < self._settings.login_failure_limit or any(row.outcome != "failure" for row in rows):
            return None
        until = audit.aware(rows[0].attempted_at) + self._settings.login_lockout
        return until if until > now else None

    def lockouts(self, usernames: Iterable[str]) -> dict[str, dt.datetime]:
        """The user names among these that are locked now, with when each lockout ends."""
        now = self._clock()
        found = {name: self.locked_until(name, now) for name in usernames}
        return {name: until for name, until in found.items() if until is not None}

    def unlock(self, actor: Actor, username: str) -> None:
        """End a lockout now: an action of whoever administers the account (``Accounts.administered``).

        A user name without an account can be locked too (lockout says nothing about which names
        exist); only a site administrator unlocks one of those.
        """
        name = normalise_username(username)
        found = self._accounts.account_by_username(name)
        if found is not None:
            self._accounts.managed_account(actor, found.id)
        elif not actor.has(Role.SITE_ADMIN):
            raise NotFound(f"there is no user {name!r}")
        now = self._clock()
        with writing(self._engine) as connection:
            connection.execute(
                insert(login_attempt).values(
                    username=name, client="unlock", outcome="unlock", attempted_at=now
                )
            )
            audit.record(
                connection, now, actor, "account.unlock", f"username:{name}",
                organization_id=None if found is None else found.organization_id,
            )  # fmt: skip

    def _client_attempts(self, client: str, now: dt.datetime) -> int:
        window_start = now - self._settings.login_failure_window
        with reading(self._engine) as connection:
            return int(
                connection.execute(
                    select(func.count())
                    .select_from(login_attempt)
                    .where((login_attempt.c.client == client) & (login_attempt.c.attempted_at > window_start))
                ).scalar_one()
            )

    def _attempt(self, name: str, client: str, outcome: str, now: dt.datetime) -> None:
        with writing(self._engine) as connection:
            connection.execute(
                insert(login_attempt).values(username=name, client=client, outcome=outcome, attempted_at=now)
            )
