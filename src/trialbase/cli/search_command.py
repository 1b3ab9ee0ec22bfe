"""``trialbase search``: the search engine from the command line, for people and scripts."""

from __future__ import annotations

from typing import Any

import click
import orjson

from trialbase.cli.context import AppContext, pass_app
from trialbase.search.request import QUERY_AREAS, SearchRequest, SortKey, SortOrder

QUERY_HELP = {
    "cond": "Condition or disease (query.cond).",
    "term": "Other terms, anywhere in the record (query.term).",
    "intr": "Intervention or treatment (query.intr).",
    "locn": "Location: facility, city, state, country (query.locn).",
    "titles": "Title or acronym (query.titles).",
    "outc": "Outcome measure (query.outc).",
    "spons": "Sponsor or collaborator (query.spons).",
    "lead": "Lead sponsor (query.lead).",
    "id": "Study IDs (query.id).",
    "patient": "A patient's description (query.patient).",
}


def _query_options(function: Any) -> Any:
    for name in reversed(QUERY_AREAS):
        function = click.option(f"--{name}", f"query_{name}", metavar="ESSIE", help=QUERY_HELP[name])(
            function
        )
    return function


def _sort_key(text: str) -> SortKey:
    field, _, order = text.partition(":")
    if field == "@relevance":
        return SortKey(field, SortOrder.DESC)
    try:
        return SortKey(field, SortOrder(order or "desc"))
    except ValueError:
        raise click.BadParameter(
            f"{text!r}: the order is asc or desc, e.g. LastUpdatePostDate:desc"
        ) from None


@click.command(short_help="Search the studies (Essie syntax, filters, facets, distance).")
@_query_options
@click.option("--filter", "advanced", metavar="ESSIE", help="Filter without ranking (filter.advanced).")
@click.option(
    "--status", "statuses", multiple=True, help="Overall status, repeatable (filter.overallStatus)."
)
@click.option("--agg", "agg_filters", metavar="FILTERS", help="Facet filters, e.g. 'status:rec,phase:2 3'.")
@click.option("--geo", metavar="DISTANCE", help="e.g. 'distance(42.36,-71.06,50mi)' (filter.geo).")
@click.option(
    "--sort", "sort", metavar="FIELD[:asc|desc]", help="e.g. LastUpdatePostDate:desc (default relevance)."
)
@click.option(
    "--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="Studies per page."
)
@click.option("--page-token", help="Continue from a previous page's token.")
@click.option("--facets/--no-facets", default=True, show_default=True, help="Show facet counts.")
@click.option("--explain", is_flag=True, help="Show where each study matched, with highlighted snippets.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@pass_app
def search(
    app: AppContext,
    /,
    advanced: str | None,
    statuses: tuple[str, ...],
    agg_filters: str | None,
    geo: str | None,
    sort: str | None,
    limit: int,
    page_token: str | None,
    facets: bool,
    explain: bool,
    as_json: bool,
    **queries: str | None,
) -> None:
    """Search the studies the way the API and the website do.

    Query options take ClinicalTrials.gov's Essie syntax ("heart attack", AREA[Phase]PHASE3,
    RANGE[...], NOT ...). Prints the total, the hits (why each matched when a synonym or broader
    term was used, and the nearest site for a distance search) and the facet counts.
    """
    from trialbase.search.explain import plain
    from trialbase.search.query_error import QueryError
    from trialbase.search.service import open_engine

    request = SearchRequest(
        queries={name.removeprefix("query_"): text for name, text in queries.items() if text},
        overall_status=tuple(statuses),
        advanced=advanced,
        geo=geo,
        agg_filters=agg_filters,
        sort=(_sort_key(sort),) if sort else (),
        page_size=limit,
        page_token=page_token,
        count_total=True,
        facets=facets,
        explain=explain,
    )
    store = app.store()
    engine = open_engine(store, app.settings.data_dir)
    try:
        result = engine.search(request)
    except QueryError as error:
        raise click.ClickException(error.describe()) from None
    listings = store.listings([hit.nct_id for hit in result.hits])
    if as_json:
        click.echo(orjson.dumps(_as_data(result, listings), option=orjson.OPT_INDENT_2).decode())
        return
    click.echo(f"{result.total:,} studies")
    if result.relaxed:
        click.echo("  no study has every word: showing those with most of them")
    for note in result.expansions:
        click.echo(f"  also searched: {note.text!r} → {note.name} ({note.descriptor_id}, {note.via})")
    for number, hit in enumerate(result.hits, start=1):
        listing = listings.get(hit.nct_id)
        title = listing.brief_title if listing else ""
        status = listing.overall_status if listing else ""
        score = f"  score {hit.score:.2f}" if hit.score is not None else ""
        click.echo(f"{number:>3}. {hit.nct_id}  {title}  [{status}]{score}")
        for match in hit.matches:
            click.echo(
                f"       {match.piece}: {plain(match.snippet, lambda text: click.style(text, bold=True))}"
            )
        for note in hit.expansions:
            click.echo(f"       matched through {note.name} ({note.via} of {note.text!r})")
        nearest = hit.nearest_site
        if nearest is not None:
            click.echo(f"       nearest site: {nearest.distance_mi:,.1f} mi (location #{nearest.index + 1})")
    if result.next_page_token:
        click.echo(f"next page: --page-token {result.next_page_token}")
    for counts in result.facets or []:
        if counts.values:
            shown = ", ".join(f"{value.value} {value.count:,}" for value in counts.values[:8])
            click.echo(f"{counts.facet.label}: {shown}")


def _as_data(result: Any, listings: dict[str, Any]) -> dict[str, Any]:
    return {
        "total": result.total,
        "nextPageToken": result.next_page_token,
        "expansions": [
            note.__dict__ if hasattr(note, "__dict__") else _fields(note) for note in result.expansions
        ],
        "hits": [
            {
                "nctId": hit.nct_id,
                "briefTitle": listings[hit.nct_id].brief_title if hit.nct_id in listings else None,
                "overallStatus": listings[hit.nct_id].overall_status if hit.nct_id in listings else None,
                "score": hit.score,
                "matches": [
                    {"piece": match.piece, "snippet": [[seg.text, seg.highlighted] for seg in match.snippet]}
                    for match in hit.matches
                ],
                "expansions": [_fields(note) for note in hit.expansions],
                "nearestSite": None
                if hit.nearest_site is None
                else {
                    "locationIndex": hit.nearest_site.index,
                    "distanceKm": round(hit.nearest_site.distance_km, 2),
                },
            }
            for hit in result.hits
        ],
        "facets": {
            counts.facet.id: [{"code": v.code, "value": v.value, "count": v.count} for v in counts.values]
            for counts in result.facets or []
        },
    }


def _fields(item: Any) -> dict[str, Any]:
    return {name: getattr(item, name) for name in item.__slots__}
