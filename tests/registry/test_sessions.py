"""Signing in and out, session lifetime, lockout per user name and throttling per address."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import FakeClock
from tests.registry.conftest import PASSWORD, People
from trialbase.domain.record_state import Role
from trialbase.registry import CLI_ACTOR, Registry
from trialbase.registry.errors import AuthenticationFailed, Forbidden, LockedOut, Throttled
from trialbase.store.registry_schema import web_session


def test_signing_in_gives_a_session_the_store_keeps_only_hashed(registry: Registry, people: People) -> None:
    session = registry.sessions.login("Editor-A", PASSWORD, "10.0.0.1")
    assert session.actor.name == "editor-a"
    assert session.actor.roles == {Role.RECORD_EDITOR}
    assert registry.sessions.resolve(session.token) == session
    with registry.store.engine.connect() as connection:
        stored = [row.token_hash for row in connection.execute(web_session.select())]
    assert session.token not in stored
    assert len(stored) == 1


def test_a_session_ends_at_logout_and_after_its_lifetime(
    registry: Registry, people: People, clock: FakeClock
) -> None:
    first = registry.sessions.login("editor-a", PASSWORD, "10.0.0.1")
    registry.sessions.logout(first)
    assert registry.sessions.resolve(first.token) is None
    second = registry.sessions.login("editor-a", PASSWORD, "10.0.0.1")
    clock.now += registry.settings.session_lifetime
    assert registry.sessions.resolve(second.token) is None
    assert registry.sessions.resolve("") is None
    assert registry.sessions.resolve("not-a-token") is None


def test_wrong_name_and_wrong_password_fail_alike(registry: Registry, people: People) -> None:
    with pytest.raises(AuthenticationFailed) as wrong_password:
        registry.sessions.login("editor-a", "not the password", "10.0.0.1")
    with pytest.raises(AuthenticationFailed) as unknown_name:
        registry.sessions.login("nobody", PASSWORD, "10.0.0.1")
    assert str(wrong_password.value) == str(unknown_name.value)


def test_a_disabled_account_cannot_sign_in_and_loses_its_sessions(registry: Registry, people: People) -> None:
    session = registry.sessions.login("editor-a", PASSWORD, "10.0.0.1")
    assert people.editor_a.account_id is not None
    registry.accounts.set_disabled(people.admin_a, people.editor_a.account_id, True)
    assert registry.sessions.resolve(session.token) is None
    with pytest.raises(AuthenticationFailed):
        registry.sessions.login("editor-a", PASSWORD, "10.0.0.1")


def test_repeated_failures_lock_the_name_until_the_lockout_passes(
    registry: Registry, people: People, clock: FakeClock
) -> None:
    limit = registry.settings.login_failure_limit
    for attempt in range(limit):
        with pytest.raises(AuthenticationFailed):
            registry.sessions.login("editor-a", f"wrong {attempt}", f"10.0.0.{attempt}")
    with pytest.raises(LockedOut, match="locked"):
        registry.sessions.login("editor-a", PASSWORD, "10.0.0.99")
    # Refusals while locked do not extend the lockout.
    clock.now += registry.settings.login_lockout / 2
    with pytest.raises(LockedOut):
        registry.sessions.login("editor-a", PASSWORD, "10.0.0.99")
    clock.now += registry.settings.login_lockout / 2
    assert registry.sessions.login("editor-a", PASSWORD, "10.0.0.99").actor.name == "editor-a"


def test_unknown_names_lock_too_so_lockout_reveals_nothing(registry: Registry, people: People) -> None:
    for _ in range(registry.settings.login_failure_limit):
        with pytest.raises(AuthenticationFailed):
            registry.sessions.login("no-such-user", "guess", "10.0.0.1")
    with pytest.raises(LockedOut):
        registry.sessions.login("no-such-user", "guess", "10.0.0.1")


def test_a_success_resets_the_count(registry: Registry, people: People) -> None:
    limit = registry.settings.login_failure_limit
    for _ in range(limit - 1):
        with pytest.raises(AuthenticationFailed):
            registry.sessions.login("editor-a", "wrong", "10.0.0.1")
    registry.sessions.login("editor-a", PASSWORD, "10.0.0.1")
    for _ in range(limit - 1):
        with pytest.raises(AuthenticationFailed):
            registry.sessions.login("editor-a", "wrong", "10.0.0.1")
    registry.sessions.login("editor-a", PASSWORD, "10.0.0.1")


def test_failures_outside_the_window_are_forgotten(
    registry: Registry, people: People, clock: FakeClock
) -> None:
    for _ in range(registry.settings.login_failure_limit - 1):
        with pytest.raises(AuthenticationFailed):
            registry.sessions.login("editor-a", "wrong", "10.0.0.1")
    clock.now += registry.settings.login_failure_window
    with pytest.raises(AuthenticationFailed):
        registry.sessions.login("editor-a", "wrong", "10.0.0.1")
    registry.sessions.login("editor-a", PASSWORD, "10.0.0.1")


def test_a_password_reset_or_an_unlock_ends_a_lockout(registry: Registry, people: People) -> None:
    for name in ("editor-a", "pi-a"):
        for _ in range(registry.settings.login_failure_limit):
            with pytest.raises(AuthenticationFailed):
                registry.sessions.login(name, "wrong", "10.0.0.1")
    token = registry.accounts.issue_password_reset(CLI_ACTOR, "editor-a")
    registry.accounts.reset_password(token, "my new long passphrase")
    registry.sessions.login("editor-a", "my new long passphrase", "10.0.0.2")
    registry.sessions.unlock(CLI_ACTOR, "pi-a")
    registry.sessions.login("pi-a", PASSWORD, "10.0.0.2")


def test_one_address_is_throttled_whatever_names_it_tries(
    registry: Registry, people: People, clock: FakeClock
) -> None:
    for attempt in range(registry.settings.login_client_limit):
        with pytest.raises(AuthenticationFailed):
            registry.sessions.login(f"guess-{attempt}", "wrong", "203.0.113.9")
    with pytest.raises(Throttled):
        registry.sessions.login("editor-a", PASSWORD, "203.0.113.9")
    assert registry.sessions.login("editor-a", PASSWORD, "198.51.100.1").actor.name == "editor-a"
    clock.now += registry.settings.login_failure_window + dt.timedelta(seconds=1)
    assert registry.sessions.login("editor-a", PASSWORD, "203.0.113.9").actor.name == "editor-a"


def test_api_tokens_stand_for_their_organization_until_revoked(registry: Registry, people: People) -> None:
    token, secret = registry.api_tokens.create(people.admin_a, people.org_a, "nightly upload")
    actor = registry.api_tokens.authenticate(secret)
    assert actor is not None
    assert actor.organization_id == people.org_a
    assert actor.roles == {Role.RECORD_EDITOR}
    assert registry.api_tokens.authenticate(secret + "x") is None
    with pytest.raises(Forbidden, match="administrator"):
        registry.api_tokens.create(people.editor_a, people.org_a, "sneaky")
    registry.api_tokens.revoke(people.admin_a, token.id)
    assert registry.api_tokens.authenticate(secret) is None
    assert registry.api_tokens.tokens(people.admin_a, people.org_a)[0].revoked_at is not None
