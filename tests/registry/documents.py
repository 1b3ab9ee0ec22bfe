"""Study documents a sponsor would register: complete enough to release, or with known errors."""

from __future__ import annotations

import copy
from typing import Any

from tests.factories import full_study
from trialbase.registry.record_document import sponsor_part


def registrable_study(title: str = "Aspirin After Heart Attack (registration test)") -> dict[str, Any]:
    """A sponsor's document with no validation errors (as of the test clock's 2026), registry
    fields removed."""
    document, _ = sponsor_part(full_study())
    protocol = document["protocolSection"]
    protocol["identificationModule"]["briefTitle"] = title
    status = protocol["statusModule"]
    status["statusVerifiedDate"] = "2025-12"
    status["primaryCompletionDateStruct"] = {"date": "2027-12-31", "type": "ESTIMATED"}
    status["completionDateStruct"] = {"date": "2028-06", "type": "ESTIMATED"}
    protocol["designModule"]["designInfo"]["maskingInfo"] = {"masking": "NONE"}
    protocol["contactsLocationsModule"]["centralContacts"] = [
        {"name": "Study Desk", "role": "CONTACT", "phone": "+33 4 00 00 00 00", "email": "desk@example.org"}
    ]
    return document


def with_error(document: dict[str, Any]) -> dict[str, Any]:
    """The document without its overall status: an error that blocks release."""
    broken = copy.deepcopy(document)
    del broken["protocolSection"]["statusModule"]["overallStatus"]
    return broken
