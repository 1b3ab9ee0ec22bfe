"""Central contacts, overall officials and sites (with approximate coordinates) of a ``<clinical_study>``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

from trialbase.domain.enums import ContactRole, OfficialRole, RecruitmentStatus
from trialbase.domain.model.protocol import Contact, ContactsLocationsModule, GeoPoint, Location, Official
from trialbase.ingest.legacy_xml.record_reader import ROOT, RecordReader, child_path

Geocoder = Callable[[str, str | None, str | None], tuple[float, float] | None]
"""``(city, state, country) -> (lat, lon)`` or ``None``; ``trialbase.ingest.geocode.geocode`` by default."""


def contacts_locations_module(
    root: ET.Element, r: RecordReader, geocoder: Geocoder | None
) -> tuple[ContactsLocationsModule | None, list[int]]:
    """The module, and the indexes of the locations whose ``geoPoint`` was geocoded from the city."""
    central = [
        contact
        for tag in ("overall_contact", "overall_contact_backup")
        if (contact := _contact(root.find(tag), ContactRole.CONTACT, r)) is not None
    ]
    officials = [
        _official(element, child_path(ROOT, "overall_official", index), r)
        for index, element in enumerate(root.iterfind("overall_official"), start=1)
    ]
    locations: list[Location] = []
    approximate: list[int] = []
    for index, element in enumerate(root.iterfind("location")):
        location = _location(element, child_path(ROOT, "location", index + 1), r, geocoder)
        if location.geoPoint is not None:
            approximate.append(index)
        locations.append(location)
    if not central and not officials and not locations:
        return None, approximate
    module = ContactsLocationsModule(
        centralContacts=central or None, overallOfficials=officials or None, locations=locations or None
    )
    return module, approximate


def person_name(element: ET.Element) -> str | None:
    """``First Middle Last, Degrees``; the XML mostly puts the whole name in ``<last_name>``."""
    parts = [RecordReader.text(element, tag) for tag in ("first_name", "middle_name", "last_name")]
    name = " ".join(part for part in parts if part)
    degrees = RecordReader.text(element, "degrees")
    if degrees:
        name = f"{name}, {degrees}" if name else degrees
    return name or None


def _contact(element: ET.Element | None, role: ContactRole | None, r: RecordReader) -> Contact | None:
    if element is None:
        return None
    contact = Contact(
        name=person_name(element),
        role=role,
        phone=r.text(element, "phone"),
        phoneExt=r.text(element, "phone_ext"),
        email=r.text(element, "email"),
    )
    return contact if contact != Contact(role=role) else None


def _official(element: ET.Element, path: str, r: RecordReader) -> Official:
    return Official(
        name=person_name(element),
        affiliation=r.text(element, "affiliation"),
        role=r.enum(OfficialRole, element, "role", path),
    )


def _location(element: ET.Element, path: str, r: RecordReader, geocoder: Geocoder | None) -> Location:
    facility = element.find("facility")
    address = facility.find("address") if facility is not None else None
    city = r.text(address, "city")
    state = r.text(address, "state")
    country = r.text(address, "country")
    contacts = [
        contact
        for tag in ("contact", "contact_backup")
        if (contact := _contact(element.find(tag), ContactRole.CONTACT, r)) is not None
    ]
    for index, investigator in enumerate(element.iterfind("investigator"), start=1):
        role = r.enum(ContactRole, investigator, "role", child_path(path, "investigator", index))
        contacts.append(Contact(name=person_name(investigator), role=role))
    point = geocoder(city, state, country) if geocoder is not None and city else None
    return Location(
        facility=r.text(facility, "name"),
        status=r.enum(RecruitmentStatus, element, "status", path),
        city=city,
        state=state,
        zip=r.text(address, "zip"),
        country=country,
        contacts=contacts or None,
        geoPoint=GeoPoint(lat=point[0], lon=point[1]) if point is not None else None,
    )
