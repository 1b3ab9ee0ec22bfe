"""``trialbase settings``: every setting, its environment variable, default and current value."""

from __future__ import annotations

import os

import click

from trialbase.settings import SETTINGS, settings_markdown


@click.command("settings")
@click.option("--markdown", is_flag=True, help="Print the table for docs/settings.md.")
def settings_command(markdown: bool) -> None:
    """Show every setting, its environment variable, default and current value."""
    if markdown:
        click.echo(settings_markdown(), nl=False)
        return
    for setting in SETTINGS:
        value = os.environ.get(setting.env)
        shown = f"{value!r} (from the environment)" if value is not None else f"{setting.default!r} (default)"
        click.echo(f"{setting.env} = {shown}\n    {setting.help}")
