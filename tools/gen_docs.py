"""Write the generated reference docs: docs/cli.md (from the commands' help) and docs/settings.md.

python -m tools.gen_docs          # rewrite them
python -m tools.gen_docs --check  # fail if they are out of date (what the tests do)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import click

from tools.validation_docs import validation_markdown
from trialbase.cli import cli
from trialbase.settings import settings_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _commands(
    group: click.Group, prefix: str, context: click.Context
) -> list[tuple[str, click.Command, click.Context]]:
    found = []
    for name in sorted(group.list_commands(context)):
        command = group.get_command(context, name)
        assert command is not None
        sub_context = click.Context(command, info_name=name, parent=context)
        found.append((f"{prefix} {name}", command, sub_context))
        if isinstance(command, click.Group):
            found.extend(_commands(command, f"{prefix} {name}", sub_context))
    return found


def cli_markdown() -> str:
    settings = {key: value for key, value in cli.context_settings.items() if key != "max_content_width"}
    root = click.Context(cli, info_name="trialbase", terminal_width=100, max_content_width=100, **settings)
    parts = [
        "# Command-line reference",
        "",
        "Generated from the commands' own help (`make docs`); a test keeps it current.",
        "",
        "```text",
        cli.get_help(root),
        "```",
    ]
    for name, command, context in _commands(cli, "trialbase", root):
        context.terminal_width = 100
        context.max_content_width = 100
        parts += ["", f"## `{name}`", "", "```text", command.get_help(context), "```"]
    return "\n".join(parts) + "\n"


def generated() -> dict[Path, str]:
    return {
        DOCS / "cli.md": cli_markdown(),
        DOCS / "settings.md": settings_markdown(),
        DOCS / "validation.md": validation_markdown(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="only check that the files are current")
    args = parser.parse_args()
    stale = []
    for path, text in generated().items():
        if path.exists() and path.read_text() == text:
            continue
        if args.check:
            stale.append(str(path))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            print(f"wrote {path}")
    if stale:
        print("out of date (run `make docs`): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
