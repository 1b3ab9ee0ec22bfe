"""What a sponsor types into each module form for a complete interventional study."""

from __future__ import annotations

from typing import Any

IDENTIFICATION = {
    "orgStudyIdInfo.id": "TB-E2E-1",
    "organization.fullName": "Org A Hospital",
    "organization.class": "OTHER",
    "briefTitle": "Aspirin After Heart Attack",
    "officialTitle": "A Randomized Study of Aspirin After Myocardial Infarction",
    "acronym": "ASA-MI",
    "secondaryIdInfos-count": "1",
}
STATUS = {
    "statusVerifiedDate": "2025-12",
    "overallStatus": "RECRUITING",
    "expandedAccessInfo.hasExpandedAccess": "false",
    "startDateStruct.date": "2025-10",
    "startDateStruct.type": "ACTUAL",
    "primaryCompletionDateStruct.date": "2027-12-31",
    "primaryCompletionDateStruct.type": "ESTIMATED",
    "completionDateStruct.date": "2028-06",
    "completionDateStruct.type": "ESTIMATED",
}
SPONSOR = {
    "responsibleParty.type": "SPONSOR",
    "leadSponsor.name": "Org A Hospital",
    "leadSponsor.class": "OTHER",
    "collaborators-count": "1",
}
DESCRIPTION = {"briefSummary": "Tests whether aspirin after a heart attack prevents another one."}
CONDITIONS = {"conditions": "Myocardial Infarction", "keywords": "heart attack\naspirin"}
DESIGN = {
    "studyType": "INTERVENTIONAL",
    "phases": ["PHASE2", "PHASE3"],
    "designInfo.primaryPurpose": "TREATMENT",
    "designInfo.allocation": "RANDOMIZED",
    "designInfo.interventionModel": "PARALLEL",
    "designInfo.maskingInfo.masking": "NONE",
    "enrollmentInfo.count": "120",
    "enrollmentInfo.type": "ESTIMATED",
}
ARMS = {
    "armGroups-count": "2",
    "armGroups-0-label": "Aspirin",
    "armGroups-0-type": "EXPERIMENTAL",
    "armGroups-0-interventionNames": "Drug: Aspirin",
    "armGroups-1-label": "Placebo",
    "armGroups-1-type": "PLACEBO_COMPARATOR",
    "armGroups-1-interventionNames": "Drug: Placebo",
    "interventions-count": "2",
    "interventions-0-type": "DRUG",
    "interventions-0-name": "Aspirin",
    "interventions-0-armGroupLabels": "Aspirin",
    "interventions-1-type": "DRUG",
    "interventions-1-name": "Placebo",
    "interventions-1-armGroupLabels": "Placebo",
}
OUTCOMES = {
    "primaryOutcomes-count": "1",
    "primaryOutcomes-0-measure": "Death or reinfarction",
    "primaryOutcomes-0-timeFrame": "12 months",
    "secondaryOutcomes-count": "0",
    "otherOutcomes-count": "0",
}
ELIGIBILITY = {
    "eligibilityCriteria": "Inclusion Criteria:\n\n* adult\n\nExclusion Criteria:\n\n* bleeding",
    "sex": "ALL",
    "minimumAge": "18 Years",
    "maximumAge": "80 Years",
    "healthyVolunteers": "false",
}
CONTACTS = {
    "centralContacts-count": "1",
    "centralContacts-0-name": "Study Desk",
    "centralContacts-0-role": "CONTACT",
    "centralContacts-0-phone": "+33 4 00 00 00 00",
    "centralContacts-0-email": "desk@example.org",
    "overallOfficials-count": "0",
    "locations-count": "1",
    "locations-0-facility": "Test Hospital",
    "locations-0-status": "RECRUITING",
    "locations-0-city": "Lyon",
    "locations-0-country": "France",
}
COMPLETE_STUDY: dict[str, dict[str, Any]] = {
    "identificationModule": IDENTIFICATION,
    "statusModule": STATUS,
    "sponsorCollaboratorsModule": SPONSOR,
    "descriptionModule": DESCRIPTION,
    "conditionsModule": CONDITIONS,
    "designModule": DESIGN,
    "armsInterventionsModule": ARMS,
    "outcomesModule": OUTCOMES,
    "eligibilityModule": ELIGIBILITY,
    "contactsLocationsModule": CONTACTS,
}
