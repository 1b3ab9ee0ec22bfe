"""``trialbase vocab``: the MeSH vocabulary that search expands queries with."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import click

from trialbase.cli.context import AppContext, pass_app
from trialbase.ingest.mesh import VocabularyFileError, read_vocabulary
from trialbase.ingest.progress import Progress
from trialbase.search.concepts import Concept, ConceptIndex, DescriptorRef
from trialbase.store.vocabulary_store import (
    InvalidDescriptorId,
    VocabularyInfo,
    VocabularyStore,
    descriptor_id,
)


@click.group()
def vocab() -> None:
    """The MeSH vocabulary: synonyms and broader and narrower terms for search."""


@vocab.command("import", short_help="Load a MeSH vocabulary, replacing the one loaded.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--starter", is_flag=True, help="Include Trialbase's small starter vocabulary of everyday names."
)
@click.option(
    "--if-empty", is_flag=True, help="Do nothing if a vocabulary is already loaded (for `make run`)."
)
@click.option("--quiet", is_flag=True, help="No progress display.")
@pass_app
def import_vocabulary(
    app: AppContext, paths: tuple[Path, ...], starter: bool, if_empty: bool, quiet: bool
) -> None:
    """Load the MeSH vocabulary from PATHS, replacing the one loaded (all or nothing).

    Reads NLM's descriptor file desc20XX.xml (gzip or not), JSON descriptors
    ([{"id", "name", "synonyms"}]), a CSV of descriptor ids and names, and "name;tree number"
    lines (mtrees20XX.bin), which place the other files' descriptors in the tree by name. Several
    files combine into one vocabulary. --starter adds a few dozen everyday names ("heart attack",
    "COPD"), enough to try synonym search without the NLM files.

    A file with problems is reported (file, record or line, what is wrong) and nothing changes.
    """
    if not paths and not starter:
        raise click.UsageError("give the vocabulary files to import, or --starter")
    vocabularies = VocabularyStore(app.store())
    loaded = vocabularies.info() if if_empty else None
    if loaded is not None:
        click.echo(f"{_describe(loaded)}\nleft as it is (--if-empty)")
        return
    started = time.monotonic()
    reading = Progress("reading vocabulary", enabled=not quiet)
    try:
        vocabulary = read_vocabulary(
            list(paths),
            starter=starter,
            progress=lambda done, total, count: reading.update(done, total or None, {"descriptors": count}),
        )
    except VocabularyFileError as error:
        reading.finish()
        raise click.ClickException(
            f"nothing imported, the loaded vocabulary is unchanged:\n{error}"
        ) from None
    reading.finish()
    for summary in vocabulary.sources:
        click.echo(summary.describe())
    if vocabularies.version() == vocabulary.version:
        click.echo(f"vocabulary {vocabulary.version} is already loaded; nothing to do")
        return
    writing = Progress("storing vocabulary", enabled=not quiet)
    try:
        info = vocabularies.replace(
            vocabulary.descriptors,
            source=vocabulary.source,
            version=vocabulary.version,
            progress=lambda done, total: writing.update(done, total, {"rows": done}),
        )
    except ValueError as error:
        writing.finish()
        raise click.ClickException(f"nothing imported, the loaded vocabulary is unchanged: {error}") from None
    writing.finish()
    click.echo(
        f"vocabulary {info.version} imported: {info.descriptor_count:,} descriptors, "
        f"{info.term_count:,} terms, {info.tree_number_count:,} tree numbers "
        f"in {time.monotonic() - started:.1f}s"
    )


@vocab.command(short_help="Show the descriptor a term names, its synonyms, broader and narrower terms.")
@click.argument("term")
@click.option(
    "--limit",
    type=click.IntRange(0),
    default=20,
    show_default=True,
    help="Longest list to print (synonyms, broader, narrower); 0 prints everything.",
)
@pass_app
def show(app: AppContext, term: str, limit: int) -> None:
    """Show which descriptor TERM names (a term or a descriptor id such as D009203), with its
    synonyms, broader descriptors (nearest first) and every narrower descriptor."""
    store = app.store()
    index = ConceptIndex.load(store)
    if index.is_empty:
        raise click.ClickException(
            "no vocabulary is loaded: import one with `trialbase vocab import` (or `--starter`)"
        )
    concepts = _named(index, term)
    if not concepts:
        raise click.ClickException(f"no descriptor is named {term!r} in vocabulary {index.version}")
    for number, concept in enumerate(concepts):
        if number:
            click.echo()
        click.echo(f"{concept.preferred_name}  {concept.descriptor_id}")
        if concept.via == "synonym":
            click.echo(f"  {term!r} is its synonym {concept.matched_text!r}")
        trees = index.tree_numbers(concept.descriptor_id)
        click.echo(f"  tree numbers: {', '.join(trees) if trees else '(none)'}")
        _echo_list("synonyms", index.synonyms(concept.descriptor_id), limit)
        _echo_list("broader, nearest first", _refs(index.ancestors(concept.descriptor_id)), limit)
        _echo_list("narrower", _refs(index.narrower(concept.descriptor_id)), limit)
    info = VocabularyStore(store).info()
    if info is not None:
        click.echo(f"\n{_describe(info)}")


@vocab.command()
@pass_app
def info(app: AppContext) -> None:
    """Print which vocabulary is loaded: version, source files, size and when."""
    loaded = VocabularyStore(app.store()).info()
    if loaded is None:
        click.echo("no vocabulary is loaded: import one with `trialbase vocab import` (or `--starter`)")
        return
    click.echo(_describe(loaded))


def _named(index: ConceptIndex, term: str) -> list[Concept]:
    try:
        found = index.descriptor(descriptor_id(term))
    except InvalidDescriptorId:
        return index.lookup(term)
    return [] if found is None else [Concept(found.id, found.name, found.name, "preferred")]


def _refs(refs: Sequence[DescriptorRef]) -> list[str]:
    return [f"{ref.name}  {ref.id}" for ref in refs]


def _echo_list(title: str, items: Sequence[str], limit: int) -> None:
    click.echo(f"  {title} ({len(items):,}){':' if items else ''}")
    shown = items if limit == 0 else items[:limit]
    for item in shown:
        click.echo(f"    {item}")
    if len(shown) < len(items):
        click.echo(f"    ... and {len(items) - len(shown):,} more (--limit 0 shows all)")


def _describe(info: VocabularyInfo) -> str:
    return (
        f"vocabulary {info.version} from {info.source}: {info.descriptor_count:,} descriptors, "
        f"{info.term_count:,} terms, {info.tree_number_count:,} tree numbers; "
        f"imported {info.imported_at:%Y-%m-%d %H:%M} UTC"
    )
