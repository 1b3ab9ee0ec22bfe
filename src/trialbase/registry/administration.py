"""What an administrator sees of one organization (or of the registry's staff) at a glance.

The accounts with their roles and state (disabled, locked out, still without a password) and the
organization's API tokens, gathered from ``Accounts``, ``Sessions`` and ``ApiTokens`` with their
own permission checks: another organization is ``NotFound``, a non-administrator ``Forbidden``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from trialbase.domain.record_state import Role
from trialbase.registry.accounts import Account, Accounts, Organization
from trialbase.registry.actor import Actor
from trialbase.registry.api_tokens import ApiToken, ApiTokens
from trialbase.registry.sessions import Sessions


@dataclass(frozen=True, slots=True)
class Member:
    account: Account
    locked_until: dt.datetime | None  # a lockout after repeated failed sign-ins, while it lasts


@dataclass(frozen=True, slots=True)
class Overview:
    organization: Organization | None  # None: the registry's staff
    members: list[Member]
    tokens: list[ApiToken]  # the organization's, revoked ones included; none for the staff
    roles: list[Role]  # the roles accounts here can be given, in the workflow's order


class Administration:
    def __init__(self, accounts: Accounts, sessions: Sessions, api_tokens: ApiTokens) -> None:
        self._accounts = accounts
        self._sessions = sessions
        self._api_tokens = api_tokens

    def overview(self, actor: Actor, organization_id: int | None) -> Overview:
        organization = self._accounts.administered(actor, organization_id)
        accounts = self._accounts.members(actor, organization_id)
        locked = self._sessions.lockouts(item.username for item in accounts)
        tokens = [] if organization_id is None else self._api_tokens.tokens(actor, organization_id)
        staff = organization_id is None
        return Overview(
            organization=organization,
            members=[Member(item, locked.get(item.username)) for item in accounts],
            tokens=tokens,
            roles=[role for role in Role if role.is_registry_role == staff],
        )
