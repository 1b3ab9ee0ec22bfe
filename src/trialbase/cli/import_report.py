"""Telling people how an import went: the running progress, the summary and the rejections."""

from __future__ import annotations

from pathlib import Path

import click
import orjson

from trialbase.ingest.pipeline import ImportSummary

SHOWN_REJECTIONS = 20


def echo_summary(summary: ImportSummary, *, skipped: list[str] | None = None) -> None:
    counts = summary.counters()
    click.echo("  ".join(f"{name} {value:,}" for name, value in counts.items()))
    for rejection in summary.rejections[:SHOWN_REJECTIONS]:
        who = f" {rejection.nct_id}" if rejection.nct_id else ""
        click.echo(f"rejected {rejection.location}{who}:", err=True)
        for issue in rejection.issues:
            click.echo(f"  {issue}", err=True)
    hidden = len(summary.rejections) - SHOWN_REJECTIONS
    if hidden > 0:
        click.echo(f"... and {hidden:,} more rejected records (write them all with --report FILE)", err=True)
    if skipped:
        click.echo(f"skipped {len(skipped):,} file(s) that are not study files, e.g. {skipped[0]}", err=True)


def write_report(path: Path, summary: ImportSummary, extra: dict[str, object] | None = None) -> None:
    """A machine-readable account of the run: the counts and every rejected record with its issues."""
    report = {**(extra or {}), **summary.as_dict()}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
