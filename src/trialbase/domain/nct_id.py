"""ClinicalTrials.gov identifiers: ``NCT`` followed by eight digits."""

from __future__ import annotations

import re

_LENIENT = re.compile(r"^\s*[Nn][Cc][Tt]0*([1-9]\d{0,7})\s*$")
_CANONICAL = re.compile(r"^NCT\d{8}$")


class InvalidNctId(ValueError):
    """Raised for a string that is not an NCT number."""


def parse_nct_id(text: str) -> str:
    """Return the canonical form of an NCT number.

    Accepts what the ClinicalTrials.gov API accepts: any letter case and missing leading zeros
    (``nct4822922`` → ``NCT04822922``).
    """
    match = _LENIENT.match(text)
    if match is None:
        raise InvalidNctId(
            f"{text!r} is not an NCT number (expected NCT followed by 8 digits, e.g. NCT04822922)"
        )
    return format_nct_id(int(match.group(1)))


def format_nct_id(number: int) -> str:
    if not 0 < number < 100_000_000:
        raise InvalidNctId(f"{number} is outside the NCT number range 1..99999999")
    return f"NCT{number:08d}"


def is_canonical_nct_id(text: str) -> bool:
    return _CANONICAL.match(text) is not None


def nct_number(nct_id: str) -> int:
    """The numeric part of a canonical NCT id."""
    return int(parse_nct_id(nct_id)[3:])
