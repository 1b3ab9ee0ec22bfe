"""``trialbase users``: the first administrator, organizations, accounts, resets, unlocks, tokens."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result

from trialbase.cli import cli
from trialbase.domain.record_state import Role
from trialbase.registry import Registry, RegistrySettings
from trialbase.registry.errors import AuthenticationFailed
from trialbase.store import Store

PASSWORD = "a long enough passphrase"
CHEAP_HASHING = {"TRIALBASE_PASSWORD_HASH_MEMORY_KIB": "1024", "TRIALBASE_PASSWORD_HASH_TIME_COST": "1"}


def run(database_url: str, *args: str, input: str | None = None) -> Result:
    env = {"TRIALBASE_DATABASE_URL": database_url, **CHEAP_HASHING}
    return CliRunner().invoke(cli, list(args), env=env, input=input, catch_exceptions=False)


def _registry(database_url: str) -> Registry:
    return Registry(Store.open(database_url), RegistrySettings(password_hash_memory_kib=1024))


def test_create_admin_asks_for_the_password_twice(database_url: str) -> None:
    result = run(
        database_url,
        "users",
        "create-admin",
        "Root",
        "--name",
        "Site Admin",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "site administrator 'root' created" in result.stdout
    assert PASSWORD not in result.output
    registry = _registry(database_url)
    try:
        admin = registry.accounts.account_by_username("root")
        assert admin is not None
        assert admin.roles == {Role.SITE_ADMIN}
        assert admin.display_name == "Site Admin"
        assert registry.sessions.login("root", PASSWORD, "cli-test").actor.name == "root"
    finally:
        registry.store.close()


def test_a_short_password_or_a_taken_name_is_refused(database_url: str) -> None:
    short = run(database_url, "users", "create-admin", "root", "--password-stdin", input="short\n")
    assert short.exit_code == 1
    assert "at least 12 characters" in short.output
    run(database_url, "users", "create-admin", "root", "--password-stdin", input=f"{PASSWORD}\n")
    taken = run(database_url, "users", "create-admin", "ROOT", "--password-stdin", input=f"{PASSWORD}\n")
    assert taken.exit_code == 1
    assert "'root' is taken" in taken.output


def test_sponsor_accounts_need_a_known_organization(database_url: str) -> None:
    assert run(database_url, "users", "create-organization", "Org A").stdout == "organization 1: Org A\n"
    unknown = run(
        database_url, "users", "create", "editor", "--organization", "Org Z", "--role", "record_editor",
        "--password-stdin", input=f"{PASSWORD}\n",
    )  # fmt: skip
    assert unknown.exit_code == 2
    assert "there is no organization 'Org Z' (known: 'Org A')" in unknown.output
    made = run(
        database_url, "users", "create", "editor", "--organization", "Org A", "--role", "record_editor",
        "--role", "responsible_party", "--password-stdin", input=f"{PASSWORD}\n",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert made.stdout == "account 'editor' created with roles record_editor, responsible_party\n"
    no_org = run(
        database_url,
        "users",
        "create",
        "editor2",
        "--role",
        "record_editor",
        "--password-stdin",
        input=f"{PASSWORD}\n",
    )
    assert no_org.exit_code == 1
    assert "sponsor roles need an organization" in no_org.output
    listing = run(database_url, "users", "list").stdout
    assert listing == "editor\tOrg A\trecord_editor, responsible_party\n"


def test_reset_password_prints_a_one_time_link_that_also_unlocks(database_url: str) -> None:
    run(database_url, "users", "create-admin", "root", "--password-stdin", input=f"{PASSWORD}\n")
    registry = _registry(database_url)
    try:
        for _ in range(registry.settings.login_failure_limit):
            with pytest.raises(AuthenticationFailed):
                registry.sessions.login("root", "wrong password", "cli-test")
        result = run(database_url, "users", "reset-password", "root")
        assert result.exit_code == 0, result.output
        link = result.stdout.strip()
        assert link.startswith("/prs/reset-password?token=")
        registry.accounts.reset_password(link.split("=", 1)[1], "the new passphrase")
        assert registry.sessions.login("root", "the new passphrase", "cli-test").actor.name == "root"
    finally:
        registry.store.close()
    missing = run(database_url, "users", "reset-password", "nobody")
    assert missing.exit_code == 1
    assert "there is no user 'nobody'" in missing.output


def test_disable_and_unlock(database_url: str) -> None:
    run(database_url, "users", "create-admin", "root", "--password-stdin", input=f"{PASSWORD}\n")
    assert run(database_url, "users", "disable", "root").stdout == "'root' disabled\n"
    assert "[disabled]" in run(database_url, "users", "list").stdout
    assert run(database_url, "users", "disable", "root", "--enable").stdout == "'root' enabled\n"
    assert run(database_url, "users", "unlock", "Root").stdout == "'root' unlocked\n"
    assert run(database_url, "users", "disable", "nobody").exit_code == 1


def test_api_tokens_are_printed_once_and_can_be_revoked(database_url: str) -> None:
    run(database_url, "users", "create-organization", "Org A")
    result = run(database_url, "users", "create-token", "--organization", "Org A", "--name", "uploader")
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    registry = _registry(database_url)
    try:
        actor = registry.api_tokens.authenticate(secret)
        assert actor is not None
        assert run(database_url, "users", "revoke-token", "1").stdout == "API token 1 revoked\n"
        assert registry.api_tokens.authenticate(secret) is None
    finally:
        registry.store.close()
    assert run(database_url, "users", "revoke-token", "99").exit_code == 1
