"""Organizations, accounts and their roles, and password resets by a one-time token.

Who manages whom: a site administrator every organization and the registry's staff; an
organization administrator the accounts of their own organization. Another organization's
accounts are answered like ones that do not exist (``NotFound``), as records are; a person of the
organization without the administrator role is refused (``Forbidden``).
"""

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
from trialbase.registry.passwords import NO_PASSWORD, PasswordHashing, password_problem
from trialbase.registry.transaction import reading, writing
from trialbase.store.registry_schema import (
    account,
    account_role,
    login_attempt,
    organization,
    password_reset,
    web_session,
)

Clock = Callable[[], dt.datetime]
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{2,63}$")
SPONSOR_ROLES = frozenset(role for role in Role if not role.is_registry_role)
REGISTRY_ROLES = frozenset(role for role in Role if role.is_registry_role)
_ADMIN_ROLES = frozenset({Role.ORG_ADMIN, Role.SITE_ADMIN})
_DISPLAY_NAME_LENGTH = 200


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
    has_password: bool = True  # False until the person sets one with their first reset link

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
        """An account with a password chosen now (the command line asks for it)."""
        made, _ = self._create(actor, username, display_name, organization_id, roles, password)
        return made

    def invite_account(
        self,
        actor: Actor,
        *,
        username: str,
        display_name: str,
        organization_id: int | None,
        roles: Iterable[Role],
    ) -> tuple[Account, str]:
        """An account without a password, and a one-time reset token with which its person sets one.

        The website shows the link once to the administrator who gives it on (there is no e-mail);
        until it is used nobody can sign in as the account.
        """
        made, token = self._create(actor, username, display_name, organization_id, roles, None)
        assert token is not None
        return made, token

    def _create(
        self,
        actor: Actor,
        username: str,
        display_name: str,
        organization_id: int | None,
        roles: Iterable[Role],
        password: str | None,
    ) -> tuple[Account, str | None]:
        wanted = frozenset(roles)
        self._check_may_manage(actor, organization_id, wanted)
        username = normalise_username(username)
        if not _USERNAME.match(username):
            raise InvalidInput(
                "a user name has 3 to 64 characters: lower-case letters, digits and . _ @ - "
                "(starting with a letter or digit)"
            )
        if password is not None:
            problem = password_problem(password, username)
            if problem:
                raise InvalidInput(problem)
        display_name = " ".join(display_name.split()) or username
        if len(display_name) > _DISPLAY_NAME_LENGTH:
            raise InvalidInput(f"a display name has at most {_DISPLAY_NAME_LENGTH} characters")
        password_hash = NO_PASSWORD if password is None else self.passwords.hash(password)
        token = None if password is not None else secrets.token_urlsafe(32)
        now = self._clock()
        try:
            with writing(self._engine) as connection:
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
                if token is not None:
                    self._insert_reset(connection, now, actor, new_id, organization_id, token)
        except IntegrityError:
            raise Conflict(f"the user name {username!r} is taken") from None
        found = self.account(new_id)
        assert found is not None
        return found, token

    def set_roles(self, actor: Actor, account_id: int, roles: Iterable[Role]) -> Account:
        wanted = frozenset(roles)
        current = self.managed_account(actor, account_id)
        self._check_may_manage(actor, current.organization_id, wanted)
        if actor.account_id == account_id and (current.roles & _ADMIN_ROLES) - wanted:
            raise InvalidInput("you cannot take away your own administrator role; ask another administrator")
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
        """Disable an account (it cannot sign in, its sessions end; nothing is deleted) or enable it.

        Sessions are ended, not merely refused while disabled, so enabling the account again does
        not bring back a browser that was signed in before.
        """
        current = self.managed_account(actor, account_id)
        if disabled and actor.account_id == account_id:
            raise InvalidInput("you cannot disable your own account; ask another administrator")
        now = self._clock()
        with writing(self._engine) as connection:
            connection.execute(update(account).where(account.c.id == account_id).values(disabled=disabled))
            after: dict[str, Any] = {"disabled": disabled}
            if disabled:
                after["sessions_ended"] = connection.execute(
                    update(web_session)
                    .where((web_session.c.account_id == account_id) & web_session.c.ended_at.is_(None))
                    .values(ended_at=now)
                ).rowcount
            audit.record(
                connection, now, actor, "account.disable" if disabled else "account.enable",
                f"account:{account_id}", before={"disabled": current.disabled}, after=after,
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

    def members(self, actor: Actor, organization_id: int | None) -> list[Account]:
        """The accounts of one organization (None: the registry's staff), for its administrators."""
        self.administered(actor, organization_id)
        if organization_id is None:
            return self._many(account.c.organization_id.is_(None))
        return self._many(account.c.organization_id == organization_id)

    def administered(self, actor: Actor, organization_id: int | None) -> Organization | None:
        """The organization (None: the registry's staff) if the actor administers it.

        Raises ``NotFound`` for one that does not exist or is not the actor's (the same answer,
        as for records), ``Forbidden`` for a person of the organization without the administrator
        role and for anyone but a site administrator asking about the staff.
        """
        found = None
        if organization_id is not None:
            found = self.organization(organization_id)
            if found is None:
                raise NotFound(f"there is no organization {organization_id}")
        if actor.has(Role.SITE_ADMIN):
            return found
        if organization_id is None:
            raise Forbidden("the registry's staff are managed by site administrators")
        if organization_id != actor.organization_id:
            raise NotFound(f"there is no organization {organization_id}")
        if not actor.has(Role.ORG_ADMIN):
            raise Forbidden("managing the organization's accounts is for its administrators")
        return found

    def managed_account(self, actor: Actor, account_id: int) -> Account:
        """The account if the actor administers it (``administered`` says what is refused how)."""
        found = self.account(account_id)
        if found is None:
            raise NotFound(f"there is no account {account_id}")
        try:
            self.administered(actor, found.organization_id)
        except Forbidden:
            if found.organization_id is None:  # staff accounts are not shown to sponsors at all
                raise NotFound(f"there is no account {account_id}") from None
            raise
        return found

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
        return self.issue_password_reset_for(actor, found.id)

    def issue_password_reset_for(self, actor: Actor, account_id: int) -> str:
        """The same by account number (the website's account list)."""
        found = self.managed_account(actor, account_id)
        token = secrets.token_urlsafe(32)
        now = self._clock()
        with writing(self._engine) as connection:
            self._insert_reset(connection, now, actor, found.id, found.organization_id, token)
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

    def _insert_reset(
        self,
        connection: Connection,
        now: dt.datetime,
        actor: Actor,
        account_id: int,
        organization_id: int | None,
        token: str,
    ) -> None:
        connection.execute(
            insert(password_reset).values(
                token_hash=token_hash(token),
                account_id=account_id,
                created_at=now,
                expires_at=now + self._settings.password_reset_lifetime,
            )
        )
        audit.record(
            connection, now, actor, "account.password_reset_issued", f"account:{account_id}",
            organization_id=organization_id,
        )  # fmt: skip

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
        self.administered(actor, organization_id)
        if organization_id is None and roles & SPONSOR_ROLES:
            raise InvalidInput("sponsor roles need an organization")
        if organization_id is not None and roles & REGISTRY_ROLES:
            raise InvalidInput(
                "registry roles (reviewer, site administrator) are for accounts without an organization"
            )

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
                has_password=row.password_hash != NO_PASSWORD,
            )
            for row in rows
        ]
