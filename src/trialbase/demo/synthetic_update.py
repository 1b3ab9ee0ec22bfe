"""The next version of a synthetic study, so the demo has studies with a history.

The sponsor submits an update one to seven months after the last one: a study that had not
started starts recruiting; a recruiting one closes enrolment (actual enrolment replaces the
estimate) or completes; an active one completes; a suspended one resumes; an unknown-status one is
brought up to date; an expanded-access programme ends. Studies still recruiting gain a site.
``statusVerifiedDate``, ``lastUpdateSubmitDate``, ``lastUpdatePostDateStruct`` and the version
date move forward; the document stays valid and in real-document field order.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import orjson

from trialbase.demo.synthetic_places import COUNTRIES, facility_name, pick_cities, pick_country
from trialbase.domain.document_order import in_document_order
from trialbase.domain.enums import Status
from trialbase.domain.partial_date import PartialDate

_CODES_BY_COUNTRY = {name: code for code, name, _, _ in COUNTRIES}


def generate_update(document: dict[str, Any], *, seed: int) -> dict[str, Any]:
    """A plausible next version of ``document`` (which is left unchanged)."""
    study: dict[str, Any] = orjson.loads(orjson.dumps(document))
    protocol = study["protocolSection"]
    status_module = protocol["statusModule"]
    rng = random.Random(f"trialbase-demo-update:{seed}:{protocol['identificationModule']['nctId']}")
    last_post = dt.date.fromisoformat(status_module["lastUpdatePostDateStruct"]["date"])
    submitted = last_post + dt.timedelta(days=rng.randint(20, 200))

    status = Status(status_module["overallStatus"])
    if status is Status.NOT_YET_RECRUITING:
        _start(status_module, submitted - dt.timedelta(days=rng.randint(1, 15)))
        _set_status(protocol, Status.RECRUITING)
    elif status is Status.SUSPENDED:
        _set_status(protocol, Status.RECRUITING)
    elif status in (Status.RECRUITING, Status.ENROLLING_BY_INVITATION):
        finished = status is Status.RECRUITING and rng.random() < 0.35
        _close_enrolment(rng, protocol)
        if finished:
            submitted = _complete(rng, status_module, submitted)
        _set_status(protocol, Status.COMPLETED if finished else Status.ACTIVE_NOT_RECRUITING)
    elif status in (Status.ACTIVE_NOT_RECRUITING, Status.UNKNOWN):
        _close_enrolment(rng, protocol)
        submitted = _complete(rng, status_module, submitted)
        _set_status(protocol, Status.COMPLETED)
    elif status is Status.AVAILABLE:
        _set_status(protocol, rng.choice((Status.NO_LONGER_AVAILABLE, Status.APPROVED_FOR_MARKETING)))
    elif status is Status.TEMPORARILY_NOT_AVAILABLE:
        _set_status(protocol, Status.AVAILABLE)
    else:
        _share_data(protocol)
    if protocol["statusModule"]["overallStatus"] == Status.RECRUITING:
        _add_site(rng, protocol)

    posted = submitted + dt.timedelta(days=rng.randint(1, 3))
    status_module = protocol["statusModule"]
    status_module["statusVerifiedDate"] = submitted.strftime("%Y-%m")
    status_module["lastUpdateSubmitDate"] = submitted.isoformat()
    status_module["lastUpdatePostDateStruct"] = {"date": posted.isoformat(), "type": "ACTUAL"}
    study.setdefault("derivedSection", {}).setdefault("miscInfoModule", {})["versionHolder"] = (
        posted.isoformat()
    )
    return in_document_order(study)


def _like(template: str, value: dt.date) -> str:
    """``value`` with the precision of ``template`` (a month or a day)."""
    return value.strftime("%Y-%m" if len(template) == 7 else "%Y-%m-%d")


def _start(status_module: dict[str, Any], day: dt.date) -> None:
    struct = status_module.get("startDateStruct")
    if struct:
        status_module["startDateStruct"] = {"date": _like(struct["date"], day), "type": "ACTUAL"}


def _set_status(protocol: dict[str, Any], status: Status) -> None:
    module = protocol["statusModule"]
    module["overallStatus"] = status.value
    module.pop("lastKnownStatus", None)
    module.pop("whyStopped", None)
    sites = protocol.get("contactsLocationsModule", {})
    if status is Status.RECRUITING:
        for location in sites.get("locations", []):
            location["status"] = "RECRUITING"
    elif status in (Status.ACTIVE_NOT_RECRUITING, Status.COMPLETED, Status.NO_LONGER_AVAILABLE):
        sites.pop("centralContacts", None)
        for location in sites.get("locations", []):
            location.pop("status", None)
            location.pop("contacts", None)


def _close_enrolment(rng: random.Random, protocol: dict[str, Any]) -> None:
    info = protocol.get("designModule", {}).get("enrollmentInfo")
    if info and info.get("type") != "ACTUAL":
        info["count"] = max(1, round(info.get("count", 10) * rng.uniform(0.7, 1.15)))
        info["type"] = "ACTUAL"


def _complete(rng: random.Random, status_module: dict[str, Any], submitted: dt.date) -> dt.date:
    """Mark primary completion and completion as happened; returns the (possibly later) submit day."""
    started = status_module.get("startDateStruct", {}).get("date")
    earliest = PartialDate.parse(started).latest() if started else submitted - dt.timedelta(days=365)
    completion = max(submitted - dt.timedelta(days=rng.randint(10, 90)), earliest)
    primary = max(completion - dt.timedelta(days=rng.randint(0, 60)), earliest)
    for key, day in (("primaryCompletionDateStruct", primary), ("completionDateStruct", completion)):
        template = status_module.get(key, {}).get("date", "0000-00-00")
        status_module[key] = {"date": _like(template, day), "type": "ACTUAL"}
    return max(submitted, completion + dt.timedelta(days=7))


def _share_data(protocol: dict[str, Any]) -> None:
    protocol["ipdSharingStatementModule"] = {
        "ipdSharing": "YES",
        "description": "De-identified individual participant data behind the published results.",
        "infoTypes": ["STUDY_PROTOCOL", "SAP"],
        "timeFrame": "From 6 months after publication, for 5 years.",
        "accessCriteria": "Researchers with an approved proposal, under a data use agreement.",
    }


def _add_site(rng: random.Random, protocol: dict[str, Any]) -> None:
    sites = protocol.setdefault("contactsLocationsModule", {})
    locations = sites.setdefault("locations", [])
    country = locations[0].get("country") if locations else None
    home = _CODES_BY_COUNTRY.get(country or "") or pick_country(rng)
    taken = {(site.get("facility"), site.get("city")) for site in locations}
    for _ in range(5):
        city = pick_cities(rng, 1, home=home, multinational=False)[0]
        facility = facility_name(rng, city)
        if (facility, city.name) not in taken:
            break
    location: dict[str, Any] = {"facility": facility, "status": "RECRUITING", "city": city.name}
    if city.state:
        location["state"] = city.state
    location["country"] = city.country
    location["geoPoint"] = {"lat": city.lat, "lon": city.lon}
    locations.append(location)
