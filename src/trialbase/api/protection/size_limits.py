"""Refusing oversized requests before any handler runs: a long URL gets 414, a large body 413.

The body is read up to the limit before the application sees it (then handed over unchanged),
so a handler never starts on a request that will turn out too large, whether the client sent a
``Content-Length`` or streamed the body in chunks.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trialbase.api.protection.plain_reply import send_plain


class SizeLimitMiddleware:
    def __init__(self, app: ASGIApp, *, max_url_bytes: int, max_body_bytes: int) -> None:
        self.app = app
        self.max_url_bytes = max_url_bytes
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        target = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
        if target > self.max_url_bytes:
            await send_plain(
                send,
                414,
                f"The request URL is {target:,} bytes long; this server answers URLs of at most "
                f"{self.max_url_bytes:,} bytes. Shorten the query (fewer ids or terms per request).",
                head=head,
            )
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            await send_plain(send, 413, self._too_large(declared), head=head)
            return
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.max_body_bytes:
                await send_plain(send, 413, self._too_large(size, at_least=True), head=head)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    def _too_large(self, size: int, *, at_least: bool = False) -> str:
        amount = f"more than {self.max_body_bytes:,}" if at_least else f"{size:,}"
        return (
            f"The request body is {amount} bytes; this server accepts bodies of at most "
            f"{self.max_body_bytes:,} bytes."
        )


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
