"""The studies the compatibility suite serves: made here, so no client test ever lacks data.

- ``COVID_STUDIES`` synthetic COVID-19 studies without results (pytrials' upstream tests search
  ``Coronavirus COVID`` and ask for 100 hits whose first study holds only ``protocolSection``,
  ``derivedSection`` and ``hasResults``). They are found among the synthetic generator's own
  studies (about one in seventy is a COVID-19 study), never edited.
- ``OTHER_STUDIES`` further synthetic studies of every kind, including studies with results
  (participant flow, baseline, outcome measures, adverse events) for the response models.
- the seed study (NCT04822922) and the test factories' full study, which carries an NCT alias
  (for the 301 of ``/studies/{nctId}``).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from tests.factories import full_study
from trialbase.demo import load_seed_study
from trialbase.demo.synthetic import build_study

COVID_STUDIES = 110
OTHER_STUDIES = 250
COVID_CONDITION = "COVID-19"
# The first synthetic index of the search for COVID-19 studies: past the ordinary ones, so the
# two groups never share a study.
_COVID_SEARCH_START = OTHER_STUDIES
_COVID_SEARCH_LIMIT = 40_000


def _conditions(document: dict[str, Any]) -> list[str]:
    conditions: list[str] = document["protocolSection"].get("conditionsModule", {}).get("conditions", [])
    return conditions


def covid_studies(count: int = COVID_STUDIES) -> list[dict[str, Any]]:
    """The first ``count`` synthetic COVID-19 studies without results (past the ordinary ones)."""
    found: list[dict[str, Any]] = []
    for index in range(_COVID_SEARCH_START, _COVID_SEARCH_START + _COVID_SEARCH_LIMIT):
        document = build_study(index)
        if COVID_CONDITION in _conditions(document) and set(document) == {
            "protocolSection",
            "derivedSection",
            "hasResults",
        }:
            found.append(document)
            if len(found) == count:
                return found
    raise AssertionError(
        f"the synthetic generator made fewer than {count} COVID-19 studies without results in "
        f"{_COVID_SEARCH_LIMIT} studies: raise _COVID_SEARCH_LIMIT or change the corpus"
    )


def other_studies(count: int = OTHER_STUDIES) -> Iterator[dict[str, Any]]:
    """Synthetic studies 0 .. count-1, whatever they are (a few of them have results)."""
    return (build_study(index) for index in range(count))


def corpus() -> list[dict[str, Any]]:
    documents = [
        *covid_studies(),
        *other_studies(),
        load_seed_study(),
        full_study("NCT90000002"),
    ]
    return [copy.deepcopy(document) for document in documents]


def with_results(documents: list[dict[str, Any]]) -> list[str]:
    """The NCT ids of the studies that have results, in corpus order."""
    return [
        document["protocolSection"]["identificationModule"]["nctId"]
        for document in documents
        if document.get("hasResults")
    ]
