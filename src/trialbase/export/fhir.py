"""A study as a FHIR R4 ``ResearchStudy`` resource (``format=fhir.json``).

The mapping, field by field (v2 piece -> R4 element):

- ``NCTId`` -> ``id`` and the official ``identifier`` (system ``https://clinicaltrials.gov``);
  ``NCTIdAlias`` -> ``old`` identifiers; ``OrgStudyId`` and ``SecondaryId`` -> ``secondary``
  identifiers with their type as text and their issuer as ``assigner``;
- ``OfficialTitle`` (else ``BriefTitle``) -> ``title``; ``BriefSummary`` and
  ``DetailedDescription`` -> ``description`` (markdown, as the v2 document holds it);
- ``OverallStatus`` -> ``status`` (table ``STATUS``; ``UNKNOWN`` maps through ``LastKnownStatus``)
  and a ``note`` with the registry's own words, which the R4 codes cannot all say;
- ``Phase`` -> ``phase`` (research-study-phase: ``[PHASE1, PHASE2]`` is ``phase-1-phase-2``);
- ``DesignPrimaryPurpose`` -> ``primaryPurposeType``; ``StudyType`` -> ``category`` (text);
- ``InterventionName`` -> ``focus``; ``Condition`` -> ``condition`` with the MeSH coding of the
  same term from ``ConditionMeshTerm``, further MeSH terms as coded conditions of their own
  (codes are MeSH descriptor UIs: the registry's zero padding is undone, see ``mesh_ui``);
- ``Keyword`` -> ``keyword``; ``LocationCountry`` -> ``location`` (ISO 3166 codes);
- ``CentralContact`` -> ``contact``; ``Reference``/``SeeAlsoLink`` -> ``relatedArtifact``;
- ``EnrollmentCount`` -> a contained ``Group`` (``actual`` when the count is actual);
- ``StartDate``/``CompletionDate`` -> ``period`` (partial dates keep their precision);
- ``LeadSponsorName`` -> a contained ``Organization``; the principal investigator (an overall
  official with that role, else the responsible party investigator) -> a contained
  ``Practitioner``; each site -> a contained ``Location`` in ``site``;
- ``WhyStopped`` -> ``reasonStopped`` (text); ``ArmGroup`` -> ``arm``; outcomes -> ``objective``
  (primary, secondary, other -> exploratory).

Empty values are left out everywhere (FHIR forbids empty strings, arrays and objects).
"""

from __future__ import annotations

import enum
from typing import Any

from trialbase.domain import enums
from trialbase.domain.legacy_values import legacy_value
from trialbase.ingest.geocode import country_code

NCT_SYSTEM = "https://clinicaltrials.gov"
MESH_SYSTEM = "https://www.nlm.nih.gov/mesh"
LAST_SIX_DIGIT_UI = 66331  # MeSH's last six-digit descriptor UI, D066331
ISO_3166 = "urn:iso:std:iso:3166"
PHASE_SYSTEM = "http://terminology.hl7.org/CodeSystem/research-study-phase"
PURPOSE_SYSTEM = "http://terminology.hl7.org/CodeSystem/research-study-prim-purp-type"
OBJECTIVE_SYSTEM = "http://terminology.hl7.org/CodeSystem/research-study-objective-type"

# v2 overallStatus -> R4 ResearchStudy.status.
STATUS = {
    "NOT_YET_RECRUITING": "approved",
    "RECRUITING": "active",
    "ENROLLING_BY_INVITATION": "active",
    "ACTIVE_NOT_RECRUITING": "closed-to-accrual",
    "SUSPENDED": "temporarily-closed-to-accrual",
    "TERMINATED": "administratively-completed",
    "COMPLETED": "completed",
    "WITHDRAWN": "withdrawn",
    "AVAILABLE": "active",
    "NO_LONGER_AVAILABLE": "closed-to-accrual",
    "TEMPORARILY_NOT_AVAILABLE": "temporarily-closed-to-accrual",
    "APPROVED_FOR_MARKETING": "completed",
    "WITHHELD": "in-review",
}
# When neither the status nor the last known status says more.
UNKNOWN_STATUS = "active"
PHASES = {
    ("NA",): ("n-a", "N/A"),
    ("EARLY_PHASE1",): ("early-phase-1", "Early Phase 1"),
    ("PHASE1",): ("phase-1", "Phase 1"),
    ("PHASE1", "PHASE2"): ("phase-1-phase-2", "Phase 1/Phase 2"),
    ("PHASE2",): ("phase-2", "Phase 2"),
    ("PHASE2", "PHASE3"): ("phase-2-phase-3", "Phase 2/Phase 3"),
    ("PHASE3",): ("phase-3", "Phase 3"),
    ("PHASE4",): ("phase-4", "Phase 4"),
}
PURPOSES = {
    "TREATMENT": "treatment",
    "PREVENTION": "prevention",
    "DIAGNOSTIC": "diagnostic",
    "SUPPORTIVE_CARE": "supportive-care",
    "SCREENING": "screening",
    "HEALTH_SERVICES_RESEARCH": "health-services-research",
    "BASIC_SCIENCE": "basic-science",
    "DEVICE_FEASIBILITY": "device-feasibility",
}
OBJECTIVES = (
    ("primaryOutcomes", "primary"),
    ("secondaryOutcomes", "secondary"),
    ("otherOutcomes", "exploratory"),
)


def fhir_research_study(document: dict[str, Any]) -> dict[str, Any]:
    """The FHIR R4 ResearchStudy for a v2 study document (which must have its NCT id)."""
    protocol = document.get("protocolSection") or {}
    ident = protocol.get("identificationModule") or {}
    status = protocol.get("statusModule") or {}
    sponsors = protocol.get("sponsorCollaboratorsModule") or {}
    design = protocol.get("designModule") or {}
    contacts = protocol.get("contactsLocationsModule") or {}
    nct_id = ident.get("nctId")
    if not nct_id:
        raise ValueError("the document has no protocolSection.identificationModule.nctId")

    contained: list[dict[str, Any]] = []
    study: dict[str, Any] = {"resourceType": "ResearchStudy", "id": nct_id}
    study["identifier"] = _identifiers(ident)
    study["title"] = next((title for title in _titles(ident) if title.strip()), None)
    study["status"] = _status(status)
    study["primaryPurposeType"] = _purpose((design.get("designInfo") or {}).get("primaryPurpose"))
    study["phase"] = _phase(design.get("phases") or [])
    study["category"] = [_text(_label(enums.StudyType, design.get("studyType")))]
    study["focus"] = [
        _text(_intervention(item)) for item in _list(protocol, "armsInterventionsModule", "interventions")
    ]
    study["condition"] = _conditions(protocol, document.get("derivedSection") or {})
    study["contact"] = [_contact(item) for item in contacts.get("centralContacts") or []]
    study["relatedArtifact"] = _artifacts(protocol.get("referencesModule") or {})
    study["keyword"] = [_text(word) for word in _list(protocol, "conditionsModule", "keywords")]
    study["location"] = _countries(contacts.get("locations") or [])
    study["description"] = _description(protocol.get("descriptionModule") or {})
    study["enrollment"] = [_enrollment(design.get("enrollmentInfo") or {}, contained)]
    study["period"] = _period(status)
    study["sponsor"] = _sponsor(sponsors.get("leadSponsor") or {}, contained)
    study["principalInvestigator"] = _investigator(
        contacts, sponsors.get("responsibleParty") or {}, contained
    )
    study["site"] = [
        _site(number, site, contained) for number, site in enumerate(contacts.get("locations") or [], 1)
    ]
    study["reasonStopped"] = _text(status.get("whyStopped"))
    study["note"] = [{"text": _status_note(status)}]
    study["arm"] = [_arm(group) for group in _list(protocol, "armsInterventionsModule", "armGroups")]
    study["objective"] = _objectives(protocol.get("outcomesModule") or {})
    if contained:
        study = {"resourceType": "ResearchStudy", "id": nct_id, "contained": contained, **study}
    resource: dict[str, Any] = _pruned(study)
    return resource


def _list(protocol: dict[str, Any], module: str, key: str) -> list[Any]:
    return list((protocol.get(module) or {}).get(key) or [])


def _label(enum_cls: type[enum.StrEnum], value: Any) -> str | None:
    """The registry's words for an enum value (``Interventional``), or the value if unknown."""
    if value is None:
        return None
    try:
        return legacy_value(enum_cls(value))
    except ValueError:
        return str(value)


def _titles(ident: dict[str, Any]) -> list[str]:
    return [str(ident[key]) for key in ("officialTitle", "briefTitle") if ident.get(key)]


def _text(value: str | None) -> dict[str, Any] | None:
    return {"text": value} if value else None


def _identifiers(ident: dict[str, Any]) -> list[dict[str, Any]]:
    identifiers = [{"use": "official", "system": NCT_SYSTEM, "value": ident["nctId"]}]
    identifiers += [
        {"use": "old", "system": NCT_SYSTEM, "value": alias}
        for alias in ident.get("nctIdAliases") or []
        if alias != ident["nctId"]
    ]
    org_id = (ident.get("orgStudyIdInfo") or {}).get("id")
    if org_id:
        organization = (ident.get("organization") or {}).get("fullName")
        identifiers.append(
            {
                "use": "secondary",
                "type": {"text": "Organization's unique protocol ID"},
                "value": org_id,
                "assigner": {"display": organization},
            }
        )
    for secondary in ident.get("secondaryIdInfos") or []:
        identifiers.append(
            {
                "use": "secondary",
                "type": _text(_label(enums.SecondaryIdType, secondary.get("type"))),
                "value": secondary.get("id"),
                "assigner": {"display": secondary.get("domain")},
            }
        )
    return identifiers


def _status(status: dict[str, Any]) -> str:
    overall = status.get("overallStatus")
    if overall == "UNKNOWN" or overall not in STATUS:
        return STATUS.get(status.get("lastKnownStatus") or "", UNKNOWN_STATUS)
    return STATUS[overall]


def _status_note(status: dict[str, Any]) -> str | None:
    overall = status.get("overallStatus")
    if overall is None:
        return None
    words = f"Overall status on the registry: {_label(enums.Status, overall)}"
    if status.get("lastKnownStatus"):
        words += f" (last known status: {_label(enums.Status, status['lastKnownStatus'])})"
    return words


def _purpose(value: str | None) -> dict[str, Any] | None:
    if value is None:
        return None
    words = _label(enums.PrimaryPurpose, value)
    code = PURPOSES.get(value)
    if code is None:
        return _text(words)
    return {"coding": [{"system": PURPOSE_SYSTEM, "code": code, "display": words}], "text": words}


def _phase(phases: list[str]) -> dict[str, Any] | None:
    found = PHASES.get(tuple(phases))
    if found is None:
        return _text("/".join(_label(enums.Phase, phase) or "" for phase in phases)) if phases else None
    code, display = found
    return {"coding": [{"system": PHASE_SYSTEM, "code": code, "display": display}], "text": display}


def _intervention(item: dict[str, Any]) -> str | None:
    name = item.get("name")
    kind = _label(enums.InterventionType, item.get("type"))
    return f"{kind}: {name}" if kind and name else name


def mesh_ui(registry_id: str) -> str:
    """The MeSH descriptor UI behind a registry MeSH id.

    ClinicalTrials.gov pads every id to nine digits (``D000065290``); MeSH itself gave six-digit
    UIs up to D066331 and nine-digit ones from D000066388 on, so a padded id at or below the last
    six-digit UI is that UI (``D065290``) and anything else is kept as it is.
    """
    digits = registry_id[1:]
    if registry_id[:1] == "D" and len(digits) == 9 and digits.isdigit() and int(digits) <= LAST_SIX_DIGIT_UI:
        return f"D{int(digits):06d}"
    return registry_id


def _mesh_coding(mesh: dict[str, Any]) -> dict[str, Any]:
    return {"system": MESH_SYSTEM, "code": mesh_ui(str(mesh["id"])), "display": mesh.get("term")}


def _conditions(protocol: dict[str, Any], derived: dict[str, Any]) -> list[dict[str, Any]]:
    meshes = [
        mesh for mesh in (derived.get("conditionBrowseModule") or {}).get("meshes") or [] if mesh.get("id")
    ]
    by_term = {(mesh.get("term") or "").casefold(): mesh for mesh in meshes}
    used: set[str] = set()
    concepts = []
    for condition in _list(protocol, "conditionsModule", "conditions"):
        mesh = by_term.get(condition.casefold())
        if mesh is None:
            concepts.append({"text": condition})
        else:
            used.add(mesh["id"])
            concepts.append({"coding": [_mesh_coding(mesh)], "text": condition})
    for mesh in meshes:
        if mesh["id"] not in used:
            used.add(mesh["id"])
            concepts.append({"coding": [_mesh_coding(mesh)], "text": mesh.get("term")})
    return concepts


def _contact(item: dict[str, Any]) -> dict[str, Any]:
    telecom = [
        {"system": "phone", "value": item.get("phone")},
        {"system": "email", "value": item.get("email")},
    ]
    return {"name": item.get("name"), "telecom": [point for point in telecom if point["value"]]}


def _artifacts(references: dict[str, Any]) -> list[dict[str, Any]]:
    artifacts = []
    for reference in references.get("references") or []:
        pmid = reference.get("pmid")
        artifacts.append(
            {
                "type": "citation",
                "citation": reference.get("citation"),
                "url": f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else None,
            }
        )
    for link in references.get("seeAlsoLinks") or []:
        artifacts.append({"type": "documentation", "label": link.get("label"), "url": link.get("url")})
    return [artifact for artifact in artifacts if artifact.get("citation") or artifact.get("url")]


def _countries(locations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    concepts = []
    for name in dict.fromkeys(str(site["country"]) for site in locations if site.get("country")):
        code = country_code(name)
        coding = [{"system": ISO_3166, "code": code, "display": name}] if code else None
        concepts.append({"coding": coding, "text": name})
    return concepts


def _period(status: dict[str, Any]) -> dict[str, Any]:
    """Start and completion; an end before the start (a registry error) is left out, as R4 forbids it."""
    start = (status.get("startDateStruct") or {}).get("date")
    end = (status.get("completionDateStruct") or {}).get("date")
    if start and end:
        common = min(len(start), len(end))
        if end[:common] < start[:common]:
            end = None
    return {"start": start, "end": end}


def _description(module: dict[str, Any]) -> str | None:
    parts = [module.get("briefSummary"), module.get("detailedDescription")]
    return "\n\n".join(part for part in parts if part) or None


def _enrollment(info: dict[str, Any], contained: list[dict[str, Any]]) -> dict[str, Any] | None:
    count = info.get("count")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        return None
    kind = info.get("type")
    contained.append(
        {
            "resourceType": "Group",
            "id": "enrollment",
            "type": "person",
            "actual": kind == "ACTUAL",
            "quantity": count,
            "name": f"Enrollment ({_label(enums.EnrollmentType, kind)})" if kind else "Enrollment",
        }
    )
    return {"reference": "#enrollment", "display": f"{count} participants"}


def _sponsor(lead: dict[str, Any], contained: list[dict[str, Any]]) -> dict[str, Any] | None:
    name = lead.get("name")
    if not name:
        return None
    contained.append({"resourceType": "Organization", "id": "sponsor", "name": name})
    return {"reference": "#sponsor", "display": name}


def _investigator(
    contacts: dict[str, Any], party: dict[str, Any], contained: list[dict[str, Any]]
) -> dict[str, Any] | None:
    officials = [
        item
        for item in contacts.get("overallOfficials") or []
        if item.get("role") == "PRINCIPAL_INVESTIGATOR"
    ]
    name = officials[0].get("name") if officials else None
    if not name and party.get("type") in ("PRINCIPAL_INVESTIGATOR", "SPONSOR_INVESTIGATOR"):
        name = party.get("investigatorFullName")
    if not name:
        return None
    contained.append(
        {"resourceType": "Practitioner", "id": "principal-investigator", "name": [{"text": name}]}
    )
    return {"reference": "#principal-investigator", "display": name}


def _site(number: int, site: dict[str, Any], contained: list[dict[str, Any]]) -> dict[str, Any]:
    point = site.get("geoPoint") or {}
    position = None
    if point.get("lat") is not None and point.get("lon") is not None:
        position = {"longitude": point["lon"], "latitude": point["lat"]}
    code = country_code(site["country"]) if site.get("country") else None
    address = {
        "city": site.get("city"),
        "state": site.get("state"),
        "postalCode": site.get("zip"),
        "country": code or site.get("country"),
    }
    location_id = f"site-{number}"
    contained.append(
        {
            "resourceType": "Location",
            "id": location_id,
            "name": site.get("facility"),
            "address": address,
            "position": position,
        }
    )
    display = ", ".join(
        part for part in (site.get("facility"), site.get("city"), site.get("country")) if part
    )
    return {"reference": f"#{location_id}", "display": display}


def _arm(group: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": group.get("label") or "(unnamed arm)",
        "type": _text(_label(enums.ArmGroupType, group.get("type"))),
        "description": group.get("description"),
    }


def _objectives(outcomes: dict[str, Any]) -> list[dict[str, Any]]:
    objectives = []
    for key, code in OBJECTIVES:
        for outcome in outcomes.get(key) or []:
            objectives.append(
                {
                    "name": outcome.get("measure"),
                    "type": {
                        "coding": [{"system": OBJECTIVE_SYSTEM, "code": code}],
                        "text": code.capitalize(),
                    },
                }
            )
    return objectives


def _pruned(value: Any) -> Any:
    """``value`` without None, blank strings, and the objects and arrays left empty by that."""
    if isinstance(value, dict):
        kept = {key: _pruned(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if not _empty(item)}
    if isinstance(value, list):
        items = [_pruned(item) for item in value]
        return [item for item in items if not _empty(item)]
    return value


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, dict | list) and not value
