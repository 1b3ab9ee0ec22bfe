"""``trialbase demo``: the project's own demo data (the seed study and synthetic studies)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import click

from trialbase.cli.context import AppContext, pass_app
from trialbase.cli.import_report import echo_summary
from trialbase.cli.reindex_command import index_updater
from trialbase.ingest.pipeline import Duplicates, ImportSummary, import_records
from trialbase.ingest.progress import Progress
from trialbase.ingest.record import RecordLocation, SourceRecord


@click.group()
def demo() -> None:
    """Demo data made by the project itself (never real patient-facing records)."""


@demo.command()
@click.option(
    "--synthetic",
    "count",
    type=click.IntRange(0, 1_000_000),
    default=500,
    show_default=True,
    help="How many synthetic studies to generate.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (same seed, same studies).")
@click.option(
    "--updates",
    type=click.FloatRange(0, 1),
    default=0.1,
    show_default=True,
    help="Share of synthetic studies that get a second and third version.",
)
@pass_app
def load(app: AppContext, count: int, seed: int, updates: float) -> None:
    """Load the seed study NCT04822922 and COUNT synthetic studies, some with several versions.

    Synthetic studies are marked everywhere they appear: NCT99xxxxxx ids, "[Synthetic]" titles,
    "(synthetic)" sponsors. Loading again with the same options changes nothing.
    """
    store = app.store()
    progress = Progress("loading demo data")

    def on_progress(summary: ImportSummary) -> None:
        progress.update(summary.read, None, summary.counters())

    total = ImportSummary()
    on_batch = index_updater(app, store)
    for records in (_seed_records(), _synthetic_records(count, seed), _update_records(count, seed, updates)):
        summary = import_records(
            store,
            records,
            batch_size=app.settings.import_batch_size,
            duplicates=Duplicates.LATEST,
            on_progress=on_progress,
            on_batch=on_batch,
        )
        total.add(summary)
    progress.finish()
    echo_summary(total)
    if total.rejected:
        raise SystemExit(1)


def _seed_records() -> Iterator[SourceRecord]:
    from trialbase.demo import load_seed_study

    yield _record(load_seed_study(), "seed", 0, synthetic=False, provenance_format="seed")


def _synthetic_records(count: int, seed: int) -> Iterator[SourceRecord]:
    from trialbase.demo.synthetic import generate_studies

    for index, document in enumerate(generate_studies(count, seed=seed)):
        yield _record(document, "synthetic", index, synthetic=True)


def _update_records(count: int, seed: int, share: float) -> Iterator[SourceRecord]:
    """Later versions for a share of the synthetic studies (v2, and v3 for every other one)."""
    from trialbase.demo.synthetic import generate_studies, generate_update

    every = max(1, round(1 / share)) if share > 0 else 0
    if not every:
        return
    for index, document in enumerate(generate_studies(count, seed=seed)):
        if index % every:
            continue
        second = generate_update(document, seed=seed + index)
        yield _record(second, "synthetic-update", index, synthetic=True)
        if index % (2 * every) == 0:
            yield _record(
                generate_update(second, seed=seed + index + 1), "synthetic-update", index, synthetic=True
            )


def _record(
    document: dict[str, Any],
    source: str,
    index: int,
    *,
    synthetic: bool,
    provenance_format: str = "synthetic",
) -> SourceRecord:
    provenance: dict[str, Any] = {"format": provenance_format}
    if synthetic:
        provenance["synthetic"] = True
    nct_id = document["protocolSection"]["identificationModule"]["nctId"]
    return SourceRecord(RecordLocation(f"<demo {source}>", record=index), document, nct_id, (), provenance)
