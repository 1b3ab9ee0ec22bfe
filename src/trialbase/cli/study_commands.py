"""``trialbase show`` and ``trialbase history``: read studies from the store."""

from __future__ import annotations

import click
import orjson

from trialbase.cli.context import AppContext, pass_app
from trialbase.domain.nct_id import InvalidNctId, parse_nct_id


def _nct_id(text: str) -> str:
    try:
        return parse_nct_id(text)
    except InvalidNctId as error:
        raise click.BadParameter(str(error)) from None


@click.command()
@click.argument("nct_id")
@click.option("--version", "version", type=int, help="A version number (default: the current one).")
@pass_app
def show(app: AppContext, nct_id: str, version: int | None) -> None:
    """Print a study's v2 JSON document."""
    store = app.store()
    wanted = _nct_id(nct_id)
    stored = store.current(wanted) if version is None else store.version(wanted, version)
    if stored is None:
        alias = store.resolve_alias(wanted)
        hint = f" (it is an alias of {alias})" if alias else ""
        raise click.ClickException(
            f"{wanted}{' version ' + str(version) if version else ''} is not in the store{hint}"
        )
    click.echo(orjson.dumps(stored.document, option=orjson.OPT_INDENT_2).decode())


@click.command()
@click.argument("nct_id")
@pass_app
def history(app: AppContext, nct_id: str) -> None:
    """List the stored versions of a study."""
    wanted = _nct_id(nct_id)
    versions = app.store().history(wanted)
    if not versions:
        raise click.ClickException(f"{wanted} is not in the store")
    for item in versions:
        click.echo(
            f"version {item.version}  last update posted {item.last_update_post_date or '-'}"
            f"  recorded {item.recorded_at:%Y-%m-%d %H:%M:%S} UTC"
        )
