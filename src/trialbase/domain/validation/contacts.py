"""Contacts: well-formed e-mail, telephone and web addresses, a way to reach the study while it
recruits, and central contacts that agree with the site contacts for the same person."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from trialbase.domain.issue import Issue, Severity
from trialbase.domain.validation.contact_formats import (
    email_problem,
    phone_digits,
    phone_problem,
    url_problem,
)
from trialbase.domain.validation.document_view import PROTOCOL, RESULTS, Study, get, items, text
from trialbase.domain.validation.rule import Rule

FAMILY = "contacts"
_E, _W = Severity.ERROR, Severity.WARNING

EMAIL_FORMAT = Rule(
    "email-format",
    _E,
    FAMILY,
    "An e-mail address is malformed or its host does not end in a real top-level domain "
    "(checked against the IANA list, e.g. '.cpm' is not one).",
)
PHONE_FORMAT = Rule(
    "phone-format",
    _W,
    FAMILY,
    "A telephone number has letters or other stray characters, or too few or too many digits.",
)
URL_FORMAT = Rule(
    "url-format",
    _E,
    FAMILY,
    "A web address is not a complete http(s) address on a host with a real top-level domain.",
)
CONTACT_NAME_MISSING = Rule(
    "contact-name-missing", _E, FAMILY, "A central contact has no name or official title."
)
CONTACT_UNREACHABLE = Rule(
    "contact-unreachable",
    _W,
    FAMILY,
    "A central contact gives neither a telephone number nor an e-mail address.",
)
CENTRAL_CONTACT_REQUIRED = Rule(
    "central-contact-required",
    _E,
    FAMILY,
    "A study that is recruiting or not yet recruiting gives a central contact, unless every site "
    "that recruits gives its own contact.",
)
CONTACT_CONTRADICTS_SITE = Rule(
    "contact-contradicts-site",
    _W,
    FAMILY,
    "A central contact and a site contact with the same name give a different e-mail address or "
    "telephone number: one of them is probably a typing slip.",
)
RULES: tuple[Rule, ...] = (
    EMAIL_FORMAT,
    PHONE_FORMAT,
    URL_FORMAT,
    CONTACT_NAME_MISSING,
    CONTACT_UNREACHABLE,
    CENTRAL_CONTACT_REQUIRED,
    CONTACT_CONTRADICTS_SITE,
)

_MODULE = f"{PROTOCOL}.contactsLocationsModule"
_RECRUITING = frozenset({"RECRUITING", "NOT_YET_RECRUITING"})
_TITLES = re.compile(r"^(?:(?:dr|prof|professor|mr|mrs|ms|miss|mx)\.?\s+)+", re.IGNORECASE)
_GENERIC = re.compile(
    r"contact|coordinator|information|department|office|centre|center|desk|team|clinical trials",
    re.IGNORECASE,
)
_URLS = (
    ("identificationModule", "orgStudyIdInfo", "link"),
    ("ipdSharingStatementModule", "url"),
)
_LISTED_URLS = (
    (("referencesModule", "seeAlsoLinks"), "url"),
    (("identificationModule", "secondaryIdInfos"), "link"),
)


def person_key(name: str) -> str | None:
    """A person's name without degrees and titles, for matching (``Hai Li, PhD`` -> ``hai li``);
    ``None`` for a role rather than a person (``Study Coordinator``)."""
    if _GENERIC.search(name):
        return None
    bare = _TITLES.sub("", name.split(",")[0].strip())
    key = " ".join(re.sub(r"[^\w\s]", " ", bare).split()).casefold()
    return key or None


def same_phone(first: str, second: str) -> bool:
    """Whether two numbers are the same, written with or without country code or trunk zero."""
    a, b = phone_digits(first).lstrip("0"), phone_digits(second).lstrip("0")
    if not a or not b:
        return True  # not comparable: the format rule reports it
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 7 and longer.endswith(shorter)


def _site_contacts(study: Study) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, location in study.locations():
        yield from items(location.get("contacts"), f"{path}.contacts")


def _reachable(contact: dict[str, Any]) -> bool:
    return text(contact.get("phone")) is not None or text(contact.get("email")) is not None


def check(study: Study) -> Iterator[Issue]:
    central = list(
        items(get(study.protocol, "contactsLocationsModule", "centralContacts"), f"{_MODULE}.centralContacts")
    )
    sites = list(_site_contacts(study))
    point_of_contact = get(study.results, "moreInfoModule", "pointOfContact")
    everyone = [*central, *sites]
    if isinstance(point_of_contact, dict):
        everyone.append((f"{RESULTS}.moreInfoModule.pointOfContact", point_of_contact))
    for path, contact in everyone:
        yield from _formats(path, contact)
    for path, contact in central:
        if text(contact.get("name")) is None:
            yield CONTACT_NAME_MISSING.issue(
                f"{path}.name", "This central contact has no name. Enter a person's name or official title."
            )
        if not _reachable(contact):
            yield CONTACT_UNREACHABLE.issue(
                path, "This central contact has neither a telephone number nor an e-mail address. Enter both."
            )
    yield from _required(study, central)
    yield from _contradictions(central, sites)
    for keys in _URLS:
        value = text(get(study.protocol, *keys))
        if value is not None and (problem := url_problem(value)):
            yield URL_FORMAT.issue(f"{PROTOCOL}.{'.'.join(keys)}", problem + ".")
    for keys, field in _LISTED_URLS:
        for path, entry in items(get(study.protocol, *keys), f"{PROTOCOL}.{'.'.join(keys)}"):
            value = text(entry.get(field))
            if value is not None and (problem := url_problem(value)):
                yield URL_FORMAT.issue(f"{path}.{field}", problem + ".")


def _formats(path: str, contact: dict[str, Any]) -> Iterator[Issue]:
    email, phone = text(contact.get("email")), text(contact.get("phone"))
    if email is not None and (problem := email_problem(email)):
        yield EMAIL_FORMAT.issue(f"{path}.email", problem + ". Correct the address.")
    if phone is not None and (problem := phone_problem(phone)):
        yield PHONE_FORMAT.issue(f"{path}.phone", problem + ".")


def _required(study: Study, central: list[tuple[str, dict[str, Any]]]) -> Iterator[Issue]:
    status = study.overall_status
    if status not in _RECRUITING or any(_reachable(contact) for _, contact in central):
        return
    recruiting = [
        location for _, location in study.locations() if get(location, "status") in (None, *_RECRUITING)
    ]
    uncovered = [
        location
        for location in recruiting
        if not any(_reachable(contact) for _, contact in items(location.get("contacts"), ""))
    ]
    if recruiting and not uncovered:
        return
    where = (
        f"no contact is given for {len(uncovered)} of its {len(recruiting)} recruiting site(s)"
        if uncovered
        else "it lists no recruiting site"
    )
    yield CENTRAL_CONTACT_REQUIRED.issue(
        f"{_MODULE}.centralContacts",
        f"The study is {status.replace('_', ' ').lower()} but has no central contact, and {where}. "
        f"Enter a central contact with a name, telephone number and e-mail address, so people can ask "
        f"about taking part.",
    )


def _contradictions(
    central: list[tuple[str, dict[str, Any]]], sites: list[tuple[str, dict[str, Any]]]
) -> Iterator[Issue]:
    people: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for path, contact in sites:
        name = text(contact.get("name"))
        key = person_key(name) if name else None
        if key:
            people.setdefault(key, []).append((path, contact))
    for path, contact in central:
        name = text(contact.get("name"))
        key = person_key(name) if name else None
        matches = people.get(key or "", [])
        email, phone = text(contact.get("email")), text(contact.get("phone"))
        other_emails = [
            (site_path, site_email)
            for site_path, site in matches
            if email
            and (site_email := text(site.get("email")))
            and site_email.strip().casefold() != email.strip().casefold()
        ]
        other_phones = [
            (site_path, site_phone)
            for site_path, site in matches
            if phone and (site_phone := text(site.get("phone"))) and not same_phone(phone, site_phone)
        ]
        if other_emails:
            yield CONTACT_CONTRADICTS_SITE.issue(
                f"{path}.email", _contradiction(name, "e-mail address", email, other_emails)
            )
        if other_phones:
            yield CONTACT_CONTRADICTS_SITE.issue(
                f"{path}.phone", _contradiction(name, "telephone number", phone, other_phones)
            )


def _contradiction(name: str | None, what: str, value: str | None, others: list[tuple[str, str]]) -> str:
    site_path, site_value = others[0]
    more = f" (and {len(others) - 1} more site(s))" if len(others) > 1 else ""
    return (
        f"The central contact {name!r} gives the {what} {value!r}, but the same person at a site "
        f"({site_path}){more} gives {site_value!r}. Check which is right and correct the other."
    )
