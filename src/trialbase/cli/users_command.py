"""``trialbase users``: accounts, organizations, password resets and API tokens for the registry.

The first site administrator is made here (``create-admin``); after that, administrators can
manage people on the website too. Passwords are asked for (twice, not echoed) unless given on
standard input with ``--password-stdin``. There is no e-mail: ``reset-password`` prints a one-time
link to give to the person.
"""

from __future__ import annotations

import sys

import click

from trialbase.cli.context import AppContext, pass_app
from trialbase.domain.record_state import Role
from trialbase.registry import CLI_ACTOR, Registry, RegistrySettings
from trialbase.registry.errors import RegistryError
from trialbase.settings import SettingError

_SPONSOR_ROLES = [role.value for role in Role if not role.is_registry_role]
_ALL_ROLES = [role.value for role in Role]


def _registry(app: AppContext) -> Registry:
    try:
        settings = RegistrySettings.from_environ()
    except SettingError as error:
        raise click.UsageError(str(error)) from None
    return Registry(app.store(), settings)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


def _fail(error: RegistryError) -> click.ClickException:
    return click.ClickException(str(error))


password_stdin = click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of standard input."
)


@click.group()
def users() -> None:
    """Manage registry accounts, organizations, password resets and API tokens."""


@users.command("create-admin")
@click.argument("username")
@click.option(
    "--name", "display_name", default="", help="The person's name as shown (default: the user name)."
)
@password_stdin
@pass_app
def create_admin(app: AppContext, username: str, display_name: str, password_stdin: bool) -> None:
    """Create a site administrator (the first account of a new registry)."""
    registry = _registry(app)
    try:
        made = registry.accounts.create_account(
            CLI_ACTOR,
            username=username,
            display_name=display_name,
            password=_password(password_stdin),
            organization_id=None,
            roles=[Role.SITE_ADMIN],
        )
    except RegistryError as error:
        raise _fail(error) from None
    click.echo(f"site administrator {made.username!r} created; sign in at /prs/login")


@users.command("create-organization")
@click.argument("name")
@pass_app
def create_organization(app: AppContext, name: str) -> None:
    """Create a sponsor organization."""
    try:
        made = _registry(app).accounts.create_organization(CLI_ACTOR, name)
    except RegistryError as error:
        raise _fail(error) from None
    click.echo(f"organization {made.id}: {made.name}")


@users.command("create")
@click.argument("username")
@click.option(
    "--organization",
    "organization_name",
    default=None,
    help="The sponsor organization (by name) they belong to.",
)
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice(_ALL_ROLES),
    help="A role (repeat for several). Sponsor roles need --organization; reviewer and site_admin take none.",
)
@click.option(
    "--name", "display_name", default="", help="The person's name as shown (default: the user name)."
)
@password_stdin
@pass_app
def create(
    app: AppContext,
    username: str,
    organization_name: str | None,
    roles: tuple[str, ...],
    display_name: str,
    password_stdin: bool,
) -> None:
    """Create an account with roles, in an organization or on the registry's staff."""
    registry = _registry(app)
    organization_id = None
    if organization_name is not None:
        found = registry.accounts.organization_by_name(organization_name)
        if found is None:
            known = ", ".join(repr(item.name) for item in registry.accounts.organizations()) or "none yet"
            raise click.BadParameter(
                f"there is no organization {organization_name!r} (known: {known})",
                param_hint="--organization",
            )
        organization_id = found.id
    try:
        made = registry.accounts.create_account(
            CLI_ACTOR,
            username=username,
            display_name=display_name,
            password=_password(password_stdin),
            organization_id=organization_id,
            roles=[Role(role) for role in roles],
        )
    except RegistryError as error:
        raise _fail(error) from None
    click.echo(f"account {made.username!r} created with roles {', '.join(sorted(made.roles))}")


@users.command("list")
@pass_app
def list_accounts(app: AppContext) -> None:
    """List every account with its organization and roles."""
    for item in _registry(app).accounts.accounts(CLI_ACTOR):
        where = item.organization_name or "(registry staff)"
        state = "  [disabled]" if item.disabled else ""
        click.echo(f"{item.username}\t{where}\t{', '.join(sorted(item.roles)) or '-'}{state}")


@users.command("reset-password")
@click.argument("username")
@pass_app
def reset_password(app: AppContext, username: str) -> None:
    """Print a one-time link with which the person sets a new password (it also ends a lockout)."""
    registry = _registry(app)
    try:
        token = registry.accounts.issue_password_reset(CLI_ACTOR, username)
    except RegistryError as error:
        raise _fail(error) from None
    hours = int(registry.settings.password_reset_lifetime.total_seconds() // 3600)
    click.echo(f"/prs/reset-password?token={token}")
    click.echo(f"(valid once, for {hours} hours; prefix it with the site's address)", err=True)


@users.command("unlock")
@click.argument("username")
@pass_app
def unlock(app: AppContext, username: str) -> None:
    """End a lockout after repeated failed sign-ins now."""
    _registry(app).sessions.unlock(CLI_ACTOR, username)
    click.echo(f"{username.strip().lower()!r} unlocked")


@users.command("disable")
@click.argument("username")
@click.option("--enable", is_flag=True, help="Enable the account again instead.")
@pass_app
def disable(app: AppContext, username: str, enable: bool) -> None:
    """Disable an account: it can no longer sign in and its sessions end (nothing is deleted)."""
    registry = _registry(app)
    found = registry.accounts.account_by_username(username)
    if found is None:
        raise click.ClickException(f"there is no user {username.strip().lower()!r}")
    registry.accounts.set_disabled(CLI_ACTOR, found.id, not enable)
    click.echo(f"{found.username!r} {'enabled' if enable else 'disabled'}")


@users.command("create-token")
@click.option("--organization", "organization_name", required=True, help="The organization (by name).")
@click.option("--name", "token_name", required=True, help="What the token is for (shown in lists).")
@pass_app
def create_token(app: AppContext, organization_name: str, token_name: str) -> None:
    """Create an API token for an organization's systems and print it (it is shown only once)."""
    registry = _registry(app)
    found = registry.accounts.organization_by_name(organization_name)
    if found is None:
        raise click.BadParameter(
            f"there is no organization {organization_name!r}", param_hint="--organization"
        )
    try:
        token, secret = registry.api_tokens.create(CLI_ACTOR, found.id, token_name)
    except RegistryError as error:
        raise _fail(error) from None
    click.echo(secret)
    click.echo(f"(API token {token.id} for {found.name}; store it now, it is not shown again)", err=True)


@users.command("revoke-token")
@click.argument("token_id", type=int)
@pass_app
def revoke_token(app: AppContext, token_id: int) -> None:
    """Revoke an API token (by its number); it stops working at once."""
    try:
        _registry(app).api_tokens.revoke(CLI_ACTOR, token_id)
    except RegistryError as error:
        raise _fail(error) from None
    click.echo(f"API token {token_id} revoked")
