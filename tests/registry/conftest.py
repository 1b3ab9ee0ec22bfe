"""A registry over the ``store`` fixture (SQLite and PostgreSQL) with an organization and its people."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from trialbase.domain.record_state import Role
from trialbase.registry import CLI_ACTOR, Actor, Registry, RegistrySettings
from trialbase.store import Store

PASSWORD = "correct horse battery staple"
# Cheap password hashing: the cost is a setting, and tests create many accounts.
TEST_SETTINGS = RegistrySettings(
    login_failure_limit=3, login_client_limit=10, password_hash_memory_kib=1024, password_hash_time_cost=1
)


@dataclass(frozen=True, slots=True)
class People:
    """Two sponsor organizations and the registry's staff, as actors."""

    org_a: int
    org_b: int
    admin_a: Actor
    editor_a: Actor
    responsible_a: Actor
    editor_b: Actor
    reviewer: Actor
    site_admin: Actor


@pytest.fixture
def registry(store: Store) -> Registry:
    return Registry(store, TEST_SETTINGS)


@pytest.fixture
def people(registry: Registry) -> People:
    accounts = registry.accounts
    org_a = accounts.create_organization(CLI_ACTOR, "Org A Hospital").id
    org_b = accounts.create_organization(CLI_ACTOR, "Org B Pharma").id

    def person(name: str, organization: int | None, *roles: Role) -> Actor:
        return accounts.create_account(
            CLI_ACTOR,
            username=name,
            display_name=name.title(),
            password=PASSWORD,
            organization_id=organization,
            roles=roles,
        ).as_actor()

    return People(
        org_a=org_a,
        org_b=org_b,
        admin_a=person("admin-a", org_a, Role.ORG_ADMIN),
        editor_a=person("editor-a", org_a, Role.RECORD_EDITOR),
        responsible_a=person("pi-a", org_a, Role.RESPONSIBLE_PARTY),
        editor_b=person("editor-b", org_b, Role.RECORD_EDITOR),
        reviewer=person("reviewer", None, Role.REVIEWER),
        site_admin=person("siteadmin", None, Role.SITE_ADMIN),
    )
