"""Contact formats, the central contact while recruiting, contradicting contacts."""

from __future__ import annotations

from typing import Any

import pytest

from tests.domain.validation.studies import clean_study, findings, paths
from trialbase.domain.validation.contact_formats import email_problem, phone_problem, url_problem
from trialbase.domain.validation.contacts import person_key, same_phone

CONTACTS = "protocolSection.contactsLocationsModule"


@pytest.mark.parametrize(
    "address", ["a.b+c@example.org", "x@sub.uni-lyon.fr", "info@例え.jp", "z@mail.xn--fiqs8s"]
)
def test_good_email_addresses(address: str) -> None:
    assert email_problem(address) is None


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("haili_17@126.cpm", ".cpm is not a top-level domain (did you mean .com?)"),
        ("someone@example", "has no top-level domain"),
        ("a@b@example.org", "expected one name@host"),
        ("a..b@example.org", "part before @"),
        ("name@exa mple.org", "not a valid host name"),
    ],
)
def test_bad_email_addresses(address: str, problem: str) -> None:
    found = email_problem(address)
    assert found is not None
    assert problem in found


@pytest.mark.parametrize(
    "number", ["+86-13818525494", "(301) 555-0100 ext. 12", "+33 4 72 00 00 00", "01234"]
)
def test_good_phone_numbers(number: str) -> None:
    assert phone_problem(number) is None


@pytest.mark.parametrize("number", ["call the office", "123", "+1 2345 6789 0123 4567", "++97248542819"])
def test_bad_phone_numbers(number: str) -> None:
    assert phone_problem(number) is not None


@pytest.mark.parametrize(
    ("url", "ok"),
    [("https://example.org/trial?id=1", True), ("http://192.0.2.1/x", True), ("www.example.org", False),
     ("https://example.cpm/", False), ("ftp://example.org", False)],
)  # fmt: skip
def test_web_addresses(url: str, ok: bool) -> None:
    assert (url_problem(url) is None) is ok


def test_names_match_without_degrees_and_titles_and_roles_never_match() -> None:
    assert person_key("Hai Li, PhD") == person_key("Dr. hai  li") == "hai li"
    assert person_key("Study Coordinator") is None
    assert same_phone("+86-13818525494", "+8613818525494")
    assert same_phone("+44 20 7946 0000", "020 7946 0000")
    assert not same_phone("972-4-854-2467", "972-4-854-2594")


def test_bad_addresses_in_a_document_are_reported_where_they_are() -> None:
    document = clean_study()
    protocol = document["protocolSection"]
    protocol["contactsLocationsModule"]["locations"][0]["contacts"] = [{"name": "B", "email": "b@site.clinc"}]
    protocol["referencesModule"] = {"seeAlsoLinks": [{"label": "Site", "url": "example.org/trial"}]}
    protocol["contactsLocationsModule"]["centralContacts"][0]["phone"] = "ask at the desk"
    assert paths(document, "email-format") == [f"{CONTACTS}.locations[0].contacts[0].email"]
    assert paths(document, "url-format") == ["protocolSection.referencesModule.seeAlsoLinks[0].url"]
    assert paths(document, "phone-format") == [f"{CONTACTS}.centralContacts[0].phone"]


def _recruiting_without_central(site_contacts: list[dict[str, Any]] | None) -> dict[str, Any]:
    document = clean_study()
    module = document["protocolSection"]["contactsLocationsModule"]
    del module["centralContacts"]
    if site_contacts is not None:
        module["locations"][0]["contacts"] = site_contacts
    return document


def test_a_recruiting_study_needs_a_central_contact_unless_every_recruiting_site_has_one() -> None:
    [issue] = findings(_recruiting_without_central(None), "central-contact-required")
    assert issue.path == f"{CONTACTS}.centralContacts"
    assert "1 of its 1 recruiting site(s)" in issue.message
    covered = _recruiting_without_central([{"name": "Site desk", "phone": "+33 4 72 11 11 11"}])
    assert findings(covered, "central-contact-required") == []
    covered["protocolSection"]["contactsLocationsModule"]["locations"].append(
        {"facility": "Second", "status": "COMPLETED", "city": "Paris", "country": "France"}
    )
    assert findings(covered, "central-contact-required") == []
    closed = _recruiting_without_central(None)
    closed["protocolSection"]["statusModule"]["overallStatus"] = "ACTIVE_NOT_RECRUITING"
    assert findings(closed, "central-contact-required") == []


def test_a_central_contact_needs_a_name_and_a_way_to_reach_it() -> None:
    document = clean_study()
    document["protocolSection"]["contactsLocationsModule"]["centralContacts"].append({"role": "CONTACT"})
    assert paths(document, "contact-name-missing") == [f"{CONTACTS}.centralContacts[1].name"]
    assert paths(document, "contact-unreachable") == [f"{CONTACTS}.centralContacts[1]"]


def test_a_central_contact_contradicting_the_site_contact_for_the_same_person() -> None:
    document = clean_study()
    module = document["protocolSection"]["contactsLocationsModule"]
    module["locations"][0]["contacts"] = [
        {"name": "Dr. Ada Example", "phone": "+33 4 72 00 00 00", "email": "ADA@example.org"}
    ]
    assert findings(document, "contact-contradicts-site") == []
    module["locations"][0]["contacts"][0].update(email="ada@example.com", phone="+33 4 72 99 99 99")
    issues = findings(document, "contact-contradicts-site")
    assert [issue.path for issue in issues] == [
        f"{CONTACTS}.centralContacts[0].email",
        f"{CONTACTS}.centralContacts[0].phone",
    ]
    assert "'ada@example.org'" in issues[0].message
    assert "'ada@example.com'" in issues[0].message
    assert issues[0].severity.value == "warning"
