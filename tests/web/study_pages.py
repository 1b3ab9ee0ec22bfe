"""Helpers for the study page tests: serve the site over given studies, and read a page's sections."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import httpx

from tests.live_server import live_server
from trialbase.server import create_app
from trialbase.services import Services
from trialbase.store import prepare_study

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


@contextmanager
def site(
    services: Services, documents: Sequence[dict[str, Any] | tuple[dict[str, Any], dict[str, Any]]]
) -> Iterator[httpx.Client]:
    """The whole application over ``documents`` (each a document, or a (document, provenance) pair),
    written one batch each so that a study given twice gets two versions."""
    for item in documents:
        document, provenance = item if isinstance(item, tuple) else (item, {})
        services.store.write_batch([prepare_study(document, provenance)])
    services.search.follower.catch_up()
    with live_server(create_app(services)) as base_url, httpx.Client(base_url=base_url) as client:
        yield client


def text(markup: str) -> str:
    """What a reader sees of some HTML: tags dropped, entities decoded, white space collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", markup))).strip()


def section(page: str, section_id: str) -> str:
    """The HTML of ``<section id="section_id">`` up to its closing tag (sections do not nest in it)."""
    start = page.find(f'<section id="{section_id}"')
    assert start >= 0, f"the page has no section #{section_id}"
    end = page.find("</section>", start)
    return page[start:end]


def element_text(page: str, pattern: str) -> str:
    match = re.search(pattern, page, re.S)
    assert match is not None, f"nothing on the page matches {pattern!r}"
    return text(match.group(0))
