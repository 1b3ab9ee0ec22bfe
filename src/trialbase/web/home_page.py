"""The home page: search first, then a few facts about the registry and what changed lately."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from trialbase.domain.enums import Status
from trialbase.search.request import SearchRequest
from trialbase.services import Services
from trialbase.web.rendering import render
from trialbase.web.search_form import DISTANCES, OPTION_LABELS, SearchForm
from trialbase.web.study_summary import enum_label

RECENT = 8
OPEN_STATUSES = ("rec", "not")


@dataclass(frozen=True, slots=True)
class Fact:
    number: int
    label: str
    url: str


def routes(services: Services) -> list[BaseRoute]:
    def home(request: Request) -> Response:
        result = services.search.search(SearchRequest(page_size=1, count_total=True, facets=True))
        counts = {
            facet.facet.id: {value.code: value.count for value in facet.values}
            for facet in result.facets or []
        }
        recruiting = sum(counts.get("status", {}).get(code, 0) for code in OPEN_STATUSES)
        facts = [
            Fact(result.total or 0, "studies in the registry", "/search"),
            Fact(recruiting, "looking for participants", "/search?aggFilters=status:rec%20not"),
            Fact(
                counts.get("results", {}).get("with", 0),
                "with results posted",
                "/search?aggFilters=results:with",
            ),
            Fact(
                counts.get("studyType", {}).get("int", 0),
                "interventional trials",
                "/search?aggFilters=studyType:int",
            ),
        ]
        recent = services.store.recently_updated(RECENT)
        return render(
            request,
            "home.html",
            form=SearchForm(),
            facts=facts,
            recent=recent,
            status_label=status_label,
            option_labels=OPTION_LABELS,
            distances=DISTANCES,
            errors_by_field={},
        )

    return [Route("/", home, name="home")]


def status_label(value: str | None) -> str:
    return enum_label(Status, value)
