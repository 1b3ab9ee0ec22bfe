"""The HTTP benchmark's parts: reading wrk's output, the request mix, and both load generators
over a tiny app for a second at most. Figures are never asserted: the benchmark prints those."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bench.http_bench import (
    api_search_paths,
    frequent_conditions,
    record_page_paths,
    sample_nct_ids,
    search_page_paths,
    study_paths,
)
from bench.http_load import parse_wrk, run_python_load, run_wrk, write_paths
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from tests.live_server import live_server

WRK_OUTPUT = """\
Running 15s test @ http://127.0.0.1:40123
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    21.05ms   13.19ms 160.77ms   91.10%
    Req/Sec     1.58k   598.19     1.83k    72.73%
  Latency Distribution
     50%  850.00us
     75%   13.97ms
     90%   26.35ms
     99%    1.32s
  23712 requests in 15.02s, 96.20MB read
  Socket errors: connect 0, read 2, write 0, timeout 5
  Non-2xx or 3xx responses: 643
Requests/sec:   1578.70
Transfer/sec:      6.40MB
"""


def test_wrk_output_is_read_with_its_units() -> None:
    load = parse_wrk(WRK_OUTPUT, connections=32)
    assert load.generator == "wrk"
    assert load.connections == 32
    assert load.requests == 23712
    assert load.seconds == 15.02
    assert load.requests_per_second == 1578.70
    assert load.p50_ms == pytest.approx(0.85)
    assert load.p90_ms == pytest.approx(26.35)
    assert load.p99_ms == pytest.approx(1320.0)
    assert load.errors == 7
    assert load.failed == 643


def test_wrk_output_without_errors_counts_none() -> None:
    lines = [line for line in WRK_OUTPUT.splitlines() if "errors" not in line and "Non-2xx" not in line]
    load = parse_wrk("\n".join(lines), connections=32)
    assert (load.errors, load.failed) == (0, 0)


def test_wrk_output_without_the_latency_distribution_says_so() -> None:
    without = "\n".join(line for line in WRK_OUTPUT.splitlines() if "%  " not in line or "Latency  " in line)
    with pytest.raises(ValueError, match="50% latency line"):
        parse_wrk(without, connections=32)


def test_conditions_are_the_most_frequent_short_ones_as_plain_essie_words() -> None:
    def study(*conditions: str) -> dict[str, object]:
        return {"protocolSection": {"conditionsModule": {"conditions": list(conditions)}}}

    documents = [
        study("Asthma", "Breast Cancer"),
        study("Asthma", "Pain AND Fatigue"),
        study("Breast Cancer", "Asthma", "Cancer of the Head and Neck Region"),
        study("Diabetes (Type 2)"),
        {"protocolSection": {}},
    ]
    assert frequent_conditions(documents, 10) == [
        "Asthma",
        "Breast Cancer",
        "Diabetes Type 2",
        "Pain and Fatigue",
    ]
    assert frequent_conditions(documents, 2) == ["Asthma", "Breast Cancer"]


def test_nct_ids_are_a_seeded_sample_without_repeats() -> None:
    ids = [f"NCT{80000000 + n:08d}" for n in range(1000)]
    sample = sample_nct_ids(ids, 300)
    assert len(set(sample)) == 300
    assert set(sample) <= set(ids)
    assert sample == sample_nct_ids(ids, 300)
    assert sample != ids[:300]
    assert sorted(sample_nct_ids(ids[:5], 300)) == ids[:5]


def test_the_request_paths_encode_conditions_so_each_is_one_line() -> None:
    conditions = ["Head & Neck Cancer", "Crohn's Disease", "COVID-19 / SARS", "pain=chronic"]
    for path, condition in zip(api_search_paths(conditions), conditions, strict=True):
        split = urlsplit(path)
        assert split.path == "/api/v2/studies"
        assert parse_qs(split.query) == {"query.cond": [condition], "pageSize": ["10"]}
        assert " " not in path
    for path, condition in zip(search_page_paths(conditions), conditions, strict=True):
        assert urlsplit(path).path == "/search"
        assert parse_qs(urlsplit(path).query) == {"cond": [condition]}
    assert study_paths(["NCT80000001"]) == ["/api/v2/studies/NCT80000001"]
    assert record_page_paths(["NCT80000001"]) == ["/study/NCT80000001"]


def test_a_path_wrk_cannot_send_is_refused(tmp_path: Path) -> None:
    written = write_paths(["/a", "/b?x=1"], tmp_path / "paths.txt")
    assert written.read_text() == "/a\n/b?x=1\n"
    for bad in ("/a\n/b", "/a b", "relative"):
        with pytest.raises(ValueError, match="not a request path wrk can send"):
            write_paths([bad], tmp_path / "bad.txt")


def _recording_app() -> tuple[Starlette, Counter[str]]:
    seen: Counter[str] = Counter()

    async def answer(request: Request) -> Response:
        seen[request.url.path] += 1
        return PlainTextResponse("ok", status_code=404 if request.url.path == "/missing" else 200)

    return Starlette(routes=[Route("/{name}", answer)]), seen


def test_the_python_load_generator_rotates_over_every_path_and_counts_failures() -> None:
    app, seen = _recording_app()
    with live_server(app) as base_url:
        load = run_python_load(base_url, ["/a", "/b", "/c", "/missing"], seconds=0.5, connections=2)
    assert load.generator == "python"
    assert load.requests == sum(seen.values())
    assert set(seen) == {"/a", "/b", "/c", "/missing"}
    assert load.failed == seen["/missing"]
    assert load.errors == 0
    assert 0 < load.p50_ms <= load.p90_ms <= load.p99_ms


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (scripts/ensure_wrk.sh)")
def test_wrk_with_the_rotation_script_asks_for_every_path(tmp_path: Path) -> None:
    app, seen = _recording_app()
    paths = write_paths(["/a", "/b", "/c", "/missing"], tmp_path / "paths.txt")
    with live_server(app) as base_url:
        load = run_wrk(base_url, paths, seconds=1, connections=2, threads=2)
    assert set(seen) == {"/a", "/b", "/c", "/missing"}
    assert load.requests > 0
    assert load.failed == pytest.approx(seen["/missing"], abs=2)  # wrk stops with requests in flight
    assert max(seen.values()) - min(seen.values()) <= 4  # in turn: no path asked for far more often


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (scripts/ensure_wrk.sh)")
def test_the_rotation_script_refuses_an_empty_path_list(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    app, seen = _recording_app()
    with live_server(app) as base_url, pytest.raises(RuntimeError, match=r"wrk failed .*no request paths in"):
        run_wrk(base_url, empty, seconds=1, connections=1, threads=1)
    assert not seen
