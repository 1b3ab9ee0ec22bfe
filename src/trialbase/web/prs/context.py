"""What every /prs handler shares: the signed-in session, CSRF checks, answers and refusals.

Handlers are plain functions of a ``Ctx`` run in a worker thread (the services block); the
endpoint wrapper reads the form first (that needs the event loop), resolves the session from its
cookie, refuses a post without the session's CSRF token or from another origin, and turns the
services' refusals into pages: 404 for anything the person may not see (so another
organization's records are indistinguishable from records that do not exist), 403, 409, 429.

Cookies: the session cookie is HttpOnly, SameSite=Lax, Secure when the request came over HTTPS,
and limited to ``/prs``. Pages carry ``Cache-Control: no-store``, ``X-Frame-Options: DENY`` and
``Referrer-Policy: same-origin`` (a reset link's token never leaves in a Referer).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from trialbase.registry import Registry, Session
from trialbase.registry.errors import Conflict, Forbidden, NotFound, RegistryError, Throttled
from trialbase.web.rendering import render

SESSION_COOKIE = "tb_session"
LOGIN_CSRF_COOKIE = "tb_login_csrf"
COOKIE_PATH = "/prs"
MAX_FORM_FIELDS = 5000
MAX_ID = 2**31 - 1
SAFE_METHODS = ("GET", "HEAD")
Handler = Callable[["Ctx"], Response]


@dataclass(slots=True)
class Ctx:
    request: Request
    registry: Registry
    session: Session | None
    form: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def signed_in(self) -> Session:
        assert self.session is not None
        return self.session

    def value(self, name: str, default: str = "") -> str:
        values = self.form.get(name)
        return values[0] if values else default

    def int_param(self, name: str) -> int:
        """A numeric path parameter; out of range is "not found" (never a database error)."""
        value = int(self.request.path_params[name])
        if not 0 < value <= MAX_ID:
            raise NotFound(f"there is no {name} {value}")
        return value

    def revision(self) -> int:
        try:
            return int(self.value("revision"))
        except ValueError:
            raise Conflict(
                "the form did not say which revision of the record it was made from; reload it"
            ) from None

    def page(self, template: str, status_code: int = 200, **context: Any) -> Response:
        response = render(
            self.request,
            template,
            status_code=status_code,
            session=self.session,
            csrf_token=self.session.csrf_token if self.session else "",
            **context,
        )
        return secured(response)


def secured(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def see_other(url: str) -> Response:
    return secured(RedirectResponse(url, status_code=303))


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=COOKIE_PATH,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="lax",
    )


def endpoint(
    registry: Registry, handler: Handler, *, login: bool = True, csrf: str = "session"
) -> Callable[[Request], Awaitable[Response]]:
    """An ASGI endpoint around ``handler``: form, session, CSRF and refusals handled."""

    async def run(request: Request) -> Response:
        form: dict[str, list[str]] = {}
        files: dict[str, bytes] = {}
        if request.method not in SAFE_METHODS:
            try:
                async with request.form(max_fields=MAX_FORM_FIELDS, max_files=4) as posted:
                    for key, value in posted.multi_items():
                        if isinstance(value, UploadFile):
                            files[key] = await value.read()
                        else:
                            form.setdefault(key, []).append(value)
            except MultiPartException as error:
                return _plain_problem(request, 400, "The form could not be read", str(error))
        return await run_in_threadpool(_handle, registry, handler, request, form, files, login, csrf)

    return run


def _handle(
    registry: Registry,
    handler: Handler,
    request: Request,
    form: dict[str, list[str]],
    files: dict[str, bytes],
    login: bool,
    csrf: str,
) -> Response:
    session = registry.sessions.resolve(request.cookies.get(SESSION_COOKIE, ""))
    ctx = Ctx(request, registry, session, form, files)
    if login and session is None:
        if request.method in SAFE_METHODS:
            return see_other(f"/prs/login?next={quote(request.url.path)}")
        return problem(
            ctx, 403, "Please sign in", "Your session has ended. Sign in again and repeat the change."
        )
    if request.method not in SAFE_METHODS:
        refusal = _csrf_refusal(ctx, csrf)
        if refusal is not None:
            return problem(ctx, 403, "Form refused", refusal)
    try:
        return handler(ctx)
    except NotFound:
        return problem(ctx, 404, "Not found", "There is no such page or record, or it is not yours to see.")
    except Forbidden as error:
        return problem(ctx, 403, "Not allowed", str(error))
    except Conflict as error:
        return problem(ctx, 409, "That cannot be done now", str(error))
    except Throttled as error:
        response = problem(ctx, 429, "Too many attempts", str(error))
        response.headers["Retry-After"] = str(int(registry.settings.login_failure_window.total_seconds()))
        return response
    except RegistryError as error:
        return problem(ctx, 400, "That cannot be done", str(error))


def _csrf_refusal(ctx: Ctx, csrf: str) -> str | None:
    origin = ctx.request.headers.get("origin")
    if origin is not None and origin != _own_origin(ctx.request):
        return "The form was sent from another site."
    sent = ctx.value("csrf_token")
    if csrf == "session":
        expected = ctx.session.csrf_token if ctx.session else ""
    else:  # before signing in: the token is a cookie the login page set (double submit)
        expected = ctx.request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not sent or not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        return "The form has expired or did not come from this site. Reload the page and try again."
    return None


def _own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def new_login_csrf() -> str:
    return secrets.token_urlsafe(32)


def problem(ctx: Ctx, status: int, title: str, message: str) -> Response:
    return ctx.page("prs/problem.html", status_code=status, title=title, message=message)


def _plain_problem(request: Request, status: int, title: str, message: str) -> Response:
    response = render(
        request,
        "prs/problem.html",
        status_code=status,
        session=None,
        csrf_token="",
        title=title,
        message=message,
    )
    return secured(response)


def safe_next(path: str) -> str:
    """Where to go after signing in: only a path of ours (never another site)."""
    if path.startswith("/prs") and not path.startswith("//") and "\\" not in path and "://" not in path:
        return path
    return "/prs"
