"""Organizations, accounts, roles and password resets (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import FakeClock
from tests.registry.conftest import PASSWORD, People
from trialbase.domain.record_state import Role
from trialbase.registry import CLI_ACTOR, Registry
from trialbase.registry.errors import Conflict, Forbidden, InvalidInput, NotFound
from trialbase.store.registry_schema import account


def test_accounts_belong_to_organizations_with_roles(registry: Registry, people: People) -> None:
    found = registry.accounts.account_by_username("Editor-A ")
    assert found is not None
    assert found.organization_name == "Org A Hospital"
    assert found.roles == {Role.RECORD_EDITOR}
    assert registry.accounts.account_by_username("reviewer").organization_id is None  # type: ignore[union-attr]


def test_passwords_are_stored_as_argon2_hashes(registry: Registry, people: People) -> None:
    with registry.store.engine.connect() as connection:
        stored = (
            connection.execute(account.select().where(account.c.username == "editor-a")).one().password_hash
        )
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert registry.accounts.passwords.verify(stored, PASSWORD)
    assert not registry.accounts.passwords.verify(stored, PASSWORD + "!")


def test_user_names_are_unique_and_well_formed(registry: Registry, people: People) -> None:
    create = registry.accounts.create_account
    with pytest.raises(Conflict, match="taken"):
        create(
            CLI_ACTOR, username="EDITOR-A", display_name="", password=PASSWORD, organization_id=None, roles=()
        )
    with pytest.raises(InvalidInput, match="user name"):
        create(CLI_ACTOR, username="a b", display_name="", password=PASSWORD, organization_id=None, roles=())
    with pytest.raises(InvalidInput, match="at least 12"):
        create(CLI_ACTOR, username="short", display_name="", password="abc", organization_id=None, roles=())


def test_roles_fit_the_kind_of_account(registry: Registry, people: People) -> None:
    create = registry.accounts.create_account
    with pytest.raises(InvalidInput, match="need an organization"):
        create(
            CLI_ACTOR, username="x-editor", display_name="", password=PASSWORD, organization_id=None,
            roles=[Role.RECORD_EDITOR],
        )  # fmt: skip
    with pytest.raises(InvalidInput, match="registry roles"):
        create(
            CLI_ACTOR, username="x-reviewer", display_name="", password=PASSWORD,
            organization_id=people.org_a, roles=[Role.REVIEWER],
        )  # fmt: skip


def test_an_organization_admin_manages_only_their_organization(registry: Registry, people: People) -> None:
    create = registry.accounts.create_account
    made = create(
        people.admin_a, username="new-editor", display_name="New", password=PASSWORD,
        organization_id=people.org_a, roles=[Role.RECORD_EDITOR],
    )  # fmt: skip
    assert made.organization_id == people.org_a
    with pytest.raises(NotFound):  # another organization is answered like one that does not exist
        create(
            people.admin_a, username="intruder", display_name="", password=PASSWORD,
            organization_id=people.org_b, roles=[Role.RECORD_EDITOR],
        )  # fmt: skip
    with pytest.raises(Forbidden):
        create(
            people.editor_a, username="intruder", display_name="", password=PASSWORD,
            organization_id=people.org_a, roles=[Role.ORG_ADMIN],
        )  # fmt: skip
    with pytest.raises(Forbidden):
        registry.accounts.create_organization(people.admin_a, "Another")
    editor_b = registry.accounts.account_by_username("editor-b")
    assert editor_b is not None
    with pytest.raises(NotFound):
        registry.accounts.set_roles(people.admin_a, editor_b.id, [Role.ORG_ADMIN])
    assert {item.username for item in registry.accounts.accounts(people.admin_a)} == {
        "admin-a",
        "editor-a",
        "pi-a",
        "new-editor",
    }


def test_a_password_reset_token_works_once_and_expires(
    registry: Registry, people: People, clock: FakeClock
) -> None:
    token = registry.accounts.issue_password_reset(CLI_ACTOR, "editor-a")
    registry.accounts.reset_password(token, "a brand new passphrase")
    _, stored = registry.accounts.password_hash_of("editor-a")
    assert registry.accounts.passwords.verify(stored, "a brand new passphrase")
    with pytest.raises(InvalidInput, match="not valid"):
        registry.accounts.reset_password(token, "yet another passphrase")
    late = registry.accounts.issue_password_reset(CLI_ACTOR, "editor-a")
    clock.now += registry.settings.password_reset_lifetime + dt.timedelta(seconds=1)
    with pytest.raises(InvalidInput, match="not valid"):
        registry.accounts.reset_password(late, "yet another passphrase")
    with pytest.raises(InvalidInput, match="not valid"):
        registry.accounts.reset_password("made-up", "yet another passphrase")


def test_account_changes_are_audited(registry: Registry, people: People) -> None:
    editor = registry.accounts.account_by_username("editor-a")
    assert editor is not None
    registry.accounts.set_roles(people.admin_a, editor.id, [Role.RECORD_EDITOR, Role.RESPONSIBLE_PARTY])
    events = registry.audit.events(people.admin_a, target=f"account:{editor.id}")
    assert [event.action for event in events] == ["account.roles", "account.create"]
    assert events[0].actor == "admin-a"
    assert events[0].before == {"roles": ["record_editor"]}
    assert events[0].after == {"roles": ["record_editor", "responsible_party"]}
    with pytest.raises(Forbidden):
        registry.audit.events(people.editor_a)
    assert all(event.organization_id == people.org_a for event in registry.audit.events(people.admin_a))
    assert any(event.organization_id == people.org_b for event in registry.audit.events(people.site_admin))
