"""Study documents for the validation tests: the factories' full study made clean, and helpers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.factories import full_study
from trialbase.domain.issue import Issue
from trialbase.domain.validation import validate

TODAY = dt.date(2025, 1, 15)


def clean_study(nct_id: str = "NCT90000002") -> dict[str, Any]:
    """``full_study()`` with the few fields it lacks for a release (masking, a central contact)."""
    document = full_study(nct_id)
    protocol = document["protocolSection"]
    protocol["designModule"]["designInfo"]["maskingInfo"] = {"masking": "DOUBLE"}
    protocol["contactsLocationsModule"]["centralContacts"] = [
        {
            "name": "Ada Example, MD",
            "role": "CONTACT",
            "phone": "+33 4 72 00 00 00",
            "email": "ada@example.org",
        }
    ]
    return document


def findings(document: Any, code: str, *, today: dt.date = TODAY) -> list[Issue]:
    return [issue for issue in validate(document, today=today) if issue.code == code]


def paths(document: Any, code: str, *, today: dt.date = TODAY) -> list[str]:
    return [issue.path for issue in findings(document, code, today=today)]
