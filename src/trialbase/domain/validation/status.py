"""The recruitment status against the dates, the enrollment, the sites and the study type.

Follows the status definitions of the protocol registration data element definitions: a study
that has enrolled (active, completed, terminated) has an actual start date; a finished study has
actual completion dates and an actual enrollment; a withdrawn study enrolled nobody; a stopped
study says why; one recruiting site makes the whole study recruiting.
"""

from __future__ import annotations

from collections.abc import Iterator

from trialbase.domain.enums import ExpandedAccessStatus
from trialbase.domain.issue import Issue, Severity
from trialbase.domain.unknown_status import OPEN_STATUSES, stale_after
from trialbase.domain.validation.dates import study_dates
from trialbase.domain.validation.document_view import PROTOCOL, Study, get, integer, text
from trialbase.domain.validation.rule import Rule

FAMILY = "status"
_E, _W = Severity.ERROR, Severity.WARNING

STATUS_NEEDS_ACTUAL_DATE = Rule(
    "status-needs-actual-date",
    _E,
    FAMILY,
    "The status says something has happened that a date still calls ESTIMATED: an active, completed "
    "or terminated study has an ACTUAL start date; a completed or terminated study has ACTUAL "
    "primary completion and completion dates.",
)
STATUS_CONTRADICTS_DATE = Rule(
    "status-contradicts-date",
    _E,
    FAMILY,
    "The status says something has not happened that a date calls ACTUAL: a study not yet "
    "recruiting has no actual start date; an open study has no actual completion date.",
)
ENROLLMENT_TYPE_STATUS = Rule(
    "enrollment-type-status",
    _E,
    FAMILY,
    "The enrollment type does not fit the status: completed and terminated studies report the ACTUAL "
    "enrollment; a study not yet recruiting cannot have enrolled anyone.",
)
WITHDRAWN_ENROLLMENT = Rule(
    "withdrawn-enrollment",
    _E,
    FAMILY,
    "A withdrawn study stopped before enrolling its first participant: its enrollment is ACTUAL 0.",
)
WHY_STOPPED_MISSING = Rule(
    "why-stopped-missing",
    _E,
    FAMILY,
    "A suspended, terminated or withdrawn study says why it stopped (Why Study Stopped).",
)
SITE_RECRUITING = Rule(
    "site-recruiting-overall-not",
    _E,
    FAMILY,
    "A site is recruiting but the overall status is not: if any site recruits, the study is RECRUITING.",
)
STATUS_FOR_STUDY_TYPE = Rule(
    "status-for-study-type",
    _E,
    FAMILY,
    "Expanded access records use the expanded access statuses (AVAILABLE, NO_LONGER_AVAILABLE, "
    "TEMPORARILY_NOT_AVAILABLE, APPROVED_FOR_MARKETING); other studies use the recruitment statuses.",
)
RECORD_NOT_VERIFIED = Rule(
    "record-not-verified",
    _W,
    FAMILY,
    "An open study's record has not been verified for two years; public pages show it as 'Unknown status'.",
)
RULES: tuple[Rule, ...] = (
    STATUS_NEEDS_ACTUAL_DATE,
    STATUS_CONTRADICTS_DATE,
    ENROLLMENT_TYPE_STATUS,
    WITHDRAWN_ENROLLMENT,
    WHY_STOPPED_MISSING,
    SITE_RECRUITING,
    STATUS_FOR_STUDY_TYPE,
    RECORD_NOT_VERIFIED,
)

_EXPANDED_ACCESS_STATUSES = frozenset(status.value for status in ExpandedAccessStatus)
_STARTED = frozenset({"ACTIVE_NOT_RECRUITING", "COMPLETED", "TERMINATED"})
_FINISHED = frozenset({"COMPLETED", "TERMINATED"})
_STOPPED = frozenset({"SUSPENDED", "TERMINATED", "WITHDRAWN"})
_OPEN = frozenset(status.value for status in OPEN_STATUSES)
_STATUS = f"{PROTOCOL}.statusModule.overallStatus"
_ENROLLMENT = f"{PROTOCOL}.designModule.enrollmentInfo"


def _words(status: str) -> str:
    return status.replace("_", " ").lower()


def check(study: Study) -> Iterator[Issue]:
    status = study.overall_status
    if status is None:
        return
    yield from _study_type(study, status)
    yield from _dates(study, status)
    yield from _enrollment(study, status)
    if status in _STOPPED and text(get(study.protocol, "statusModule", "whyStopped")) is None:
        yield WHY_STOPPED_MISSING.issue(
            f"{PROTOCOL}.statusModule.whyStopped",
            f"The study is {_words(status)} but does not say why. Enter Why Study Stopped: a brief "
            f"explanation (at most 250 characters).",
        )
    if status not in ("RECRUITING", "UNKNOWN"):  # UNKNOWN: the site statuses are as stale as the record
        for path, location in study.locations():
            if get(location, "status") == "RECRUITING":
                yield SITE_RECRUITING.issue(
                    f"{path}.status",
                    f"This site is RECRUITING but the overall status is {status}. Set the overall status "
                    f"to RECRUITING, or update the site's status.",
                )
    verified = text(get(study.protocol, "statusModule", "statusVerifiedDate"))
    if status in _OPEN and verified is not None:
        stale = stale_after(verified)
        if stale is not None and study.today >= stale:
            yield RECORD_NOT_VERIFIED.issue(
                f"{PROTOCOL}.statusModule.statusVerifiedDate",
                f"The record was last verified in {verified}, more than two years ago, while the study is "
                f"{_words(status)}; public pages show it as 'Unknown status'. Review the record and set "
                f"the Record Verification Date to this month.",
            )


def _study_type(study: Study, status: str) -> Iterator[Issue]:
    expanded_access = study.study_type == "EXPANDED_ACCESS"
    if study.study_type is None or status in ("WITHHELD", "UNKNOWN"):
        return
    if expanded_access and status not in _EXPANDED_ACCESS_STATUSES:
        yield STATUS_FOR_STUDY_TYPE.issue(
            _STATUS,
            f"{status} is a recruitment status; an expanded access record's status is one of "
            f"{', '.join(sorted(_EXPANDED_ACCESS_STATUSES))}.",
        )
    elif not expanded_access and status in _EXPANDED_ACCESS_STATUSES:
        yield STATUS_FOR_STUDY_TYPE.issue(
            _STATUS,
            f"{status} is an expanded access status; a {_words(study.study_type)} study's status is a "
            f"recruitment status such as RECRUITING or COMPLETED.",
        )


def _dates(study: Study, status: str) -> Iterator[Issue]:
    for field in study_dates(study):
        is_start = field.label == "Study Start Date"
        needs_actual = status in _STARTED if is_start else status in _FINISHED
        if needs_actual and field.actual is False:
            yield STATUS_NEEDS_ACTUAL_DATE.issue(
                field.path,
                f"The study is {_words(status)} but its {field.label} ({field.date}) is ESTIMATED. "
                f"Enter the actual date with type ACTUAL.",
            )
        if field.actual and is_start and status == "NOT_YET_RECRUITING":
            yield STATUS_CONTRADICTS_DATE.issue(
                field.path,
                f"The study is not yet recruiting but its Study Start Date ({field.date}) is ACTUAL, "
                f"which means a first participant has enrolled. Change the status (e.g. to RECRUITING) "
                f"or mark the start date ESTIMATED.",
            )
        if field.actual and field.label == "Study Completion Date" and status in _OPEN:
            yield STATUS_CONTRADICTS_DATE.issue(
                field.path,
                f"The study is {_words(status)} but its Study Completion Date ({field.date}) is ACTUAL. "
                f"Change the status (e.g. to COMPLETED) or mark the completion date ESTIMATED.",
            )


def _enrollment(study: Study, status: str) -> Iterator[Issue]:
    kind = get(study.protocol, "designModule", "enrollmentInfo", "type")
    count = integer(get(study.protocol, "designModule", "enrollmentInfo", "count"))
    if status in _FINISHED and kind == "ESTIMATED":
        yield ENROLLMENT_TYPE_STATUS.issue(
            f"{_ENROLLMENT}.type",
            f"The study is {_words(status)} but its enrollment is ESTIMATED. Enter the number of "
            f"participants actually enrolled, with type ACTUAL.",
        )
    if status == "NOT_YET_RECRUITING" and kind == "ACTUAL" and count:
        yield ENROLLMENT_TYPE_STATUS.issue(
            f"{_ENROLLMENT}.type",
            f"The study is not yet recruiting but reports an ACTUAL enrollment of {count}. Enter the "
            f"target enrollment with type ESTIMATED, or update the status.",
        )
    if status == "WITHDRAWN" and (count not in (None, 0) or kind == "ESTIMATED"):
        yield WITHDRAWN_ENROLLMENT.issue(
            f"{_ENROLLMENT}.count" if count else f"{_ENROLLMENT}.type",
            f"The study is withdrawn, so nobody was enrolled; its enrollment is "
            f"{kind or 'of no type'} {count if count is not None else ''}".rstrip()
            + ". Enter 0 with type ACTUAL.",
        )
