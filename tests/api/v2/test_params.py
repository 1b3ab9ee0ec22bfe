"""Reading ``/studies`` parameters into a ``SearchRequest``: lists, enums, sizes and sort keys."""

from __future__ import annotations

import pytest
from starlette.datastructures import QueryParams

from trialbase.api.v2.errors import ParameterError
from trialbase.api.v2.params import Format, MarkupFormat, parse_studies, parse_study
from trialbase.search.request import MAX_PAGE_SIZE, PostFilter, SortKey, SortOrder


def parse(query: str):  # type: ignore[no-untyped-def]
    return parse_studies(QueryParams(query))


def test_defaults() -> None:
    parsed = parse("")
    assert parsed.format is Format.JSON
    assert parsed.markup is MarkupFormat.MARKDOWN
    assert parsed.fields is None
    assert parsed.search.page_size == 10
    assert parsed.search.post_filter is None
    assert parsed.search.sort == ()
    assert parsed.search.count_total is False


@pytest.mark.parametrize(
    ("given", "size"), [("0", 10), ("1", 1), ("1000", 1000), ("1001", 1000), ("10000000", 1000)]
)
def test_page_size_is_coerced_down_to_the_maximum(given: str, size: int) -> None:
    assert parse(f"pageSize={given}").search.page_size == size
    assert MAX_PAGE_SIZE == 1000


def test_lists_take_commas_and_pipes_and_drop_repeats() -> None:
    parsed = parse("filter.overallStatus=recruiting|COMPLETED,Recruiting&filter.ids=nct1|NCT00000001")
    assert parsed.search.overall_status == ("RECRUITING", "COMPLETED")
    assert parsed.search.ids == ("NCT00000001",)


def test_post_filters_and_queries_are_kept_apart() -> None:
    parsed = parse("query.cond=heart&query.lead=Acme&postFilter.advanced=AREA[Phase]PHASE2&postFilter.geo=x")
    assert parsed.search.queries == {"cond": "heart", "lead": "Acme"}
    assert parsed.queried_areas == ("ConditionSearch", "LeadSponsorName")
    assert parsed.search.post_filter == PostFilter(advanced="AREA[Phase]PHASE2", geo="x")


def test_sort_keys_get_their_default_directions() -> None:
    assert parse("sort=lastupdatepostdate,EnrollmentCount").search.sort == (
        SortKey("LastUpdatePostDate", SortOrder.DESC),
        SortKey("EnrollmentCount", SortOrder.ASC),
    )
    assert parse("sort=@relevance|StartDate:asc").search.sort == (
        SortKey("@relevance", SortOrder.DESC),
        SortKey("StartDate", SortOrder.ASC),
    )


def test_the_single_study_takes_three_parameters() -> None:
    parsed = parse_study(QueryParams("format=JSON.ZIP&fields=NCTId&markupFormat=legacy"))
    assert (parsed.format, parsed.fields, parsed.markup) == (Format.JSON_ZIP, ("NCTId",), MarkupFormat.LEGACY)
    with pytest.raises(ParameterError, match=r"`query\.cond` is unknown parameter"):
        parse_study(QueryParams("query.cond=x"))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("Query.cond=x", "`Query.cond` is unknown parameter; did you mean `query.cond`?"),
        ("page=2", "pages are reached with `pageToken`"),
        ("geoDecay=func:exp,scale:1mi,offset:0mi,decay:2", "the decay must be between 0 and 1"),
        ("sort=NCTId:sideways", "is not a sort item"),
        ("filter.ids=", "must be a non-empty list"),
    ],
)
def test_errors_say_what_is_wrong(query: str, message: str) -> None:
    with pytest.raises(ParameterError) as caught:
        parse(query)
    assert message in caught.value.message
