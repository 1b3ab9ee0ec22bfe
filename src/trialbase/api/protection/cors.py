"""CORS for the read-only API: any web page may ``GET`` (and ``HEAD``) ``/api/...`` from a browser.

The grant is by method, not by path: answers to ``GET`` and ``HEAD`` under ``/api/`` carry
``Access-Control-Allow-Origin: *``, and a preflight (``OPTIONS`` with
``Access-Control-Request-Method``) is granted only for those two methods. A write endpoint added
later (``POST``, ``PUT``, ``PATCH``, ``DELETE``) gets no CORS headers and no preflight grant, so
browsers keep other sites' pages from calling it. No credentials are ever allowed.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_PREFIX = "/api/"
READ_METHODS = ("GET", "HEAD")
PREFLIGHT_MAX_AGE = "86400"


class ReadOnlyCORSMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method == "OPTIONS":
            requested = Headers(scope=scope).get("access-control-request-method")
            if requested is not None:
                await self._preflight(requested, send)
                return
        if method not in READ_METHODS:
            await self.app(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Access-Control-Allow-Origin"] = "*"
                headers["Access-Control-Expose-Headers"] = "Retry-After"
            await send(message)

        await self.app(scope, receive, send_with_cors)

    async def _preflight(self, requested: str, send: Send) -> None:
        headers = [(b"vary", b"Access-Control-Request-Method"), (b"content-length", b"0")]
        if requested.upper() in READ_METHODS:
            status = 204
            headers += [
                (b"access-control-allow-origin", b"*"),
                (b"access-control-allow-methods", ", ".join(READ_METHODS).encode()),
                (b"access-control-max-age", PREFLIGHT_MAX_AGE.encode()),
            ]
        else:
            status = 403
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
