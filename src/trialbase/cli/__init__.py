"""The ``trialbase`` command line."""

from __future__ import annotations

import click

from trialbase import __version__
from trialbase.cli.context import AppContext
from trialbase.cli.db_command import db
from trialbase.cli.demo_command import demo
from trialbase.cli.import_command import import_command
from trialbase.cli.reindex_command import reindex
from trialbase.cli.search_command import search
from trialbase.cli.serve_command import serve
from trialbase.cli.settings_command import settings_command
from trialbase.cli.study_commands import history, show
from trialbase.cli.sync_command import sync
from trialbase.cli.users_command import users
from trialbase.cli.validate_command import validate_command
from trialbase.cli.vocab_command import vocab


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="trialbase")
@click.pass_context
def cli(context: click.Context) -> None:
    """Trialbase: an open clinical-trial registry.

    Settings come from environment variables (see `trialbase settings`); the default store is an
    SQLite file in ./var.
    """
    context.obj = AppContext()


cli.add_command(import_command)
cli.add_command(sync)
cli.add_command(db)
cli.add_command(demo)
cli.add_command(serve)
cli.add_command(show)
cli.add_command(history)
cli.add_command(settings_command)
cli.add_command(reindex)
cli.add_command(vocab)
cli.add_command(search)
cli.add_command(users)
cli.add_command(validate_command, name="validate")


def main() -> None:
    cli(prog_name="trialbase")
