"""Date order, actual dates not in the future, estimated dates gone by."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.domain.validation.studies import TODAY, clean_study, findings, paths

STATUS = "protocolSection.statusModule"


def dated(start: str, primary: str, completion: str, kind: str = "ESTIMATED") -> dict[str, Any]:
    document = clean_study()
    module = document["protocolSection"]["statusModule"]
    module["startDateStruct"] = {"date": start, "type": "ACTUAL"}
    module["primaryCompletionDateStruct"] = {"date": primary, "type": kind}
    module["completionDateStruct"] = {"date": completion, "type": kind}
    return document


def test_a_primary_completion_before_the_start_is_an_error() -> None:
    [issue] = findings(dated("2024-06-01", "2024-05-31", "2026-01"), "date-order")
    assert issue.path == f"{STATUS}.primaryCompletionDateStruct.date"
    assert "(2024-05-31) is before the Study Start Date (2024-06-01)" in issue.message


def test_a_completion_before_the_primary_completion_is_an_error() -> None:
    assert paths(dated("2024-06", "2026-03", "2026-02"), "date-order") == [
        f"{STATUS}.completionDateStruct.date"
    ]


def test_partial_dates_are_compared_by_the_days_they_cover() -> None:
    assert findings(dated("2024-06-15", "2024-06", "2024"), "date-order") == []
    assert findings(dated("2024-06", "2026-06", "2026-06-30"), "date-order") == []


def test_an_actual_date_after_today_is_an_error_and_the_day_itself_is_not() -> None:
    document = dated("2024-06", "2025-01-16", "2026-01", kind="ACTUAL")
    document["protocolSection"]["statusModule"]["overallStatus"] = "COMPLETED"
    document["protocolSection"]["designModule"]["enrollmentInfo"]["type"] = "ACTUAL"
    document["protocolSection"]["statusModule"]["completionDateStruct"]["date"] = "2025-01"
    [issue] = findings(document, "actual-date-in-future")
    assert issue.path == f"{STATUS}.primaryCompletionDateStruct.date"
    assert "after today (2025-01-15)" in issue.message
    assert findings(document, "actual-date-in-future", today=dt.date(2025, 1, 16)) == []


def test_a_verification_date_in_the_future_is_an_error() -> None:
    document = clean_study()
    document["protocolSection"]["statusModule"]["statusVerifiedDate"] = "2025-02"
    assert paths(document, "date-in-future") == [f"{STATUS}.statusVerifiedDate"]
    assert paths(document, "date-in-future", today=dt.date(2025, 2, 1)) == []


def test_an_estimated_date_gone_by_is_a_warning_unless_the_study_has_ended() -> None:
    document = dated("2023-03", "2024-12-31", "2026-06")
    [issue] = findings(document, "estimated-date-passed")
    assert issue.path == f"{STATUS}.primaryCompletionDateStruct.date"
    assert issue.severity.value == "warning"
    document["protocolSection"]["statusModule"]["overallStatus"] = "WITHDRAWN"
    assert findings(document, "estimated-date-passed") == []


def test_the_clock_is_a_parameter() -> None:
    document = clean_study()
    assert findings(document, "estimated-date-passed", today=TODAY) == []
    assert paths(document, "estimated-date-passed", today=dt.date(2026, 7, 1)) == [
        f"{STATUS}.primaryCompletionDateStruct.date",
        f"{STATUS}.completionDateStruct.date",
    ]
