"""Administering people and API tokens: an organization's page (its accounts and tokens), the
registry's staff, and the site administrators' list of organizations.

Who may do what is the services' business (``Accounts.administered``): another organization's
page, account or token answers 404 like one that does not exist, and a person without the
administrator role gets 403. A new account has no password: the page shows a one-time reset link
(like ``trialbase users reset-password`` prints) for the administrator to hand on, and a new API
token's secret is shown once; neither is ever shown again, and both pages are ``no-store``.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.responses import Response

from trialbase.domain.record_state import Role
from trialbase.registry import Actor
from trialbase.registry.errors import Conflict, InvalidInput, RegistryError
from trialbase.web.prs.context import Ctx, Handler, see_other

STAFF = "staff"  # the registry's staff (reviewers, site administrators) in URLs and forms
NOTICES = {
    "roles": "The roles are changed.",
    "disabled": "The account is disabled and its sessions have ended.",
    "enabled": "The account is enabled.",
    "unlocked": "The lockout has ended.",
    "revoked": "The API token is revoked; it no longer works.",
}


def organization_home(ctx: Ctx) -> Response:
    """``/prs/organization``: an organization administrator's own organization."""
    actor = ctx.signed_in.actor
    if actor.organization_id is None and actor.has(Role.SITE_ADMIN):
        return see_other("/prs/organizations")
    return _overview_page(ctx, actor.organization_id)


def organization_page(ctx: Ctx) -> Response:
    return _overview_page(ctx, ctx.int_param("organization_id"))


def staff_page(ctx: Ctx) -> Response:
    return _overview_page(ctx, None)


def organizations_page(ctx: Ctx, *, status_code: int = 200, error: str = "", name: str = "") -> Response:
    ctx.registry.accounts.administered(ctx.signed_in.actor, None)  # site administrators only
    return ctx.page(
        "prs/organizations.html",
        status_code=status_code,
        organizations=ctx.registry.accounts.organizations(),
        error=error,
        name=name,
    )


def create_organization(ctx: Ctx) -> Response:
    name = ctx.value("name")
    try:
        made = ctx.registry.accounts.create_organization(ctx.signed_in.actor, name)
    except (InvalidInput, Conflict) as error:
        return organizations_page(ctx, status_code=_status(error), error=str(error), name=name)
    return see_other(f"/prs/organizations/{made.id}")


def create_account(ctx: Ctx) -> Response:
    organization_id = _organization_field(ctx)
    fields = {"username": ctx.value("username"), "display_name": ctx.value("display_name")}
    try:
        made, token = ctx.registry.accounts.invite_account(
            ctx.signed_in.actor,
            username=fields["username"],
            display_name=fields["display_name"],
            organization_id=organization_id,
            roles=_roles(ctx),
        )
    except (InvalidInput, Conflict) as error:
        return _overview_page(
            ctx, organization_id, status_code=_status(error), error=str(error), fields=fields
        )
    return _shown_once(
        ctx,
        title=f"Account {made.username} created",
        what="password link",
        secret=_reset_link(ctx, token),
        back=_back(made.organization_id),
        hours=_reset_hours(ctx),
    )


def set_roles(ctx: Ctx) -> Response:
    roles = _roles(ctx)
    return _account_change(
        ctx, "roles", lambda actor, account_id: ctx.registry.accounts.set_roles(actor, account_id, roles)
    )


def disable(ctx: Ctx) -> Response:
    return _account_change(
        ctx, "disabled", lambda actor, account_id: ctx.registry.accounts.set_disabled(actor, account_id, True)
    )


def enable(ctx: Ctx) -> Response:
    return _account_change(
        ctx, "enabled", lambda actor, account_id: ctx.registry.accounts.set_disabled(actor, account_id, False)
    )


def unlock(ctx: Ctx) -> Response:
    def change(actor: Actor, account_id: int) -> None:
        found = ctx.registry.accounts.managed_account(actor, account_id)
        ctx.registry.sessions.unlock(actor, found.username)

    return _account_change(ctx, "unlocked", change)


def reset_link(ctx: Ctx) -> Response:
    actor = ctx.signed_in.actor
    found = ctx.registry.accounts.managed_account(actor, ctx.int_param("account_id"))
    token = ctx.registry.accounts.issue_password_reset_for(actor, found.id)
    return _shown_once(
        ctx,
        title=f"Password link for {found.username}",
        what="password link",
        secret=_reset_link(ctx, token),
        back=_back(found.organization_id),
        hours=_reset_hours(ctx),
    )


def create_token(ctx: Ctx) -> Response:
    organization_id = ctx.int_param("organization_id")
    actor = ctx.signed_in.actor
    ctx.registry.accounts.administered(actor, organization_id)  # 404 before a foreign key error
    try:
        token, secret = ctx.registry.api_tokens.create(actor, organization_id, ctx.value("name"))
    except InvalidInput as error:
        return _overview_page(ctx, organization_id, status_code=400, error=str(error))
    return _shown_once(
        ctx,
        title=f"API token {token.id} ({token.name}) created",
        what="API token",
        secret=secret,
        back=_back(organization_id),
        hours=0,
    )


def revoke_token(ctx: Ctx) -> Response:
    revoked = ctx.registry.api_tokens.revoke(ctx.signed_in.actor, ctx.int_param("token_id"))
    return see_other(f"{_back(revoked.organization_id)}?done=revoked#tokens")


# (path, page, form handler) for ``web.prs.routes``
PAGES: list[tuple[str, Handler | None, Handler | None]] = [
    ("/prs/organization", organization_home, None),
    ("/prs/organizations", organizations_page, create_organization),
    (f"/prs/organizations/{STAFF}", staff_page, None),
    ("/prs/organizations/{organization_id:int}", organization_page, None),
    ("/prs/organizations/{organization_id:int}/tokens", None, create_token),
    ("/prs/tokens/{token_id:int}/revoke", None, revoke_token),
    ("/prs/accounts", None, create_account),
    ("/prs/accounts/{account_id:int}/roles", None, set_roles),
    ("/prs/accounts/{account_id:int}/disable", None, disable),
    ("/prs/accounts/{account_id:int}/enable", None, enable),
    ("/prs/accounts/{account_id:int}/unlock", None, unlock),
    ("/prs/accounts/{account_id:int}/reset-link", None, reset_link),
]


# --- helpers ----------------------------------------------------------------------------------


def _overview_page(
    ctx: Ctx,
    organization_id: int | None,
    *,
    status_code: int = 200,
    error: str = "",
    fields: dict[str, str] | None = None,
) -> Response:
    overview = ctx.registry.administration.overview(ctx.signed_in.actor, organization_id)
    return ctx.page(
        "prs/organization.html",
        status_code=status_code,
        overview=overview,
        staff_value=STAFF,
        notice=NOTICES.get(ctx.request.query_params.get("done", ""), ""),
        error=error,
        fields=fields or {"username": "", "display_name": ""},
        chosen=set(ctx.form.get("roles", [])) if error else set(),
    )


def _account_change(ctx: Ctx, done: str, change: Callable[[Actor, int], object]) -> Response:
    """Make one change to an account, then back to its organization's page saying so (or why not)."""
    actor = ctx.signed_in.actor
    found = ctx.registry.accounts.managed_account(actor, ctx.int_param("account_id"))
    try:
        change(actor, found.id)
    except InvalidInput as error:
        return _overview_page(ctx, found.organization_id, status_code=400, error=str(error))
    return see_other(f"{_back(found.organization_id)}?done={done}#account-{found.id}")


def _roles(ctx: Ctx) -> list[Role]:
    try:
        return [Role(value) for value in ctx.form.get("roles", [])]
    except ValueError:
        raise InvalidInput("the form named a role that does not exist") from None


def _organization_field(ctx: Ctx) -> int | None:
    value = ctx.value("organization_id")
    if value == STAFF:
        return None
    if not value.isdigit() or len(value) > 10:
        raise InvalidInput("the form did not say which organization the account is for")
    return int(value)


def _back(organization_id: int | None) -> str:
    return f"/prs/organizations/{STAFF if organization_id is None else organization_id}"


def _reset_link(ctx: Ctx, token: str) -> str:
    base = str(ctx.request.base_url).rstrip("/")
    return f"{base}/prs/reset-password?token={token}"


def _reset_hours(ctx: Ctx) -> int:
    return int(ctx.registry.settings.password_reset_lifetime.total_seconds() // 3600)


def _status(error: RegistryError) -> int:
    return 409 if isinstance(error, Conflict) else 400


def _shown_once(ctx: Ctx, *, title: str, what: str, secret: str, back: str, hours: int) -> Response:
    return ctx.page("prs/shown_once.html", title=title, what=what, secret=secret, back=back, hours=hours)
