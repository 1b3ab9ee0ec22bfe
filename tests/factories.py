"""Study documents made for tests: minimal-valid and maximal-valid, with overrides.

Everything here is made up by the project (no real records are copied into the repository).
"""

from __future__ import annotations

import copy
from typing import Any


def minimal_study(nct_id: str = "NCT90000001", **status: Any) -> dict[str, Any]:
    """The smallest document the store accepts: an identification and a status."""
    return {
        "protocolSection": {
            "identificationModule": {"nctId": nct_id, "briefTitle": f"Test study {nct_id}"},
            "statusModule": {"overallStatus": "RECRUITING", **status},
        },
        "hasResults": False,
    }


def full_study(nct_id: str = "NCT90000002", *, last_update: str = "2024-05-02") -> dict[str, Any]:
    """A document touching every section, with partial dates and ages."""
    return {
        "protocolSection": {
            "identificationModule": {
                "nctId": nct_id,
                "nctIdAliases": ["NCT90009999"],
                "orgStudyIdInfo": {"id": "TB-TEST-1"},
                "organization": {"fullName": "Trialbase Test Hospital", "class": "OTHER"},
                "briefTitle": "Aspirin After Heart Attack (test fixture)",
                "officialTitle": "A Test Fixture Study of Aspirin After Myocardial Infarction",
                "acronym": "TEST-ASA",
            },
            "statusModule": {
                "statusVerifiedDate": "2024-05",
                "overallStatus": "RECRUITING",
                "expandedAccessInfo": {"hasExpandedAccess": False},
                "startDateStruct": {"date": "2023-03", "type": "ACTUAL"},
                "primaryCompletionDateStruct": {"date": "2025-12-31", "type": "ESTIMATED"},
                "completionDateStruct": {"date": "2026-06", "type": "ESTIMATED"},
                "studyFirstSubmitDate": "2023-01-10",
                "studyFirstSubmitQcDate": "2023-01-10",
                "studyFirstPostDateStruct": {"date": "2023-01-12", "type": "ACTUAL"},
                "lastUpdateSubmitDate": last_update,
                "lastUpdatePostDateStruct": {"date": last_update, "type": "ACTUAL"},
            },
            "sponsorCollaboratorsModule": {
                "responsibleParty": {"type": "SPONSOR"},
                "leadSponsor": {"name": "Trialbase Test Hospital", "class": "OTHER"},
            },
            "descriptionModule": {"briefSummary": "Tests whether <b>aspirin</b> & friends help."},
            "conditionsModule": {"conditions": ["Myocardial Infarction"], "keywords": ["heart attack"]},
            "designModule": {
                "studyType": "INTERVENTIONAL",
                "phases": ["PHASE2", "PHASE3"],
                "designInfo": {
                    "allocation": "RANDOMIZED",
                    "interventionModel": "PARALLEL",
                    "primaryPurpose": "TREATMENT",
                },
                "enrollmentInfo": {"count": 120, "type": "ESTIMATED"},
            },
            "armsInterventionsModule": {
                "armGroups": [
                    {"label": "Aspirin", "type": "EXPERIMENTAL", "interventionNames": ["Drug: Aspirin"]},
                    {
                        "label": "Placebo",
                        "type": "PLACEBO_COMPARATOR",
                        "interventionNames": ["Drug: Placebo"],
                    },
                ],
                "interventions": [
                    {"type": "DRUG", "name": "Aspirin", "armGroupLabels": ["Aspirin"]},
                    {"type": "DRUG", "name": "Placebo", "armGroupLabels": ["Placebo"]},
                ],
            },
            "outcomesModule": {
                "primaryOutcomes": [{"measure": "Death or reinfarction", "timeFrame": "12 months"}],
            },
            "eligibilityModule": {
                "eligibilityCriteria": "Inclusion Criteria:\n\n* adult\n\nExclusion Criteria:\n\n* bleeding",
                "healthyVolunteers": False,
                "sex": "ALL",
                "minimumAge": "18 Years",
                "maximumAge": "80 Years",
                "stdAges": ["ADULT", "OLDER_ADULT"],
            },
            "contactsLocationsModule": {
                "locations": [
                    {
                        "facility": "Test Hospital",
                        "status": "RECRUITING",
                        "city": "Lyon",
                        "country": "France",
                        "geoPoint": {"lat": 45.74846, "lon": 4.84671},
                    }
                ]
            },
        },
        "derivedSection": {
            "miscInfoModule": {"versionHolder": "2024-05-03"},
            "conditionBrowseModule": {"meshes": [{"id": "D009203", "term": "Myocardial Infarction"}]},
        },
        "hasResults": False,
    }


def changed(document: dict[str, Any], *, last_update: str, status: str = "COMPLETED") -> dict[str, Any]:
    """The next version of a document: new status and a later last-update date."""
    updated = copy.deepcopy(document)
    module = updated["protocolSection"]["statusModule"]
    module["overallStatus"] = status
    module["lastUpdatePostDateStruct"] = {"date": last_update, "type": "ACTUAL"}
    return updated
