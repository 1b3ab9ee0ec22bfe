"""The status against dates, enrollment, sites and study type."""

from __future__ import annotations

from typing import Any

from tests.domain.validation.studies import TODAY, clean_study, findings, paths

STATUS = "protocolSection.statusModule"
ENROLLMENT = "protocolSection.designModule.enrollmentInfo"


def with_status(status: str, **dates: tuple[str, str]) -> dict[str, Any]:
    document = clean_study()
    module = document["protocolSection"]["statusModule"]
    module["overallStatus"] = status
    for key, (date, kind) in dates.items():
        module[f"{key}DateStruct"] = {"date": date, "type": kind}
    return document


def test_completed_needs_actual_completion_dates_and_enrollment() -> None:
    document = with_status(
        "COMPLETED", primaryCompletion=("2024-10", "ACTUAL"), completion=("2024-12", "ESTIMATED")
    )
    [issue] = findings(document, "status-needs-actual-date")
    assert issue.path == f"{STATUS}.completionDateStruct.date"
    assert "completed" in issue.message
    assert "ACTUAL" in issue.message
    assert paths(document, "enrollment-type-status") == [f"{ENROLLMENT}.type"]
    document["protocolSection"]["statusModule"]["completionDateStruct"]["type"] = "ACTUAL"
    document["protocolSection"]["designModule"]["enrollmentInfo"]["type"] = "ACTUAL"
    assert [issue.code for issue in findings(document, "status-needs-actual-date")] == []
    assert findings(document, "enrollment-type-status") == []


def test_active_not_recruiting_needs_an_actual_start() -> None:
    document = with_status("ACTIVE_NOT_RECRUITING", start=("2024-03", "ESTIMATED"))
    assert paths(document, "status-needs-actual-date") == [f"{STATUS}.startDateStruct.date"]
    assert paths(with_status("RECRUITING", start=("2024-03", "ESTIMATED")), "status-needs-actual-date") == []


def test_not_yet_recruiting_with_an_actual_start_is_inconsistent() -> None:
    document = with_status("NOT_YET_RECRUITING", start=("2023-03", "ACTUAL"))
    [issue] = findings(document, "status-contradicts-date")
    assert issue.path == f"{STATUS}.startDateStruct.date"
    assert "not yet recruiting" in issue.message
    assert (
        findings(with_status("NOT_YET_RECRUITING", start=("2025-03", "ESTIMATED")), "status-contradicts-date")
        == []
    )


def test_a_recruiting_study_cannot_have_an_actual_completion_date() -> None:
    document = with_status(
        "RECRUITING", completion=("2024-12", "ACTUAL"), primaryCompletion=("2024-11", "ACTUAL")
    )
    assert paths(document, "status-contradicts-date") == [f"{STATUS}.completionDateStruct.date"]


def test_not_yet_recruiting_with_actual_enrollment_is_inconsistent() -> None:
    document = with_status("NOT_YET_RECRUITING", start=("2025-03", "ESTIMATED"))
    document["protocolSection"]["designModule"]["enrollmentInfo"] = {"count": 12, "type": "ACTUAL"}
    assert paths(document, "enrollment-type-status") == [f"{ENROLLMENT}.type"]


def test_withdrawn_studies_enrolled_nobody_and_say_why() -> None:
    document = with_status("WITHDRAWN")
    assert paths(document, "withdrawn-enrollment") == [f"{ENROLLMENT}.count"]
    assert paths(document, "why-stopped-missing") == [f"{STATUS}.whyStopped"]
    document["protocolSection"]["designModule"]["enrollmentInfo"] = {"count": 0, "type": "ACTUAL"}
    document["protocolSection"]["statusModule"]["whyStopped"] = "Funding withdrawn"
    assert findings(document, "withdrawn-enrollment") == []
    assert findings(document, "why-stopped-missing") == []


def test_a_recruiting_site_makes_the_study_recruiting() -> None:
    document = with_status("ACTIVE_NOT_RECRUITING", start=("2023-03", "ACTUAL"))
    [issue] = findings(document, "site-recruiting-overall-not")
    assert issue.path == "protocolSection.contactsLocationsModule.locations[0].status"
    assert findings(clean_study(), "site-recruiting-overall-not") == []


def test_expanded_access_statuses_belong_to_expanded_access_records() -> None:
    document = with_status("AVAILABLE")
    [issue] = findings(document, "status-for-study-type")
    assert issue.path == f"{STATUS}.overallStatus"
    document["protocolSection"]["designModule"]["studyType"] = "EXPANDED_ACCESS"
    assert findings(document, "status-for-study-type") == []
    document["protocolSection"]["statusModule"]["overallStatus"] = "RECRUITING"
    assert paths(document, "status-for-study-type") == [f"{STATUS}.overallStatus"]


def test_an_open_study_unverified_for_two_years_is_a_warning() -> None:
    document = clean_study()
    document["protocolSection"]["statusModule"]["statusVerifiedDate"] = "2022-12"
    assert paths(document, "record-not-verified") == [f"{STATUS}.statusVerifiedDate"]
    document["protocolSection"]["statusModule"]["statusVerifiedDate"] = "2023-01"
    assert findings(document, "record-not-verified", today=TODAY) == []
