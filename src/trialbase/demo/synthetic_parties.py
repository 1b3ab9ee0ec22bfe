"""Made-up sponsors, investigators and contacts for the synthetic studies.

Every organization name ends in " (synthetic)". People get invented names, e-mail addresses in
the reserved ``example.org``/``example.com`` domains and telephone numbers in the 555 range, so
nothing here reaches a real person or organization.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from trialbase.domain.enums import AgencyClass

SYNTHETIC_SUFFIX = " (synthetic)"

# name, agency class, relative share of studies
_SPONSORS: tuple[tuple[str, AgencyClass, int], ...] = (
    ("Northwind Therapeutics", AgencyClass.INDUSTRY, 6),
    ("Altamira Biopharma", AgencyClass.INDUSTRY, 6),
    ("Helix Ridge Pharmaceuticals", AgencyClass.INDUSTRY, 6),
    ("Brightwater Biologics", AgencyClass.INDUSTRY, 5),
    ("Quillon Pharma", AgencyClass.INDUSTRY, 5),
    ("Tessaro Oncology", AgencyClass.INDUSTRY, 4),
    ("Vireo Vaccines", AgencyClass.INDUSTRY, 3),
    ("Lumenfield Neuroscience", AgencyClass.INDUSTRY, 3),
    ("Corvane Medical Devices", AgencyClass.INDUSTRY, 3),
    ("Sablewood Health Technologies", AgencyClass.INDUSTRY, 2),
    ("Orrin & Vale Laboratories", AgencyClass.INDUSTRY, 2),
    ("Kestrel Bio", AgencyClass.INDUSTRY, 2),
    ("Eastmoor University Hospital", AgencyClass.OTHER, 6),
    ("Kingsbridge Medical University", AgencyClass.OTHER, 6),
    ("St. Aldric Hospital", AgencyClass.OTHER, 4),
    ("Riverton Cancer Institute", AgencyClass.OTHER, 4),
    ("Lakeshore Children's Hospital", AgencyClass.OTHER, 3),
    ("Westfield Academic Medical Center", AgencyClass.OTHER, 5),
    ("Halvorsen Institute for Clinical Research", AgencyClass.OTHER, 3),
    ("Marlowe University School of Medicine", AgencyClass.OTHER, 4),
    ("Ashgrove Heart and Lung Centre", AgencyClass.OTHER, 2),
    ("Università di Valcastello", AgencyClass.OTHER, 2),
    ("Hôpital Universitaire de Belrive", AgencyClass.OTHER, 2),
    ("Transatlantic Oncology Trials Group", AgencyClass.NETWORK, 2),
    ("Pediatric Research Collaborative Network", AgencyClass.NETWORK, 1),
    ("National Institute for Clinical Demonstration", AgencyClass.NIH, 2),
    ("Nordland Health Research Agency", AgencyClass.OTHER_GOV, 1),
    ("Federal Office of Clinical Evaluation", AgencyClass.FED, 1),
)

_FIRST_NAMES = (
    "Amara", "Daniel", "Mei", "Javier", "Priya", "Lukas", "Fatima", "Kenji", "Olivia", "Tomasz",
    "Aisha", "Mateo", "Ingrid", "Samuel", "Yuki", "Chloe", "Rahul", "Sofia", "Kwame", "Elena",
    "Hassan", "Marta", "Liam", "Ana", "Noah", "Zara", "Pierre", "Hana", "Diego", "Greta",
)  # fmt: skip
_LAST_NAMES = (
    "Okafor", "Lindqvist", "Zhang", "Moreno", "Raman", "Keller", "Haddad", "Tanaka", "Bennett",
    "Kowalski", "Mensah", "Rossi", "Dubois", "Park", "Novak", "Fischer", "Alvarez", "Nakamura",
    "O'Brien", "Petrov", "Castillo", "Nguyen", "Abebe", "Jensen", "Silva", "Morgan", "Ibrahim",
    "Costa", "Weber", "Larsen", "Chen", "Hughes", "Varga", "Suzuki", "Ferreira", "Adeyemi",
)  # fmt: skip
_DEGREES = ("MD", "MD, PhD", "PhD", "MBBS", "DO", "MD, MPH")
_TITLES = (
    "Professor of Medicine",
    "Associate Professor",
    "Assistant Professor",
    "Principal Investigator",
    "Consultant Physician",
    "Director, Clinical Research Unit",
)


@dataclass(frozen=True, slots=True)
class Sponsor:
    name: str
    agency_class: AgencyClass

    @property
    def slug(self) -> str:
        plain = self.name.removesuffix(SYNTHETIC_SUFFIX).lower()
        return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


@dataclass(frozen=True, slots=True)
class Person:
    first: str
    last: str
    degree: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def name_with_degree(self) -> str:
        return f"{self.first} {self.last}, {self.degree}"

    def email(self, domain: str) -> str:
        local = re.sub(r"[^a-z]", "", self.first.lower()) + "." + re.sub(r"[^a-z]", "", self.last.lower())
        return f"{local}@{domain}"


def pick_sponsor(rng: random.Random, *, industry: bool | None = None) -> Sponsor:
    """A lead sponsor or collaborator; ``industry`` restricts to companies or to the others."""
    pool = [row for row in _SPONSORS if industry is None or (row[1] is AgencyClass.INDUSTRY) == industry]
    name, agency_class, _ = rng.choices(pool, [weight for *_, weight in pool])[0]
    return Sponsor(name + SYNTHETIC_SUFFIX, agency_class)


def pick_person(rng: random.Random) -> Person:
    return Person(rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES), rng.choice(_DEGREES))


def pick_title(rng: random.Random) -> str:
    return rng.choice(_TITLES)


def email_domain(sponsor: Sponsor) -> str:
    """A reserved-domain address space for the sponsor (RFC 2606: never a real mailbox)."""
    tld = "example.com" if sponsor.agency_class is AgencyClass.INDUSTRY else "example.org"
    return f"{sponsor.slug}.{tld}"


def phone_number(rng: random.Random, country_code: str) -> str:
    """A fictional number in the 555 range with the country's calling code."""
    return f"+{country_code} 555-01{rng.randrange(100):02d}"
