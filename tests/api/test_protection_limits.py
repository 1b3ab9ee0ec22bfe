"""Request size limits (414, 413), query complexity limits (400) and the time limit (503)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from tests.factories import full_study
from tests.live_server import live_server
from trialbase.api.protection import ProtectionSettings
from trialbase.api.protection.size_limits import SizeLimitMiddleware
from trialbase.api.protection.timeout import TimeoutMiddleware
from trialbase.search.complexity import ComplexityLimits
from trialbase.server import create_app
from trialbase.services import Services
from trialbase.store import Store, prepare_study

SETTINGS = ProtectionSettings(
    max_url_bytes=2000, max_body_bytes=500, query_limits=ComplexityLimits(max_words=20, max_depth=5)
)


@pytest.fixture
def http(store: Store, services: Services) -> Iterator[httpx.Client]:
    store.write_batch([prepare_study(full_study())])
    with live_server(create_app(services, SETTINGS)) as base_url, httpx.Client(base_url=base_url) as client:
        yield client


def test_a_url_over_the_limit_gets_414_in_plain_text(http: httpx.Client) -> None:
    assert (
        http.get("/api/ext/changes", params={"since": "1" * 1900}).status_code == 400
    )  # within: the handler
    response = http.get("/api/ext/changes", params={"since": "1" * 2100})
    assert response.status_code == 414
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert "this server answers URLs of at most 2,000 bytes" in response.text
    assert http.head("/api/ext/changes", params={"since": "1" * 2100}).status_code == 414


def test_a_body_over_the_limit_gets_413_whether_declared_or_streamed(http: httpx.Client) -> None:
    declared = http.post("/api/ext/changes", content=b"x" * 600)
    assert declared.status_code == 413
    assert "The request body is 600 bytes; this server accepts bodies of at most 500 bytes." in declared.text

    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield b"y" * 100

    streamed = http.post("/api/ext/changes", content=chunks())
    assert streamed.status_code == 413
    assert "more than 500 bytes" in streamed.text
    assert http.post("/api/ext/changes", content=b"x" * 400).status_code == 405  # within: the router


def test_a_body_within_the_limit_reaches_the_handler_whole() -> None:
    async def echo(request: Request) -> Response:
        return Response(await request.body())

    app = Starlette(
        routes=[Route("/echo", echo, methods=["POST"])],
        middleware=[Middleware(SizeLimitMiddleware, max_url_bytes=100, max_body_bytes=1000)],
    )

    def chunks() -> Iterator[bytes]:
        yield from (bytes([65 + n]) * 100 for n in range(9))

    with live_server(app) as base_url:
        assert httpx.post(f"{base_url}/echo", content=chunks()).content == b"".join(chunks())
        assert httpx.post(f"{base_url}/echo", content=b"abc").content == b"abc"


def test_a_query_expression_over_the_complexity_limits_gets_400_with_where(http: httpx.Client) -> None:
    words = " OR ".join(f"word{n}" for n in range(25))
    response = http.get("/api/v2/studies", params={"query.cond": words})
    assert response.status_code == 400
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    column = words.index("word20") + 1
    assert response.text.strip() == (
        "the query is too complex for this server: more than 20 words; split it into smaller queries "
        f"(in query.cond, at column {column})"
    )
    nested = "a AND (b OR (c AND (d OR (e AND NOT f))))"
    deep = http.get("/api/v2/studies", params={"filter.advanced": nested})
    assert deep.status_code == 400
    assert "nested more than 5 deep" in deep.text
    assert f"(in filter.advanced, at column {nested.index('e AND') + 1})" in deep.text
    post = http.get("/api/v2/studies", params={"postFilter.advanced": nested})
    assert post.status_code == 400
    assert "(in postFilter.advanced, at column" in post.text


def test_queries_within_the_limits_and_non_queries_pass(http: httpx.Client) -> None:
    many_words = " ".join(f"w{n}" for n in range(40))
    twenty_words = " OR ".join(f"w{n}" for n in range(20))
    assert http.get("/api/ext/facets", params={"query.cond": twenty_words}).status_code == 200
    assert http.get("/api/ext/changes", params={"since": many_words}).text.startswith("parameter `since`")
    unparsable = http.get("/api/ext/changes", params={"query.term": "((" + " OR ".join(["x"] * 30)})
    assert "too complex" not in unparsable.text  # syntax errors are left to the handler
    assert http.get("/", params={"query.term": many_words}).status_code == 200  # not a search


def test_the_website_search_refuses_the_same_queries_as_a_form_error(http: httpx.Client) -> None:
    words = " OR ".join(f"word{n}" for n in range(25))
    response = http.get("/search", params={"cond": words}, follow_redirects=True)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    error = response.text.split('id="error-cond"', 1)[1]  # the condition field's own message
    assert "the query is too complex for this server: more than 20 words" in error.split("</div>", 1)[0]
    within = " OR ".join(f"word{n}" for n in range(20))
    assert http.get("/search", params={"cond": within}, follow_redirects=True).status_code == 200


def test_a_request_over_the_time_limit_gets_503_at_once() -> None:
    release = threading.Event()

    def stuck(request: Request) -> Response:
        release.wait(timeout=60)
        return PlainTextResponse("finally")

    def quick(request: Request) -> Response:
        return PlainTextResponse("quick")

    app = Starlette(
        routes=[Route("/stuck", stuck), Route("/quick", quick)],
        middleware=[Middleware(TimeoutMiddleware, seconds=0.2)],
    )
    with live_server(app) as base_url:
        try:
            response = httpx.get(f"{base_url}/stuck", timeout=30)
            assert response.status_code == 503
            assert response.headers["content-type"] == "text/plain; charset=utf-8"
            assert response.headers["retry-after"] == "5"
            assert "The request was stopped after 0.2 seconds" in response.text
        finally:
            release.set()  # the abandoned handler thread finishes in the background
        assert httpx.get(f"{base_url}/quick", timeout=30).text == "quick"


def test_an_error_raised_inside_the_time_limit_is_still_the_applications() -> None:
    def broken(request: Request) -> Response:
        raise RuntimeError("boom")

    app = Starlette(routes=[Route("/broken", broken)], middleware=[Middleware(TimeoutMiddleware, seconds=30)])
    with live_server(app) as base_url:
        assert httpx.get(f"{base_url}/broken").status_code == 500
