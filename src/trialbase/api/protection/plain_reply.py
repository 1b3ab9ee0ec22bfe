"""Answering an HTTP request directly from an ASGI middleware with a short ``text/plain`` message."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.types import Send


async def send_plain(
    send: Send, status: int, message: str, headers: Iterable[tuple[str, str]] = (), *, head: bool = False
) -> None:
    body = (message + "\n").encode()
    raw_headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        *((name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": b"" if head else body})
