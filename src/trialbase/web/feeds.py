"""``/api/rss``: an RSS 2.0 feed for any search, in ClinicalTrials.gov's URL shape.

``/api/rss?cond=…&aggFilters=…&dateField=StudyFirstPostDate`` lists the newest studies the search
finds (newly added); ``dateField=LastUpdatePostDate`` (the default) the most recently updated ones.
``days=N`` keeps only studies whose date is within the last N days; ``count`` (at most 200,
default 50) caps the items. ``format=atom`` gives the same items as an Atom 1.0 feed.

The XML is built with ElementTree (so it is always well-formed) from record text with the
characters XML 1.0 cannot hold removed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from email.utils import format_datetime
from typing import Any
from xml.etree import ElementTree as ET

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from trialbase.domain.partial_date import InvalidDate, PartialDate
from trialbase.search.essie import Area, DateBound, OpenBound, Range, to_essie
from trialbase.search.query_error import QueryError
from trialbase.search.request import SearchRequest, SortKey, SortOrder
from trialbase.services import Services
from trialbase.web.place import resolve_place
from trialbase.web.search_form import FormError, SearchForm
from trialbase.web.study_summary import summarise

DATE_FIELDS = {
    "StudyFirstPostDate": ("studyFirstPostDateStruct", "Newly added studies"),
    "LastUpdatePostDate": ("lastUpdatePostDateStruct", "Recently updated studies"),
}
DEFAULT_DATE_FIELD = "LastUpdatePostDate"
DEFAULT_COUNT = 50
MAX_COUNT = 200
ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

Today = Callable[[], dt.date]


def routes(services: Services, today: Today = dt.date.today) -> list[BaseRoute]:
    def rss(request: Request) -> Response:
        params = request.query_params
        date_field = params.get("dateField", DEFAULT_DATE_FIELD).strip() or DEFAULT_DATE_FIELD
        problems = []
        if date_field not in DATE_FIELDS:
            problems.append(f"dateField: {date_field!r} is not one of {', '.join(DATE_FIELDS)}")
        count = _number(params.get("count", ""), DEFAULT_COUNT, 1, MAX_COUNT, "count", problems)
        days = _number(params.get("days", ""), None, 1, 36_500, "days", problems)
        kind = params.get("format", "rss").strip().lower()
        if kind not in ("rss", "atom"):
            problems.append(f"format: {kind!r} is not rss or atom")
        form, errors = SearchForm.read(params)
        problems += [f"{error.field}: {error.message}" for error in errors]
        if problems:
            return PlainTextResponse("\n".join(problems), status_code=400)
        try:
            search_request = _feed_request(form, resolve_place(form), date_field, count, days, today())
            result = services.search.search(search_request)
        except FormError as error:
            return PlainTextResponse(
                "\n".join(f"{e.field}: {e.message}" for e in error.errors), status_code=400
            )
        except QueryError as error:
            return PlainTextResponse(error.describe(), status_code=400)
        documents = services.store.current_many([hit.nct_id for hit in result.hits])
        base = str(request.base_url).rstrip("/")
        items = [documents[hit.nct_id] for hit in result.hits if hit.nct_id in documents]
        title = f"Trialbase: {DATE_FIELDS[date_field][1].lower()}" + (
            f" — {_describe(form)}" if _describe(form) else ""
        )
        search_url = f"{base}{form.url()}"
        builder = _atom if kind == "atom" else _rss
        body = builder(items, title, search_url, str(request.url), base, date_field)
        media = "application/atom+xml" if kind == "atom" else "application/rss+xml"
        return Response(body, media_type=f"{media}; charset=utf-8")

    return [Route("/api/rss", rss, name="rss")]


def _feed_request(
    form: SearchForm, place: Any, date_field: str, count: int, days: int | None, today: dt.date
) -> SearchRequest:
    search_request = replace(
        form.to_request(place),
        sort=(SortKey(date_field, SortOrder.DESC),),
        page_size=count,
        count_total=False,
        facets=False,
        explain=False,
    )
    if days is None:
        return search_request
    since = today - dt.timedelta(days=days)
    recent = Area(
        name=date_field,
        operand=Range(
            low=DateBound(date=PartialDate(since.year, since.month, since.day)), high=OpenBound(which="MAX")
        ),
    )
    extra = to_essie(recent)
    advanced = f"({search_request.advanced}) AND {extra}" if search_request.advanced else extra
    return replace(search_request, advanced=advanced)


def _number(text: str, default: int | None, low: int, high: int, name: str, problems: list[str]) -> Any:
    text = text.strip()
    if not text:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        problems.append(f"{name}: {text!r} is not a whole number between {low} and {high}")
        return default
    return int(text)


def _describe(form: SearchForm) -> str:
    parts = list(form.queries.values())
    if form.loc_str:
        parts.append(f"near {form.loc_str}")
    return ", ".join(parts)


def _clean(text: Any) -> str:
    return _NOT_XML.sub("", str(text or ""))


def _date(document: dict[str, Any], date_field: str) -> dt.datetime | None:
    struct = DATE_FIELDS[date_field][0]
    text = ((document.get("protocolSection") or {}).get("statusModule") or {}).get(struct, {}).get("date")
    try:
        date = PartialDate.parse(text) if isinstance(text, str) else None
    except InvalidDate:
        return None
    if date is None:
        return None
    return dt.datetime(date.year, date.month or 1, date.day or 1, tzinfo=dt.UTC)


def _description(document: dict[str, Any]) -> str:
    study = summarise(document)
    facts = [study.status_label, ", ".join(study.conditions), study.phases, study.sponsor]
    summary = study.summary if len(study.summary) <= 600 else study.summary[:600].rsplit(" ", 1)[0] + " …"
    return " · ".join(fact for fact in facts if fact) + ("\n\n" + summary if summary else "")


def _rss(
    documents: list[dict[str, Any]], title: str, search_url: str, self_url: str, base: str, date_field: str
) -> bytes:
    ET.register_namespace("atom", ATOM)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = _clean(title)
    ET.SubElement(channel, "link").text = search_url
    ET.SubElement(channel, "description").text = _clean(f"{title}, newest first.")
    ET.SubElement(channel, "language").text = "en"
    ET.SubElement(
        channel, f"{{{ATOM}}}link", {"href": self_url, "rel": "self", "type": "application/rss+xml"}
    )
    for document in documents:
        study = summarise(document)
        when = _date(document, date_field)
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = _clean(study.title or study.nct_id)
        link = f"{base}/study/{study.nct_id}"
        ET.SubElement(item, "link").text = link
        ET.SubElement(item, "description").text = _clean(_description(document))
        stamp = when.date().isoformat() if when else ""
        ET.SubElement(item, "guid", {"isPermaLink": "false"}).text = f"{study.nct_id}@{stamp}"
        if when is not None:
            ET.SubElement(item, "pubDate").text = format_datetime(when)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + _bytes(rss)


def _atom(
    documents: list[dict[str, Any]], title: str, search_url: str, self_url: str, base: str, date_field: str
) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = _clean(title)
    ET.SubElement(feed, f"{{{ATOM}}}id").text = self_url
    ET.SubElement(feed, f"{{{ATOM}}}link", {"href": self_url, "rel": "self"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"href": search_url, "rel": "alternate", "type": "text/html"})
    dates = [when for when in (_date(document, date_field) for document in documents) if when is not None]
    newest = max(dates) if dates else dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = newest.isoformat()
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "Trialbase"
    for document in documents:
        study = summarise(document)
        when = _date(document, date_field) or newest
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = _clean(study.title or study.nct_id)
        link = f"{base}/study/{study.nct_id}"
        ET.SubElement(entry, f"{{{ATOM}}}link", {"href": link})
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"{link}#{when.date().isoformat()}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = when.isoformat()
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = _clean(_description(document))
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + _bytes(feed)


def _bytes(root: ET.Element) -> bytes:
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return body
