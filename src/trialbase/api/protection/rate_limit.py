"""A per-client rate limit: a token bucket for each client address, 429 with Retry-After when empty.

Each address may make ``burst`` requests at once, then ``per_minute`` a minute on average. The
address is the connection's (``scope["client"]``): behind a reverse proxy, run uvicorn with
``--proxy-headers`` and ``--forwarded-allow-ips`` so that is the real client's. Requests from this
machine are exempt unless asked otherwise, so local tools and tests are never throttled. Static
files and ``/health`` are not counted.

Buckets live in this process: behind a load balancer each app node limits on its own, so the
effective limit is the per-node one times the nodes a client is spread over.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from trialbase.api.protection.plain_reply import send_plain

LOCALHOST = frozenset({"127.0.0.1", "::1", "localhost"})
EXEMPT_PREFIXES = ("/static/", "/health")
MAX_BUCKETS = 100_000


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """Token buckets by key, refilled continuously; thread-safe."""

    def __init__(self, *, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0  # tokens per second
        self.burst = burst
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Take a token for ``key``: 0.0 if there was one, else the seconds until there is."""
        now = self._clock()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) >= MAX_BUCKETS:
                    self._forget_full(now)
                bucket = self._buckets[key] = _Bucket(float(self.burst), now)
            bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self.rate

    def _forget_full(self, now: float) -> None:
        """Drop the buckets that have refilled (they are as good as new), or all if none has."""
        full = [
            key
            for key, bucket in self._buckets.items()
            if bucket.tokens + (now - bucket.updated) * self.rate >= self.burst
        ]
        for key in full or list(self._buckets):
            del self._buckets[key]


class RateLimitMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        per_minute: float,
        burst: int,
        limit_localhost: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.buckets = (
            TokenBuckets(per_minute=per_minute, burst=burst, clock=clock) if per_minute > 0 else None
        )
        self.limit_localhost = limit_localhost

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.buckets is None or scope["type"] != "http" or scope["path"].startswith(EXEMPT_PREFIXES):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        address = client[0] if client else "unknown"
        if address in LOCALHOST and not self.limit_localhost:
            await self.app(scope, receive, send)
            return
        wait = self.buckets.take(address)
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        retry_after = max(1, math.ceil(wait))
        await send_plain(
            send,
            429,
            f"Too many requests from {address}: this server answers {self.buckets.burst} requests at once "
            f"and {self.buckets.rate * 60:g} a minute per client. Retry after {retry_after} seconds.",
            [("Retry-After", str(retry_after))],
            head=scope["method"] == "HEAD",
        )
