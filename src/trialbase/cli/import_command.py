"""``trialbase import``: load studies from files, folders and archives into the store."""

from __future__ import annotations

from pathlib import Path

import click

from trialbase.cli.context import AppContext, pass_app
from trialbase.cli.import_report import echo_summary, write_report
from trialbase.cli.reindex_command import index_updater
from trialbase.ingest.pipeline import ImportSummary, import_records
from trialbase.ingest.progress import Progress
from trialbase.ingest.sources import ReadProgress, read_paths


@click.command("import", short_help="Import studies from files, folders and archives.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--report", type=click.Path(path_type=Path, dir_okay=False), help="Write a JSON report of the run."
)
@click.option("--batch-size", type=click.IntRange(1, 10_000), help="Studies per transaction (default 500).")
@click.option("--quiet", is_flag=True, help="No progress display.")
@pass_app
def import_command(
    app: AppContext, paths: tuple[Path, ...], report: Path | None, batch_size: int | None, quiet: bool
) -> None:
    """Import studies from PATHS: v2 JSON (a study, an array, API pages, JSON Lines, gzip, the
    website's zip of NCT*.json), legacy ClinicalTrials.gov XML (files, AllPublicXML folders, zip
    or tar archives) and folders of AACT tables.

    Valid records land even when others are rejected; the command then exits with status 1 and
    lists what was rejected, where and why. Running the same import again is safe.
    """
    store = app.store()
    reading = ReadProgress()
    progress = Progress("importing", enabled=not quiet)

    def on_progress(summary: ImportSummary) -> None:
        progress.update(reading.done_bytes, reading.total_bytes or None, summary.counters())

    summary = import_records(
        store,
        read_paths(list(paths), reading),
        batch_size=batch_size or app.settings.import_batch_size,
        on_progress=on_progress,
        on_batch=index_updater(app, store),
    )
    progress.update(reading.done_bytes, reading.total_bytes or None, summary.counters(), force=True)
    progress.finish()
    echo_summary(summary, skipped=reading.skipped)
    if report is not None:
        write_report(report, summary, {"inputs": [str(path) for path in paths], "skipped": reading.skipped})
        click.echo(f"report written to {report}")
    if summary.rejected:
        raise SystemExit(1)
