"""Organizations, accounts and their roles, and password resets by a one-time token."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from trialbase.domain.record_state import Role
from trialbase.registry import audit
from trialbase.registry.actor import Actor
from trialbase.registry.config import RegistrySettings
from trialbase.registry.errors import Conflict, Forbidden, InvalidInput, NotFound
from trialbase.registry.passwords import PasswordHashing, password_problem
from trialbase.registry.transaction import reading, writing
from trialbase.store.registry_schema import account, account_role, login_attempt, organization, password_reset

Clock = Callable[[], dt.datetime]
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{2,63}$")
_SPONSOR_ROLES = frozenset({Role.ORG_ADMIN, Role.RECORD_EDITOR, Role.RESPONSIBLE_PARTY})


@dataclass(frozen=True, slots=True)
class Organization:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    username: str
    display_name: str
    organization_id: int | None
    organization_name: str | None
    roles: frozenset[Role]
    disabled: bool

    def as_actor(self) -> Actor:
        return Actor(
            name=self.username,
            account_id=self.id,
            organization_id=self.organization_id,
            roles=self.roles,
            display_name=self.display_name,
        )


def token_hash(token: str) -> str:
    """How tokens (sessions, API, password resets) are kept: only their SHA-256, never themselves."""
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_username(text: str) -> str:
    return text.strip().lower()


class Accounts:
    def __init__(self, engine: Engine, clock: Clock, settings: RegistrySettings) -> None:
        self._engine = engine
        self._clock = clock
        self._settings = settings
        self.passwords = PasswordHashing(
            memory_kib=settings.password_hash_memory_kib, time_cost=settings.password_hash_time_cost
        )

    # --- organizations ------------------------------------------------------------------------

    def create_organization(self, actor: Actor, name: str) -> Organization:
        if not actor.has(Role.SITE_ADMIN):
            raise Forbidden("only a site administrator can create organizations")
        name = " ".join(name.split())
        if not name or len(name) > 200:
            raise InvalidInput("an organization needs a name of 1 to 200 characters")
        now = self._clock()
        try:
            with writing(self._engine) as connection:
                new_id = connection.execute(
                    insert(organization).values(name=name, created_at=now).returning(organization.c.id)
                ).scalar_one()
                audit.record(
                    connection, now, actor, "organization.create", f"organization:{new_id}",
                    after={"name": name}, organization_id=new_id,
                )  # fmt: skip
        except IntegrityError:
            raise Conflict(f"an organization named {name!r} already exists") from None
        return Organization(new_id, name)

    def organizations(self) -> list[Organization]:
        with reading(self._engine) as connection:
            rows = connection.execute(
                select(organization.c.id, organization.c.name).order_by(organization.c.name)
            )
            return [Organization(row.id, row.name) for row in rows]

    def organization_by_name(self, name: str) -> Organization | None:
        with reading(self._engine) as connection:
            row = connection.execute(
                select(organization.c.id, organization.c.name).where(
                    organization.c.name == " ".join(name.split())
                )
            ).first()
        return None if row is None else Organization(row.id, row.name)

    def organization(self, organization_id: int) -> Organization | None:
        with reading(self._engine) as connection:
            row = connection.execute(
                select(organization.c.id, organization.c.name).where(organization.c.id == organization_id)
            ).first()
        return None if row is None else Organization(row.id, row.name)

    # --- accounts -----------------------------------------------------------------------------

    def create_account(
        self,
        actor: Actor,
        *,
        username: str,
        display_name: str,
        password: str,
        organization_id: int | None,
        roles: Iterable[Role],
    ) -> Account:
        wanted = frozenset(roles)
        self._check_may_manage(actor, organization_id, wanted)
        username = normalise_username(username)
        if not _USERNAME.match(username):
            raise InvalidInput(
                "a user name has 3 to 64 characters: lower-case letters, digits and . _ @ - "
                "(starting with a letter or digit)"
            )
        problem = password_problem(password, username)
        if problem:
            raise InvalidInput(problem)
        display_name = " ".join(display_name.split()) or username
        password_hash = self.passwords.hash(password)
        now = self._clock()
        try:
            with writing(self._engine) as connection:
                if organization_id is not None and not _organization_exists(connection, organization_id):
                    raise NotFound(f"there is no organization {organization_id}")
                new_id = connection.execute(
                    insert(account)
                    .values(
                        username=username,
                        display_name=display_name,
                        organization_id=organization_id,
                        password_hash=password_hash,
                        disabled=False,
                        created_at=now,
                        password_changed_at=now,
                    )
                    .returning(account.c.id)
                ).scalar_one()
                if wanted:
                    connection.execute(
                        insert(account_role), [{"account_id": new_id, "role": role.value} for role in wanted]
                    )
                audit.record(
                    connection, now, actor, "account.create", f"account:{new_id}",
                    after={"username": username, "display_name": display_name, "roles": sorted(wanted)},
                    organization_id=organization_id,
                )  # fmt: skip
        except IntegrityError:
            raise Conflict(f"the user name {username!r} is taken") from None
        found = self.account(new_id)
        assert found is not None
        return found

    def set_roles(self, actor: Actor, account_id: int, roles: Iterable[Role]) -> Account:
        wanted = frozenset(roles)
        current = self._visible_account(actor, account_id)
        self._check_may_manage(actor, current.organization_id, wanted)
        now = self._clock()
        with writing(self._engine) as connection:
            connection.execute(delete(account_role).where(account_role.c.account_id == account_id))
            if wanted:
                connection.execute(
                    insert(account_role), [{"account_id": account_id, "role": role.value} for role in wanted]
                )
            audit.record(
                connection, now, actor, "account.roles", f"account:{account_id}",
                before={"roles": sorted(current.roles)}, after={"roles": sorted(wanted)},
                organization_id=current.organization_id,
            )  # fmt: skip
        found = self.account(account_id)
        assert found is not None
        return found

    def set_disabled(self, actor: Actor, account_id: int, disabled: bool) -> None:
        current = self._visible_account(actor, account_id)
        self._check_may_manage(actor, current.organization_id, frozenset())
        now = self._clock()
        with writing(self._engine) as connection:
            connection.execute(update(account).where(account.c.id == account_id).values(disabled=disabled))
            audit.record(
                connection, now, actor, "account.disable" if disabled else "account.enable",
                f"account:{account_id}", before={"disabled": current.disabled}, after={"disabled": disabled},
                organization_id=current.organization_id,
            )  # fmt: skip

    def account(self, account_id: int) -> Account | None:
        return self._one(account.c.id == account_id)

    def account_by_username(self, username: str) -> Account | None:
        return self._one(account.c.username == normalise_username(username))

    def accounts(self, actor: Actor) -> list[Account]:
        """The accounts this actor administers: all for a site administrator, else their organization's."""
        if actor.has(Role.SITE_ADMIN):
            condition = None
        elif actor.has(Role.ORG_ADMIN) and actor.organization_id is not None:
            condition = account.c.organization_id == actor.organization_id
        else:
            raise Forbidden("listing accounts is for administrators")
        return self._many(condition)

    def password_hash_of(self, username: str) -> tuple[Account | None, str | None]:
        account_found = self.account_by_username(username)
        if account_found is None:
            return None, None
        with reading(self._engine) as connection:
            found = connection.execute(
                select(account.c.password_hash).where(account.c.id == account_found.id)
            ).scalar_one()
        return account_found, found

    def change_password(self, actor: Actor, old_password: str, new_password: str) -> None:
        if actor.account_id is None:
            raise Forbidden("only a signed-in person can change their password")
        found, stored = self.password_hash_of(actor.name)
        if found is None or not self.passwords.verify(stored, old_password):
            raise InvalidInput("the current password is not right")
        self._set_password(actor, found, new_password, "account.password_change")

    # --- password resets ----------------------------------------------------------------------

    def issue_password_reset(self, actor: Actor, username: str) -> str:
        """A one-time token to set a new password (printed by the CLI; there is no e-mail)."""
        found = self.account_by_username(username)
        if found is None:
            raise NotFound(f"there is no user {normalise_username(username)!r}")
        self._check_may_manage(actor, found.organization_id, frozenset())
        token = secrets.token_urlsafe(32)
        now = self._clock()
        with writing(self._engine) as connection:
            connection.execute(
                insert(password_reset).values(
                    token_hash=token_hash(token),
                    account_id=found.id,
                    created_at=now,
                    expires_at=now + self._settings.password_reset_lifetime,
                )
            )
            audit.record(
                connection, now, actor, "account.password_reset_issued", f"account:{found.id}",
                organization_id=found.organization_id,
            )  # fmt: skip
        return token

    def reset_password(self, token: str, new_password: str) -> Account:
        """Set a new password with a reset token; the token is used up and the user name unlocked."""
        now = self._clock()
        with reading(self._engine) as connection:
            row = connection.execute(
                select(password_reset).where(password_reset.c.token_hash == token_hash(token))
            ).first()
        if row is None or row.used_at is not None or audit.aware(row.expires_at) <= now:
            raise InvalidInput("this password reset link is not valid (unknown, used or expired)")
        found = self.account(row.account_id)
        assert found is not None
        owner = found.as_actor()
        problem = password_problem(new_password, found.username)
        if problem:
            raise InvalidInput(problem)
        with writing(self._engine) as connection:
            used = connection.execute(
                update(password_reset)
                .where((password_reset.c.token_hash == row.token_hash) & password_reset.c.used_at.is_(None))
                .values(used_at=now)
            ).rowcount
            if used != 1:
                raise InvalidInput("this password reset link has been used")
            self._write_password(connection, now, owner, found, new_password, "account.password_reset")
            connection.execute(
                insert(login_attempt).values(
                    username=found.username, client="password-reset", outcome="unlock", attempted_at=now
                )
            )
        return found

    # --- helpers ------------------------------------------------------------------------------

    def _set_password(self, actor: Actor, found: Account, new_password: str, action: str) -> None:
        problem = password_problem(new_password, found.username)
        if problem:
            raise InvalidInput(problem)
        now = self._clock()
        with writing(self._engine) as connection:
            self._write_password(connection, now, actor, found, new_password, action)

    def _write_password(
        self,
        connection: Connection,
        now: dt.datetime,
        actor: Actor,
        found: Account,
        password: str,
        action: str,
    ) -> None:
        connection.execute(
            update(account)
            .where(account.c.id == found.id)
            .values(password_hash=self.passwords.hash(password), password_changed_at=now)
        )
        audit.record(
            connection, now, actor, action, f"account:{found.id}", organization_id=found.organization_id
        )

    def _check_may_manage(self, actor: Actor, organization_id: int | None, roles: frozenset[Role]) -> None:
        if organization_id is None and roles & _SPONSOR_ROLES:
            raise InvalidInput("sponsor roles need an organization")
        if organization_id is not None and any(role.is_registry_role for role in roles):
            raise InvalidInput(
                "registry roles (reviewer, site administrator) are for accounts without an organization"
            )
        if actor.has(Role.SITE_ADMIN):
            return
        if (
            actor.has(Role.ORG_ADMIN)
            and organization_id is not None
            and organization_id == actor.organization_id
        ):
            return
        raise Forbidden("managing this account needs an administrator of its organization")

    def _visible_account(self, actor: Actor, account_id: int) -> Account:
        found = self.account(account_id)
        if found is None or not (
            actor.has(Role.SITE_ADMIN)
            or (
                actor.has(Role.ORG_ADMIN)
                and actor.organization_id is not None
                and found.organization_id == actor.organization_id
            )
        ):
            raise NotFound(f"there is no account {account_id}")
        return found

    def _one(self, condition: Any) -> Account | None:
        found = self._many(condition)
        return found[0] if found else None

    def _many(self, condition: Any) -> list[Account]:
        query = (
            select(account, organization.c.name.label("organization_name"))
            .outerjoin(organization, organization.c.id == account.c.organization_id)
            .order_by(account.c.username)
        )
        if condition is not None:
            query = query.where(condition)
        with reading(self._engine) as connection:
            rows = connection.execute(query).all()
            roles: dict[int, set[Role]] = {}
            if rows:
                for role_row in connection.execute(
                    select(account_role).where(account_role.c.account_id.in_([row.id for row in rows]))
                ):
                    roles.setdefault(role_row.account_id, set()).add(Role(role_row.role))
        return [
            Account(
                id=row.id,
                username=row.username,
                display_name=row.display_name,
                organization_id=row.organization_id,
                organization_name=row.organization_name,
                roles=frozenset(roles.get(row.id, ())),
                disabled=row.disabled,
            )
            for row in rows
        ]


def _organization_exists(connection: Connection, organization_id: int) -> bool:
    found = connection.execute(select(organization.c.id).where(organization.c.id == organization_id)).first()
    return found is not None
