"""Signing in and out, and setting a new password with a reset link."""

from __future__ import annotations

from starlette.responses import Response

from trialbase.registry.errors import AuthenticationFailed, InvalidInput, LockedOut
from trialbase.web.prs.context import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Ctx,
    new_login_csrf,
    safe_next,
    see_other,
    set_cookie,
)


def login_form(ctx: Ctx) -> Response:
    if ctx.session is not None:
        return see_other(safe_next(ctx.request.query_params.get("next", "/prs")))
    return _login_page(ctx, next_path=ctx.request.query_params.get("next", "/prs"))


def login(ctx: Ctx) -> Response:
    username = ctx.value("username")
    next_path = safe_next(ctx.value("next", "/prs"))
    client = ctx.request.client.host if ctx.request.client else "unknown"
    try:
        session = ctx.registry.sessions.login(username, ctx.value("password"), client)
    except (AuthenticationFailed, LockedOut) as error:
        return _login_page(ctx, next_path=next_path, username=username, error=str(error), status_code=401)
    response = see_other(next_path)
    lifetime = int(ctx.registry.settings.session_lifetime.total_seconds())
    set_cookie(ctx.request, response, SESSION_COOKIE, session.token, lifetime)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/prs")
    return response


def logout(ctx: Ctx) -> Response:
    ctx.registry.sessions.logout(ctx.signed_in)
    response = see_other("/prs/login")
    response.delete_cookie(SESSION_COOKIE, path="/prs")
    return response


def reset_form(ctx: Ctx) -> Response:
    return _reset_page(ctx, token=ctx.request.query_params.get("token", ""))


def reset(ctx: Ctx) -> Response:
    token = ctx.value("token")
    password = ctx.value("password")
    if password != ctx.value("password_again"):
        return _reset_page(ctx, token=token, error="The two passwords differ.", status_code=400)
    try:
        ctx.registry.accounts.reset_password(token, password)
    except InvalidInput as error:
        return _reset_page(ctx, token=token, error=str(error), status_code=400)
    return _login_page(ctx, next_path="/prs", notice="Your password is set. Sign in with it.")


def _login_page(
    ctx: Ctx,
    *,
    next_path: str,
    username: str = "",
    error: str = "",
    notice: str = "",
    status_code: int = 200,
) -> Response:
    token = ctx.request.cookies.get(LOGIN_CSRF_COOKIE) or new_login_csrf()
    response = ctx.page(
        "prs/login.html",
        status_code=status_code,
        login_csrf=token,
        next_path=safe_next(next_path),
        username=username,
        error=error,
        notice=notice,
    )
    set_cookie(ctx.request, response, LOGIN_CSRF_COOKIE, token, None)
    return response


def _reset_page(ctx: Ctx, *, token: str, error: str = "", status_code: int = 200) -> Response:
    login_token = ctx.request.cookies.get(LOGIN_CSRF_COOKIE) or new_login_csrf()
    response = ctx.page(
        "prs/reset_password.html", status_code=status_code, token=token, login_csrf=login_token, error=error
    )
    set_cookie(ctx.request, response, LOGIN_CSRF_COOKIE, login_token, None)
    return response
