"""RSS and Atom feeds for a search over HTTP: valid XML, newest first, record text escaped."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import httpx

from tests.web.search_site import HOSTILE_TITLE, site_fixture  # noqa: F401  (the fixture)

ATOM = "{http://www.w3.org/2005/Atom}"


def test_rss_lists_recently_updated_studies_newest_first(site: httpx.Client) -> None:
    response = site.get("/api/rss", params={"cond": "heart", "dateField": "LastUpdatePostDate"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel is not None
    items = channel.findall("item")
    links = [item.findtext("link") or "" for item in items]
    assert [link.rsplit("/", 1)[1] for link in links] == ["NCT90000104", "NCT90000101", "NCT90000103"]
    assert items[0].findtext("title") == HOSTILE_TITLE  # text, escaped in the XML, never markup
    assert "\x01" not in (items[0].findtext("description") or "")
    assert items[0].findtext("pubDate") == "Sun, 30 Jun 2024 00:00:00 +0000"
    assert channel.find(f"{ATOM}link") is not None


def test_newly_added_follows_the_first_posted_date_and_counts(site: httpx.Client) -> None:
    response = site.get(
        "/api/rss", params={"cond": "insomnia", "dateField": "StudyFirstPostDate", "count": "3"}
    )
    items = ET.fromstring(response.content).findall("channel/item")
    assert [(item.findtext("link") or "")[-11:] for item in items] == [
        "NCT90000212",
        "NCT90000211",
        "NCT90000210",
    ]


def test_days_keeps_only_recent_studies(site: httpx.Client) -> None:
    everything = site.get("/api/rss", params={"days": "36500"})
    assert len(ET.fromstring(everything.content).findall("channel/item")) == 16
    # Every test study was last updated in 2024 or before, so none is in the last day.
    recent = site.get("/api/rss", params={"days": "1"})
    assert recent.status_code == 200
    assert ET.fromstring(recent.content).findall("channel/item") == []


def test_atom_feed_is_valid_atom(site: httpx.Client) -> None:
    response = site.get("/api/rss", params={"intr": "Atorvastatin", "format": "atom"})
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Statins in Liver Failure"]
    assert feed.findtext(f"{ATOM}updated") == "2024-03-01T00:00:00+00:00"


def test_bad_feed_parameters_are_named(site: httpx.Client) -> None:
    response = site.get("/api/rss", params={"dateField": "StartDate", "count": "5000"})
    assert response.status_code == 400
    assert "dateField" in response.text
    assert "count" in response.text
