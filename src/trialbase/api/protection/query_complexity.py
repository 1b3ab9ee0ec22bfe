"""Refusing API query expressions over the server's complexity limits with a 400 that says where.

Every ``query.*`` parameter, ``filter.advanced`` and ``postFilter.advanced`` under ``/api/`` is
parsed and measured (``trialbase.search.complexity``) before a handler runs. A query that does
not parse is left to the handler, which reports the syntax error in its own words.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from trialbase.api.protection.plain_reply import send_plain
from trialbase.search.complexity import ComplexityLimits, check_complexity
from trialbase.search.essie import EssieSyntaxError, parse
from trialbase.search.query_error import QueryError

API_PREFIX = "/api/"


def is_expression_parameter(name: str) -> bool:
    return name.startswith("query.") or name in ("filter.advanced", "postFilter.advanced")


class QueryComplexityMiddleware:
    def __init__(self, app: ASGIApp, *, limits: ComplexityLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(API_PREFIX) and scope.get("query_string"):
            problem = self.problem(scope["query_string"].decode("latin-1"))
            if problem is not None:
                await send_plain(send, 400, problem, head=scope["method"] == "HEAD")
                return
        await self.app(scope, receive, send)

    def problem(self, query_string: str) -> str | None:
        for name, value in parse_qsl(query_string, keep_blank_values=True):
            if not is_expression_parameter(name) or not value.strip():
                continue
            try:
                node = parse(value)
            except EssieSyntaxError:
                continue
            try:
                check_complexity(node, self.limits, parameter=name)
            except QueryError as error:
                return error.describe()
        return None
