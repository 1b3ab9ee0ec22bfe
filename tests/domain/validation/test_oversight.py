"""FDA-regulated product questions for trials with U.S. sites."""

from __future__ import annotations

from typing import Any

from tests.domain.validation.studies import clean_study, findings, paths

OVERSIGHT = "protocolSection.oversightModule"


def us_trial() -> dict[str, Any]:
    document = clean_study()
    document["protocolSection"]["contactsLocationsModule"]["locations"].append(
        {"facility": "Test Center", "status": "RECRUITING", "city": "Boston", "country": "United States",
         "contacts": [{"name": "C", "phone": "+1 617 555 0100"}]}
    )  # fmt: skip
    return document


def test_a_trial_with_us_sites_answers_both_fda_questions() -> None:
    document = us_trial()
    issues = findings(document, "fda-regulated-missing")
    assert [issue.path for issue in issues] == [
        f"{OVERSIGHT}.isFdaRegulatedDrug",
        f"{OVERSIGHT}.isFdaRegulatedDevice",
    ]
    assert "United States" in issues[0].message
    document["protocolSection"]["oversightModule"] = {
        "isFdaRegulatedDrug": True,
        "isFdaRegulatedDevice": False,
    }
    assert findings(document, "fda-regulated-missing") == []


def test_no_us_site_or_an_old_or_observational_study_is_not_asked() -> None:
    assert findings(clean_study(), "fda-regulated-missing") == []
    old = us_trial()
    old["protocolSection"]["statusModule"]["startDateStruct"] = {"date": "2015-01", "type": "ACTUAL"}
    assert findings(old, "fda-regulated-missing") == []
    observational = us_trial()
    observational["protocolSection"]["designModule"]["studyType"] = "OBSERVATIONAL"
    assert findings(observational, "fda-regulated-missing") == []


def test_a_regulated_device_without_a_device_intervention_is_a_warning() -> None:
    document = us_trial()
    document["protocolSection"]["oversightModule"] = {
        "isFdaRegulatedDrug": True,
        "isFdaRegulatedDevice": True,
    }
    assert paths(document, "fda-product-without-intervention") == [f"{OVERSIGHT}.isFdaRegulatedDevice"]
