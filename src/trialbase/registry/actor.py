"""Who is acting: a signed-in account, an organization's API token, or the command line."""

from __future__ import annotations

from dataclasses import dataclass

from trialbase.domain.record_state import Role


@dataclass(frozen=True, slots=True)
class Actor:
    """The one doing something, as the audit log names them.

    ``account_id`` is None for an API token and the CLI; ``organization_id`` is None for registry
    staff (reviewers, site administrators) and the CLI.
    """

    name: str
    account_id: int | None
    organization_id: int | None
    roles: frozenset[Role]
    display_name: str = ""

    def has(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles))

    @property
    def is_sponsor(self) -> bool:
        return self.organization_id is not None


CLI_ACTOR = Actor(name="cli", account_id=None, organization_id=None, roles=frozenset({Role.SITE_ADMIN}))
