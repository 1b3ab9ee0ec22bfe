"""``trialbase sync``: pull studies from a ClinicalTrials.gov API v2 endpoint into the store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from trialbase.cli.context import AppContext, pass_app
from trialbase.cli.import_report import echo_summary, write_report
from trialbase.cli.reindex_command import index_updater
from trialbase.ingest.pipeline import Duplicates, ImportSummary, import_records
from trialbase.ingest.progress import Progress

QUERY_OPTIONS = ("cond", "term", "intr", "locn", "spons", "titles", "outc", "id")


def _resume_key(base_url: str) -> str:
    return f"sync.last_update_seen:{base_url.rstrip('/')}"


@click.command(short_help="Pull studies from a ClinicalTrials.gov API v2 endpoint.")
@click.option("--base-url", help="API v2 base URL (default: TRIALBASE_SYNC_BASE_URL, the public API).")
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Only studies last updated on or after this date (default: where the last sync stopped).",
)
@click.option("--full", is_flag=True, help="Ignore the resume point and pull everything that matches.")
@click.option("--cond", help="query.cond: condition or disease (Essie syntax).")
@click.option("--term", help="query.term: other terms.")
@click.option("--intr", help="query.intr: intervention or treatment.")
@click.option("--locn", help="query.locn: location terms.")
@click.option("--spons", help="query.spons: sponsor or collaborator.")
@click.option("--titles", help="query.titles: title or acronym.")
@click.option("--outc", help="query.outc: outcome measure.")
@click.option("--id", "id_", help="query.id: study IDs.")
@click.option(
    "--status", "statuses", multiple=True, help="filter.overallStatus value (repeatable), e.g. RECRUITING."
)
@click.option("--max-studies", type=click.IntRange(1), help="Stop after this many studies.")
@click.option("--page-size", type=click.IntRange(1, 1000), default=1000, show_default=True)
@click.option(
    "--report", type=click.Path(path_type=Path, dir_okay=False), help="Write a JSON report of the run."
)
@click.option("--quiet", is_flag=True, help="No progress display.")
@pass_app
def sync(
    app: AppContext,
    /,
    base_url: str | None,
    since: dt.datetime | None,
    full: bool,
    statuses: tuple[str, ...],
    max_studies: int | None,
    page_size: int,
    report: Path | None,
    quiet: bool,
    **queries: str | None,
) -> None:
    """Pull studies from a ClinicalTrials.gov API v2 endpoint (incremental by last update date).

    Pages are followed with nextPageToken, failed requests are retried with backoff, and the
    request rate stays polite. The first run pulls everything that matches; later runs pull only
    what changed since the last update date the previous run saw.
    """
    from trialbase.ingest.api_source import ApiSource, SyncError

    store = app.store()
    url = (base_url or app.settings.sync_base_url).rstrip("/")
    start: dt.date | None = since.date() if since else None
    if start is None and not full:
        saved = store.get_meta(_resume_key(url))
        start = dt.date.fromisoformat(saved) if saved else None
    params = {f"query.{name.rstrip('_')}": value for name, value in queries.items() if value}
    if statuses:
        params["filter.overallStatus"] = ",".join(statuses)
    source = ApiSource(
        url,
        since=start,
        params=params,
        page_size=page_size,
        max_studies=max_studies,
        requests_per_second=app.settings.sync_requests_per_second,
    )
    click.echo(f"syncing from {url}" + (f", studies updated since {start}" if start else ""))
    progress = Progress("syncing", enabled=not quiet)

    def on_progress(summary: ImportSummary) -> None:
        progress.update(summary.read, source.total, summary.counters())

    update_index = index_updater(app, store)

    def on_batch(ids: list[str]) -> None:
        # Saved after each committed batch: an interrupted sync resumes from here.
        if source.last_update_seen is not None and not max_studies:
            store.set_meta(_resume_key(url), source.last_update_seen.isoformat())
        if update_index is not None:
            update_index(ids)

    try:
        summary = import_records(
            store,
            source.iter_records(),
            duplicates=Duplicates.LATEST,
            on_progress=on_progress,
            on_batch=on_batch,
        )
    except SyncError as error:
        progress.finish()
        raise click.ClickException(
            f"sync stopped: {error} (what was already written stays; run again to resume)"
        ) from None
    progress.finish()
    echo_summary(summary)
    if report is not None:
        write_report(report, summary, {"source": url, "since": start.isoformat() if start else None})
    if summary.rejected:
        raise SystemExit(1)
