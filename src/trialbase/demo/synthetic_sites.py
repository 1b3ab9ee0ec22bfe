"""Sites, contacts and officials of a synthetic study.

Like real records: recruiting studies list central contacts and per-site statuses and contacts;
completed studies list their sites without statuses; withdrawn studies list no sites. Most studies
have one site, some up to thirty, spread over several countries for larger industry trials.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from trialbase.demo.synthetic_design import Design
from trialbase.demo.synthetic_parties import (
    Sponsor,
    email_domain,
    phone_number,
    pick_person,
)
from trialbase.demo.synthetic_places import COUNTRIES, City, facility_name, pick_cities, pick_country
from trialbase.domain.enums import (
    AgencyClass,
    ContactRole,
    OfficialRole,
    Phase,
    RecruitmentStatus,
    Status,
    StudyType,
)

_WITH_CONTACTS = frozenset(
    {
        Status.RECRUITING,
        Status.NOT_YET_RECRUITING,
        Status.ENROLLING_BY_INVITATION,
        Status.AVAILABLE,
        Status.UNKNOWN,
    }
)
_SITE_STATUSES = {
    RecruitmentStatus.RECRUITING: 80,
    RecruitmentStatus.NOT_YET_RECRUITING: 12,
    RecruitmentStatus.ACTIVE_NOT_RECRUITING: 4,
    RecruitmentStatus.COMPLETED: 2,
    RecruitmentStatus.WITHDRAWN: 2,
}
_PHONE_CODES = {name: phone for _, name, phone, _ in COUNTRIES}


@dataclass(slots=True)
class SitePlan:
    cities: list[City] = field(default_factory=list)
    email_domain: str = "example.org"
    sponsor_phone: str = "+1 555-0100"

    @property
    def countries(self) -> list[str]:
        """The country of each site (repeats kept: it weights the region of enrollment)."""
        return [city.country for city in self.cities]


def _site_count(rng: random.Random, design: Design, status: Status, sponsor: Sponsor) -> int:
    if status is Status.WITHDRAWN:
        return 0
    if design.study_type is StudyType.EXPANDED_ACCESS:
        return rng.choice((0, 1, 1, 2))
    large = sponsor.agency_class is AgencyClass.INDUSTRY and design.phases[-1:] == [Phase.PHASE3]
    weights = (10, 20, 35, 35) if large else (45, 25, 18, 12)
    low, high = rng.choices(((1, 1), (2, 5), (6, 15), (16, 30)), weights)[0]
    count = rng.randint(low, high)
    return min(count, 8) if status is Status.NOT_YET_RECRUITING else count


def plan_sites(rng: random.Random, design: Design, status: Status, sponsor: Sponsor) -> SitePlan:
    home = pick_country(rng)
    count = _site_count(rng, design, status, sponsor)
    multinational = sponsor.agency_class is AgencyClass.INDUSTRY and count > 5
    cities = pick_cities(rng, count, home=home, multinational=multinational) if count else []
    phone_code = _PHONE_CODES[cities[0].country] if cities else "1"
    return SitePlan(cities, email_domain(sponsor), phone_number(rng, phone_code))


def _contact(rng: random.Random, plan: SitePlan, phone_code: str, *, degree: bool = False) -> dict[str, Any]:
    person = pick_person(rng)
    contact: dict[str, Any] = {
        "name": person.name_with_degree if degree else person.name,
        "role": ContactRole.CONTACT,
        "phone": phone_number(rng, phone_code),
    }
    if rng.random() < 0.1:
        contact["phoneExt"] = str(rng.randint(100, 9999))
    contact["email"] = person.email(plan.email_domain)
    return contact


def contacts_locations_module(
    rng: random.Random, plan: SitePlan, status: Status, sponsor: Sponsor
) -> dict[str, Any]:
    module: dict[str, Any] = {}
    home_code = _PHONE_CODES[plan.cities[0].country] if plan.cities else "1"
    if status in _WITH_CONTACTS:
        module["centralContacts"] = [_contact(rng, plan, home_code) for _ in range(rng.choice((1, 1, 2)))]
    if rng.random() < 0.85:
        person = pick_person(rng)
        industry = sponsor.agency_class is AgencyClass.INDUSTRY
        module["overallOfficials"] = [
            {
                "name": person.name_with_degree,
                "affiliation": sponsor.name,
                "role": OfficialRole.STUDY_DIRECTOR if industry else OfficialRole.PRINCIPAL_INVESTIGATOR,
            }
        ]
    with_status = status in (Status.RECRUITING, Status.UNKNOWN)
    locations = []
    for city in plan.cities:
        location: dict[str, Any] = {"facility": facility_name(rng, city)}
        site_status = None
        if with_status:
            site_status = rng.choices(list(_SITE_STATUSES), list(_SITE_STATUSES.values()))[0]
            location["status"] = site_status
        location["city"] = city.name
        if city.state:
            location["state"] = city.state
        location["country"] = city.country
        recruiting = site_status in (RecruitmentStatus.RECRUITING, RecruitmentStatus.NOT_YET_RECRUITING)
        if recruiting and rng.random() < 0.6:
            contacts = [_contact(rng, plan, _PHONE_CODES[city.country], degree=True)]
            if rng.random() < 0.5:
                investigator = pick_person(rng)
                contacts.append(
                    {"name": investigator.name_with_degree, "role": ContactRole.PRINCIPAL_INVESTIGATOR}
                )
            location["contacts"] = contacts
        location["geoPoint"] = {"lat": city.lat, "lon": city.lon}
        locations.append(location)
    if locations:
        module["locations"] = locations
    return module
