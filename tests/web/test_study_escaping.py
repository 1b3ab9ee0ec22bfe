"""Hostile record text in every free-text field: every tab of the study page shows it as text.

A synthetic study with results gets every free-text string replaced by markup carrying a unique
number (links by ``javascript:`` URLs, e-mails by an attribute break-out); the pages must show each
one escaped, never as markup, and every field the page shows must be found there escaped.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.study_pages import site
from trialbase.demo import generate_studies
from trialbase.domain.issue import join_path
from trialbase.domain.study_document import check_document
from trialbase.services import Services
from trialbase.store import Store

KEEP = {"nctId", "id", "groupId", "groupIds", "pmid"}  # identifiers that link parts of a record
URL_KEYS = {"url", "link"}
NOT_SHOWN = re.compile(  # fields the page does not show (derived bookkeeping, or shown by another name)
    r"^derivedSection\.(miscInfoModule|\w+BrowseModule\.browse(Leaves|Branches))"
    # an arm's intervention names are shown as the names of the interventions they link to
    r"|^protocolSection\.armsInterventionsModule\.armGroups\[\d+\]\.interventionNames"
)


def payload(number: int) -> str:
    return f"<script>alert({number})</script><b onmouseover='x'>&amp;\""


def escaped(number: int) -> str:
    return f"&lt;script&gt;alert({number})&lt;/script&gt;&lt;b onmouseover=&#39;x&#39;&gt;&amp;amp;&#34;"


def hostile_copy(document: dict[str, Any]) -> tuple[dict[str, Any], dict[int, str]]:
    """``document`` with every free-text string made hostile; the numbers used, by field path."""
    hostile = copy.deepcopy(document)
    planted: dict[int, str] = {}

    def walk(value: Any, path: str, key: str) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, join_path(path, k), k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, join_path(path, i), key) for i, v in enumerate(value)]
        if isinstance(value, str) and key not in KEEP:
            if key in URL_KEYS:
                return "javascript:alert(document.cookie)"
            if key == "email":
                return 'x@example.org" onmouseover="alert(1)'
            planted[len(planted) + 1] = path
            return payload(len(planted))
        return value

    hostile = walk(hostile, "", "")
    # Strings that must follow a pattern or an enum (dates, ages, statuses) go back to their values.
    by_path = {path: number for number, path in planted.items()}
    for issue in check_document(hostile):
        number = by_path.pop(issue.path, None)
        assert number is not None, f"unexpected problem: {issue}"
        del planted[number]
        _set(hostile, issue.path, _get(document, issue.path))
    assert check_document(hostile) == []
    return hostile, planted


def _steps(path: str) -> list[str | int]:
    return [int(part) if part.isdigit() else part for part in re.findall(r"[^.\[\]]+", path)]


def _get(document: Any, path: str) -> Any:
    for step in _steps(path):
        document = document[step]
    return document


def _set(document: Any, path: str, value: Any) -> None:
    *parents, last = _steps(path)
    for step in parents:
        document = document[step]
    document[last] = value


@pytest.fixture
def services(store: Store, tmp_path: Path) -> Iterator[Services]:
    opened = Services.open(store, tmp_path / "data", follow=False)
    yield opened
    opened.close()


def study_with_everything() -> dict[str, Any]:
    document = next(study for study in generate_studies(60, seed=1) if study.get("resultsSection"))
    protocol = document["protocolSection"]
    protocol["descriptionModule"]["detailedDescription"] = "Details.\n\n* one\n* two"
    protocol["conditionsModule"]["keywords"] = ["a keyword"]
    protocol["identificationModule"]["acronym"] = "ACR"
    protocol["identificationModule"]["secondaryIdInfos"] = [
        {"id": "R01-1", "type": "OTHER", "domain": "A funder", "link": "https://example.org/r01"}
    ]
    protocol["statusModule"]["whyStopped"] = "Funding ended"
    protocol["sponsorCollaboratorsModule"]["collaborators"] = [{"name": "A collaborator", "class": "OTHER"}]
    protocol["referencesModule"] = {
        "references": [{"pmid": "12345678", "type": "RESULT", "citation": "A paper."}],
        "seeAlsoLinks": [{"label": "Study website", "url": "https://example.org/study"}],
        "availIpds": [
            {"id": "IPD-1", "type": "Dataset", "url": "https://example.org/ipd", "comment": "On request"}
        ],
    }
    protocol["ipdSharingStatementModule"] = {
        "ipdSharing": "YES",
        "description": "We share.",
        "infoTypes": ["STUDY_PROTOCOL"],
        "timeFrame": "After publication",
        "accessCriteria": "Ask us",
        "url": "https://example.org/share",
    }
    return document


def test_hostile_text_is_escaped_on_every_tab(services: Services) -> None:
    original = study_with_everything()
    hostile, planted = hostile_copy(original)
    nct_id = original["protocolSection"]["identificationModule"]["nctId"]
    assert len(planted) > 150
    with site(services, [original, hostile]) as client:
        pages = {
            tab: client.get(f"/study/{nct_id}", params={"tab": tab})
            for tab in ("record", "results", "history")
        }
        pages["compare"] = client.get(f"/study/{nct_id}", params={"tab": "history", "a": "1", "b": "2"})
        pages["print"] = client.get(f"/study/{nct_id}", params={"view": "print"})
    for name, response in pages.items():
        assert response.status_code == 200, name
        page = response.text
        assert "<script>alert" not in page, name
        assert "<b onmouseover" not in page, name
        assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', page)), name
        assert 'onmouseover="alert(1)' not in page, name
    shown = "".join(response.text for response in pages.values())
    missing = [
        path for number, path in planted.items() if escaped(number) not in shown and not NOT_SHOWN.match(path)
    ]
    assert missing == []
