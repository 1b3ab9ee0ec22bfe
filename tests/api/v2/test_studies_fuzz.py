"""No input makes ``/api/v2/studies`` or ``/studies/{nctId}`` answer 500.

Hypothesis draws parameter sets from the documented names (plus unknown ones) with values mixing
valid ones, near misses and arbitrary text; every answer must be a 200, a 301, a 400 or a 404,
and an error must be a ``text/plain`` sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.v2.studies_corpus import served_corpus
from trialbase.api.v2.params import LIST_PARAMETERS

EXAMPLES = {
    "format": ["json", "csv", "JSON", "xml", "json.zip"],
    "markupFormat": ["markdown", "legacy", "html"],
    "filter.overallStatus": ["RECRUITING|COMPLETED", "recruiting", "BOGUS", ",|,"],
    "filter.geo": ["distance(42.36,-71.05,50mi)", "distance(91,0,1km)", "distance(0,0,-1)", "near"],
    "filter.ids": ["NCT90000002", "nct2|NCT90000003", "NCTX", "NCT123456789"],
    "filter.advanced": [
        "AREA[Phase]PHASE3",
        "AREA[StartDate]RANGE[2020, MAX]",
        "((",
        "AREA[X]y",
        "RANGE[a,b]",
    ],
    "filter.synonyms": ["ConditionSearch:D009203", "ConditionSearch:1", "x", ":"],
    "aggFilters": ["status:rec", "phase:2 3,sex:f", "results:with", "status:", "nope:x", ":"],
    "geoDecay": ["func:exp,scale:300mi,offset:0mi,decay:0.5", "func:gauss,scale:0km,offset:0km,decay:0", "x"],
    "fields": ["NCTId", "@query", "ConditionSearch", "protocolSection.statusModule", "Study Title", "$", ","],
    "sort": ["@relevance", "EnrollmentCount:desc", "LastUpdatePostDate", "BriefTitle", "a,b,c", ":desc"],
    "countTotal": ["true", "false", "TRUE", "1"],
    "pageSize": ["0", "1", "1000", "100000", "-5", "x", "99999999999999999999"],
    "pageToken": ["eyJvIjoyLCJzIjoiTkNUSWQ6YXNjIn0", "", "!!", "eyJvIjotMSwicyI6IkAifQ"],
}
QUERY_TEXTS = ["heart", "heart AND (attack", '"blood pressure"', "NCT90000002", "AREA[Condition]x", "NOT", ""]


def _values(name: str) -> st.SearchStrategy[str]:
    known = EXAMPLES.get(name, QUERY_TEXTS)
    return st.one_of(st.sampled_from(known), st.text(max_size=30))


_PARAMS = st.lists(
    st.sampled_from([*LIST_PARAMETERS, "filter.phase", "page"]), max_size=6, unique=True
).flatmap(lambda names: st.fixed_dictionaries({name: _values(name) for name in names}))


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    with served_corpus(tmp_path_factory.mktemp("fuzz")) as (http, _services):
        yield http


def _check(response: httpx.Response) -> None:
    assert response.status_code in (200, 301, 400, 404), (response.status_code, response.text)
    if response.status_code in (400, 404):
        assert response.headers["content-type"].startswith("text/plain")
        assert response.text.strip()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=_PARAMS)
def test_the_list_never_fails_with_a_500(client: httpx.Client, params: dict[str, str]) -> None:
    _check(client.get("/api/v2/studies", params=params))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    nct_id=st.one_of(
        st.sampled_from(["NCT90000002", "NCT90009999", "NCT1", "nct90000003"]),
        st.text(min_size=1, max_size=12),
    ),
    params=st.fixed_dictionaries(
        {},
        optional={
            "format": st.sampled_from(["json", "csv", "json.zip", "fhir.json", "ris", "x"]),
            "fields": _values("fields"),
            "markupFormat": _values("markupFormat"),
        },
    ),
)
def test_one_study_never_fails_with_a_500(client: httpx.Client, nct_id: str, params: dict[str, str]) -> None:
    if params.get("format") in ("fhir.json", "ris"):
        pytest.importorskip(f"trialbase.export.{'fhir' if params['format'] == 'fhir.json' else 'ris'}")
    _check(client.get(f"/api/v2/studies/{quote(nct_id, safe='')}", params=params))
