"""``trialbase validate``: the registry's validation rules over study files, for people and scripts."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import orjson

from trialbase.domain.issue import Issue, Severity
from trialbase.domain.validation import by_severity, validate
from trialbase.ingest.record import SourceRecord
from trialbase.ingest.sources import read_paths

EXIT_CLEAN = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2
_WIDTH = {"severity": 7}


@dataclass(frozen=True, slots=True)
class StudyFindings:
    """One record read from the input and what the rules found in it."""

    record: SourceRecord
    findings: list[Issue]

    @property
    def nct_id(self) -> str | None:
        return self.record.nct_id

    def as_dict(self) -> dict[str, Any]:
        return {
            "nctId": self.nct_id,
            "location": self.record.location.as_dict(),
            "readable": self.record.readable,
            "findings": [issue.as_dict() for issue in self.findings],
        }


def _check(record: SourceRecord, today: dt.date) -> StudyFindings:
    """The reader's own findings (an unreadable record, a legacy value it had to map) and the rules'."""
    findings = list(record.issues)
    if record.document is not None:
        findings += validate(record.document, today=today)
    return StudyFindings(record, by_severity(findings))


def _parse_day(context: click.Context, parameter: click.Parameter, value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (expected yyyy-MM-dd)") from None


@click.command(short_help="Check study files against the registry's validation rules.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON (one object with every study) instead of text."
)
@click.option(
    "--today",
    metavar="YYYY-MM-DD",
    callback=_parse_day,
    help="Judge dates as on this day (default: today), e.g. to reproduce a report.",
)
def validate_command(paths: tuple[Path, ...], as_json: bool, today: dt.date) -> None:
    """Validate the studies in PATHS: v2 JSON (one study, an array, an API page or JSON Lines), legacy
    ClinicalTrials.gov XML, or zip, tar and gzip archives or folders of them, as `trialbase import`
    reads them. Nothing is stored.

    Prints each study's findings (severity, rule code, field path and message); an error blocks
    release, a warning and a note do not. `docs/validation.md` lists every rule.

    Exit status: 0 when no finding is an error, 1 when at least one is (or a record could not be
    read), 2 for a usage error.
    """
    results = [_check(record, today) for record in read_paths(list(paths))]
    totals = Counter(issue.severity for result in results for issue in result.findings)
    if as_json:
        summary = {
            "studies": len(results),
            "today": today.isoformat(),
            **{severity.value + "s": totals[severity] for severity in Severity},
        }
        payload = {"summary": summary, "studies": [result.as_dict() for result in results]}
        click.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode())
    else:
        _print_text(results, totals, today)
    if totals[Severity.ERROR]:
        raise SystemExit(EXIT_ERRORS)


def _print_text(results: list[StudyFindings], totals: Counter[Severity], today: dt.date) -> None:
    for result in results:
        if not result.findings:
            continue
        click.echo(f"{result.nct_id or '(no NCT number)'}  {result.record.location}")
        for issue in result.findings:
            color = {"error": "red", "warning": "yellow"}.get(issue.severity.value)
            severity = click.style(issue.severity.value.ljust(_WIDTH["severity"]), fg=color)
            click.echo(f"  {severity}  {issue.code}  {issue.path or '(whole record)'}")
            click.echo(f"  {' ' * _WIDTH['severity']}  {issue.message}")
        click.echo()
    flagged = sum(1 for result in results if result.findings)
    counts = ", ".join(_count(totals[severity], severity.value) for severity in Severity)
    click.echo(
        f"{_count(len(results), 'study', 'studies')} checked (as of {today.isoformat()}), "
        f"{flagged} with findings: {counts}"
    )


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"
