"""A time limit per request: past it the client gets a 503 saying so, instead of waiting on.

The application runs as its own task; if it has not started its answer when the time is up,
the client gets the 503 at once and whatever the task still sends is dropped. Handlers that do
blocking work should be plain ``def`` functions (Starlette runs them in a worker thread): a
thread cannot be stopped, so it finishes in the background, but the client is no longer kept
waiting. An ``async def`` handler that blocks the event loop cannot be interrupted at all.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trialbase.api.protection.plain_reply import send_plain

log = logging.getLogger(__name__)


class TimeoutMiddleware:
    def __init__(self, app: ASGIApp, *, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        abandoned = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if abandoned:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, guarded_send))
        done, _ = await asyncio.wait({task}, timeout=self.seconds)
        if task in done:
            task.result()  # re-raise what the application raised
            return
        if started:  # the answer is under way: let it finish rather than cut it off
            await task
            return
        abandoned = True
        task.add_done_callback(_forget)
        task.cancel()
        await send_plain(
            send,
            503,
            f"The request was stopped after {self.seconds:g} seconds, the longest this server spends on "
            "one request. Narrow the query (fewer terms, a smaller pageSize) or try again later.",
            [("Retry-After", "5")],
            head=scope["method"] == "HEAD",
        )


def _forget(task: asyncio.Future[None]) -> None:
    """Retrieve an abandoned request's outcome, so an error in it is logged rather than lost."""
    if task.cancelled():
        return
    error = task.exception()
    if error is not None:
        log.warning("a request abandoned after its time limit failed later: %r", error)
