"""What keeps one client or one query from taking the server down, as ASGI middleware.

One module per concern: CORS for the read-only API, the per-client rate limit, request size
limits, gzip and the time limit per request. ``middleware(settings)`` gives them in the order
they wrap the application, outermost first:

* CORS first, so every answer, the refusals below included, can be read by a browser page;
* then the cheap refusals (too many requests, too large), before any work is done;
* gzip outside the handlers, so JSON and HTML answers are compressed;
* the time limit closest to the handlers.

The query complexity limits (``settings.query_limits``) are not middleware: the search engine
applies them to every expression it parses (``create_app`` hands them over), so the API and the
website's search refuse the same queries, each in its own way (a 400 in plain text, a form error).
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware

from trialbase.api.protection.config import ProtectionSettings
from trialbase.api.protection.cors import ReadOnlyCORSMiddleware
from trialbase.api.protection.rate_limit import RateLimitMiddleware
from trialbase.api.protection.size_limits import SizeLimitMiddleware
from trialbase.api.protection.timeout import TimeoutMiddleware

GZIP_MINIMUM_BYTES = 1000
GZIP_LEVEL = 6  # Starlette's default (9) costs much more CPU for little gain on JSON

__all__ = ["ProtectionSettings", "middleware"]


def middleware(settings: ProtectionSettings) -> list[Middleware]:
    return [
        Middleware(ReadOnlyCORSMiddleware),
        Middleware(
            RateLimitMiddleware,
            per_minute=settings.rate_limit_per_minute,
            burst=settings.rate_limit_burst,
            limit_localhost=settings.rate_limit_localhost,
        ),
        Middleware(
            SizeLimitMiddleware, max_url_bytes=settings.max_url_bytes, max_body_bytes=settings.max_body_bytes
        ),
        Middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES, compresslevel=GZIP_LEVEL),
        Middleware(TimeoutMiddleware, seconds=settings.request_timeout_seconds),
    ]
