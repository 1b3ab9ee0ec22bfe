"""Schemathesis against the official spec (``../shared/spec/ctg-oas-v2.yaml``, never copied here).

Every GET operation of the spec is fuzzed with a fixed number of generated requests, valid ones
(positive mode) and invalid ones (negative mode), sent to our server over HTTP. Two checks:

- ``not_a_server_error``: nothing a client sends is answered with a 5xx;
- ``response_schema_conformance``: every answer matches what the spec declares for its status
  and content type, except the CSV pages of ``/studies`` (``format=csv``), which the spec
  declares only as ``PagedStudies`` JSON.

Generation is derandomised, so CI runs the same requests every time; the number of examples per
operation keeps the whole file to a few minutes on the CI machine. A time budget per operation
(never reached in practice) stops sending requests rather than failing, so a slow machine makes
the run shorter, not red.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.compat.conftest import CompatServer
from tests.compat.corpus import with_results
from tests.shared_data import shared_path
from trialbase.demo import SEED_NCT_ID

pytestmark = [pytest.mark.slow, pytest.mark.shared_data]

SPEC = "spec/ctg-oas-v2.yaml"
# The spec's nine operations, all GET; the number of generated requests for each.
EXAMPLES = {
    "/studies": 400,
    "/studies/{nctId}": 150,
    "/studies/metadata": 30,
    "/studies/search-areas": 10,
    "/studies/enums": 10,
    "/stats/size": 10,
    "/stats/field/values": 100,
    "/stats/field/sizes": 60,
    "/version": 10,
}
KNOWN_STUDY_EXAMPLES = 150
ALIAS = "NCT90009999"  # an alias of the factories' full study
BUDGET_SECONDS = 90.0  # per operation and mode: a guard against a runaway run, not a check
SEND_ALL_CHECKS = [not_a_server_error, response_schema_conformance]
CSV_CHECKS = [not_a_server_error]


@pytest.fixture(scope="module")
def spec() -> Any:
    return schemathesis.openapi.from_path(shared_path(SPEC))


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    with requests.Session() as opened:
        opened.trust_env = False  # the server is on 127.0.0.1: never through a proxy
        yield opened


def test_the_spec_has_the_nine_operations(spec: Any) -> None:
    operations = [result.ok() for result in spec.get_all_operations()]
    assert sorted((operation.method.upper(), operation.path) for operation in operations) == sorted(
        ("GET", path) for path in EXAMPLES
    )


def checks_for(case: Any) -> list[Any]:
    query = case.query or {}
    if case.operation.path == "/studies" and str(query.get("format", "")).lower() == "csv":
        return CSV_CHECKS
    return SEND_ALL_CHECKS


def runs() -> list[Any]:
    """Every operation in positive mode; those that take parameters in negative mode too."""
    without_parameters = {"/studies/search-areas", "/studies/enums", "/stats/size", "/version"}
    return [
        pytest.param(path, mode, id=f"{path}-{mode.value}")
        for path in EXAMPLES
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        if mode is GenerationMode.POSITIVE or path not in without_parameters
    ]


@pytest.mark.parametrize(("path", "mode"), runs())
def test_operation(
    spec: Any, compat_server: CompatServer, session: requests.Session, path: str, mode: GenerationMode
) -> None:
    fuzz(spec[path]["GET"].as_strategy(generation_mode=mode), compat_server, session, EXAMPLES[path])


def test_studies_of_the_corpus(spec: Any, compat_server: CompatServer, session: requests.Session) -> None:
    """``/studies/{nctId}`` for studies that exist (random NCT numbers are nearly all 404s): every
    format, field list and markup the spec allows, over studies with results, the seed study and
    an alias (a 301)."""
    operation = spec["/studies/{nctId}"]["GET"]
    first = compat_server.documents[0]["protocolSection"]["identificationModule"]["nctId"]  # a COVID-19 study
    nct_ids = [*with_results(compat_server.documents), SEED_NCT_ID, ALIAS, first]
    strategy = st.sampled_from(nct_ids).flatmap(
        lambda nct_id: operation.as_strategy(path_parameters={"nctId": nct_id})
    )
    fuzz(strategy, compat_server, session, KNOWN_STUDY_EXAMPLES)


def fuzz(strategy: Any, compat_server: CompatServer, session: requests.Session, examples: int) -> None:
    stop_sending_at = time.monotonic() + BUDGET_SECONDS
    sent = 0

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )
    @given(case=strategy)
    def send(case: Any) -> None:
        nonlocal sent
        if time.monotonic() > stop_sending_at:
            return
        note(f"request: {case.as_curl_command()}")
        case.call_and_validate(base_url=compat_server.api_url, session=session, checks=checks_for(case))
        sent += 1

    send()
    assert sent > 0
