"""The import pipeline: check each record, write the good ones in batches, report the rest.

Every import path — files, the API sync, the demo loader — goes through ``import_records``:

* a record that cannot be read, or whose document fails validation, is rejected with every issue,
  its location (file, archive member, line or record) and NCT id; the run goes on;
* the valid records are written in batches, each batch one transaction (it lands whole or not at
  all); identical documents are no-ops, changed ones become new versions;
* so an interrupted import can simply be run again: what landed is unchanged the second time.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from trialbase.domain.issue import Issue, Severity
from trialbase.domain.study_document import validate_document
from trialbase.ingest.record import RecordLocation, SourceRecord
from trialbase.store import PreparedStudy, Store, prepare_study

MAX_ISSUES_PER_RECORD = 50


class Duplicates(enum.Enum):
    """What to do with a second record for an NCT id already seen in the same run."""

    REJECT = "reject"  # files: two different records for one study is a mistake in the input
    LATEST = "latest"  # the API sync: a study updated while paging shows up again, newer


@dataclass(frozen=True, slots=True)
class Rejection:
    location: RecordLocation
    nct_id: str | None
    issues: tuple[Issue, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "location": self.location.as_dict(),
            "where": str(self.location),
            "nctId": self.nct_id,
            "issues": [issue.as_dict() for issue in self.issues],
        }


@dataclass
class ImportSummary:
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    older: int = 0
    partial_kept: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    warnings: int = 0

    def counters(self) -> dict[str, int]:
        counts = {
            "read": self.read,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }
        if self.older:
            counts["older than stored"] = self.older
        if self.partial_kept:
            counts["partial, complete record kept"] = self.partial_kept
        return counts

    def add(self, other: ImportSummary) -> None:
        for name in ("read", "new", "updated", "unchanged", "older", "partial_kept", "rejected", "warnings"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.rejections.extend(other.rejections)

    def as_dict(self) -> dict[str, Any]:
        counts = {
            "read": self.read,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "olderThanStored": self.older,
            "partialNotApplied": self.partial_kept,
            "rejected": self.rejected,
        }
        return {**counts, "rejections": [rejection.as_dict() for rejection in self.rejections]}


ProgressCallback = Callable[[ImportSummary], None]


def import_records(
    store: Store,
    records: Iterable[SourceRecord],
    *,
    batch_size: int = 500,
    duplicates: Duplicates = Duplicates.REJECT,
    on_progress: ProgressCallback | None = None,
    on_batch: Callable[[list[str]], None] | None = None,
) -> ImportSummary:
    """Import every record; return the counts and what was rejected and why."""
    summary = ImportSummary()
    batch: dict[str, PreparedStudy] = {}
    seen: dict[str, RecordLocation] = {}

    def flush() -> None:
        if not batch:
            return
        for outcome in store.write_batch(list(batch.values())):
            if outcome.kind == "new":
                summary.new += 1
            elif outcome.kind == "updated":
                summary.updated += 1
            elif outcome.kind == "older":
                summary.older += 1
            elif outcome.kind == "partial":
                summary.partial_kept += 1
            else:
                summary.unchanged += 1
        if on_batch is not None:
            on_batch(list(batch))
        batch.clear()

    for record in records:
        summary.read += 1
        prepared = _check(record, summary, seen, duplicates)
        if prepared is not None:
            if prepared.nct_id in batch:  # Duplicates.LATEST within one batch: keep the newer
                flush()
            batch[prepared.nct_id] = prepared
            if len(batch) >= batch_size:
                flush()
        if on_progress is not None:
            on_progress(summary)
    flush()
    if on_progress is not None:
        on_progress(summary)
    return summary


def _check(
    record: SourceRecord,
    summary: ImportSummary,
    seen: dict[str, RecordLocation],
    duplicates: Duplicates,
) -> PreparedStudy | None:
    issues = list(record.issues)
    if record.document is not None and not any(issue.severity is Severity.ERROR for issue in issues):
        issues.extend(validate_document(record.document))
    if any(issue.severity is Severity.ERROR for issue in issues) or record.document is None:
        _reject(summary, record.location, record.nct_id, issues)
        return None
    summary.warnings += sum(1 for issue in issues if issue.severity is Severity.WARNING)
    nct_id = record.document["protocolSection"]["identificationModule"]["nctId"]
    earlier = seen.get(nct_id)
    if earlier is not None and duplicates is Duplicates.REJECT:
        message = f"{nct_id} appears more than once in this import; its first record is at {earlier}"
        _reject(
            summary,
            record.location,
            nct_id,
            [Issue("protocolSection.identificationModule.nctId", "duplicate-nct-id", message)],
        )
        return None
    seen.setdefault(nct_id, record.location)
    return prepare_study(record.document, record.provenance)


def _reject(
    summary: ImportSummary, location: RecordLocation, nct_id: str | None, issues: list[Issue]
) -> None:
    summary.rejected += 1
    if not issues:
        issues = [Issue("", "unreadable", "the record could not be read")]
    summary.rejections.append(Rejection(location, nct_id, tuple(issues[:MAX_ISSUES_PER_RECORD])))
