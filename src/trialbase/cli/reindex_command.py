"""``trialbase reindex``: rebuild the search index from the store, and keep it current on imports."""

from __future__ import annotations

from collections.abc import Callable

import click

from trialbase.cli.context import AppContext, pass_app
from trialbase.ingest.progress import Progress
from trialbase.store import Store

# The index modules (and tantivy) are imported where used: every command imports this module.


@click.command(short_help="Rebuild the search index from the store.")
@click.option("--quiet", is_flag=True, help="No progress display.")
@pass_app
def reindex(app: AppContext, quiet: bool) -> None:
    """Rebuild the search index from every study's current version.

    The new index is built beside the one in use (a new generation under DATA_DIR/index) and
    swapped in only when complete, so searches go on meanwhile; older generations are removed
    a few minutes later. Studies stored while it was building are applied right after. Run it
    after upgrading Trialbase or when the index is lost or damaged.
    """
    from trialbase.index.follower import IndexFollower
    from trialbase.index.index_dir import build_index

    store = app.store()
    progress = Progress("indexing", enabled=not quiet)
    info = build_index(
        store,
        app.settings.data_dir,
        progress=lambda done, total: progress.update(done, total or None, {"read": done}),
    )
    progress.update(info.studies, info.studies or None, {"read": info.studies}, force=True)
    progress.finish()
    IndexFollower(store, app.settings.data_dir, build_missing=False).catch_up()
    size = info.size_bytes / 1_000_000
    click.echo(
        f"indexed {info.studies:,} studies in {info.seconds:.1f}s into {info.generation} "
        f"({size:,.1f} MB, change log at {info.applied_seq:,})"
    )


def index_updater(app: AppContext, store: Store) -> Callable[[list[str]], None] | None:
    """An ``on_batch`` hook that applies each written batch to the search index, if there is one.

    Imports call it so searches see new studies at once. Without an index it is None (nothing to
    keep current; ``trialbase reindex`` builds one). An index made by another version is left
    alone with a note: rebuilding it in the middle of an import would be a surprise.
    """
    from trialbase.index.follower import IndexFollower
    from trialbase.index.index_dir import current_generation, index_exists, index_root, read_manifest
    from trialbase.index.schema import SCHEMA_VERSION

    data_dir = app.settings.data_dir
    if not index_exists(data_dir):
        return None
    name = current_generation(data_dir)
    assert name is not None
    if read_manifest(index_root(data_dir) / name).schema_version != SCHEMA_VERSION:
        click.echo("note: the search index is out of date, so not updated: run `trialbase reindex`", err=True)
        return None
    follower = IndexFollower(store, data_dir, build_missing=False)

    def on_batch(_nct_ids: list[str]) -> None:
        follower.catch_up()

    return on_batch
