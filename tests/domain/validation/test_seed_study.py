"""The seed study NCT04822922 and its known data-quality defects."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any

from trialbase.domain.validation import validate

CENTRAL = "protocolSection.contactsLocationsModule.centralContacts[0]"


def seed() -> dict[str, Any]:
    text = resources.files("trialbase.demo").joinpath("seed_NCT04822922.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def test_the_seed_study_findings() -> None:
    issues = validate(seed(), today=dt.date(2026, 1, 15))
    found = {(issue.code, issue.path) for issue in issues}
    assert ("email-format", f"{CENTRAL}.email") in found
    assert ("contact-contradicts-site", f"{CENTRAL}.email") in found
    # The telephone numbers differ only in punctuation: not a contradiction.
    assert ("contact-contradicts-site", f"{CENTRAL}.phone") not in found
    # Not yet recruiting, with estimated dates from 2021-2024 and a record verified in July 2021.
    assert ("record-not-verified", "protocolSection.statusModule.statusVerifiedDate") in found
    assert ("estimated-date-passed", "protocolSection.statusModule.startDateStruct.date") in found
    [bad_email] = [issue for issue in issues if issue.code == "email-format"]
    assert bad_email.message.startswith("'haili_17@126.cpm' is not a deliverable e-mail address")
    assert "did you mean .com?" in bad_email.message
    assert [issue.code for issue in issues if issue.severity.value == "error"] == ["email-format"]
