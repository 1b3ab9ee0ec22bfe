"""The record history tab over HTTP: versions with the sections they changed, and comparing two."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.study_pages import element_text, site, text
from trialbase.demo import load_seed_study
from trialbase.services import Services
from trialbase.store import Store

SEED = "/study/NCT04822922"


@pytest.fixture
def services(store: Store, tmp_path: Path) -> Iterator[Services]:
    opened = Services.open(store, tmp_path / "data", follow=False)
    yield opened
    opened.close()


def three_versions() -> list[dict[str, Any]]:
    first = load_seed_study()
    second = copy.deepcopy(first)
    status = second["protocolSection"]["statusModule"]
    status["overallStatus"] = "RECRUITING"
    status["lastUpdatePostDateStruct"]["date"] = "2021-09-02"
    third = copy.deepcopy(second)
    third["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"] = "2022-01-10"
    third["protocolSection"]["descriptionModule"]["briefSummary"] = third["protocolSection"][
        "descriptionModule"
    ]["briefSummary"].replace("16 patients need to be enrolled", "24 patients need to be enrolled")
    third["protocolSection"]["designModule"]["enrollmentInfo"]["count"] = 24
    return [first, second, third]


@pytest.fixture
def client(services: Services) -> Iterator[httpx.Client]:
    with site(services, three_versions()) as http:
        yield http


def test_versions_are_listed_newest_first_with_the_sections_they_changed(client: httpx.Client) -> None:
    page = client.get(SEED, params={"tab": "history"})
    assert page.status_code == 200
    assert '<a href="/study/NCT04822922?tab=history" aria-current="page">Record history</a>' in page.text
    rows = [text(row) for row in re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", page.text, re.S)]
    assert len(rows) == 3
    assert rows[0].startswith("3 current January 10, 2022")
    assert "Status Description Design Compare" in rows[0]
    assert rows[0].endswith("Compare with version 2")
    assert rows[1].startswith("2 September 2, 2021")
    assert rows[1].endswith("Status Compare with version 1")
    assert rows[2].startswith("1 July 21, 2021")
    assert rows[2].endswith("First version")
    # The compare form is a plain GET form: labelled selects, the latest two versions chosen.
    form = element_text(page.text, r'<form class="compare-form".*?</form>')
    assert form.startswith("Compare two versions Older version")
    assert re.search(r'<form class="compare-form" method="get" action="/study/NCT04822922">', page.text)
    assert '<label for="compare-a">' in page.text
    assert '<option value="2" selected>' in page.text.split('id="compare-b"')[0]
    assert '<option value="3" selected>' in page.text.split('id="compare-b"')[1]
    assert "Changes from version" not in page.text


def test_comparing_two_versions_marks_the_differences(client: httpx.Client) -> None:
    response = client.get(SEED, params={"tab": "history", "a": "1", "b": "3"})
    assert response.status_code == 200
    comparison = response.text.split('<section class="comparison"', 1)[1]
    assert "Changes from version 1 to version 3" in text(comparison)
    changes = [text(item) for item in re.findall(r'<li class="change .*?</li>', comparison, re.S)]
    assert len(changes) == 4
    assert changes[0].startswith("Changed Status › overallStatus")
    assert "<del>NOT_YET_RECRUITING</del><ins>RECRUITING</ins>" in comparison
    summary = next(
        item for item in re.findall(r'<li class="change .*?</li>', comparison, re.S) if "briefSummary" in item
    )
    assert "safety of 3 doses of UC-MSCs, <del>16</del><ins>24</ins> patients need to be enrolled" in summary
    assert any(
        "Design › enrollmentInfo.count" in change and "Version 1 16 Version 3 24" in change
        for change in changes
    )


def test_the_versions_can_be_given_in_either_order_and_the_same_twice(client: httpx.Client) -> None:
    swapped = client.get(SEED, params={"tab": "history", "a": "3", "b": "2"})
    assert "Changes from version 2 to version 3" in text(swapped.text)
    same = client.get(SEED, params={"tab": "history", "a": "2", "b": "2"})
    assert "Pick two different versions to see what changed." in text(same.text)


def test_bad_version_numbers_are_explained(client: httpx.Client) -> None:
    missing = client.get(SEED, params={"tab": "history", "a": "9", "b": "3"})
    assert missing.status_code == 400
    assert "a=9 is not a version of NCT04822922 (it has versions 1 to 3)." in text(missing.text)
    word = client.get(SEED, params={"tab": "history", "a": "one"})
    assert word.status_code == 400
    assert "a='one' is not a version number" in text(word.text)
