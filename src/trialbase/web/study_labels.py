"""How record values read on a page: enum labels, dates with their kind, yes/no, safe links.

Enum labels are the display texts ClinicalTrials.gov uses (``legacy_value``). Dates keep their
precision (``July 2021``, never a padded day). Links taken from record text are only ever made for
``http``/``https`` URLs; anything else is shown as text.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from trialbase.domain.enums import DateType, EnrollmentType
from trialbase.domain.legacy_values import legacy_value
from trialbase.domain.partial_date import InvalidDate, PartialDate


@dataclass(frozen=True, slots=True)
class Fact:
    """One labelled value of a record, shown in a definition list."""

    label: str
    value: str
    href: str | None = None


def facts(*pairs: tuple[str, str | None]) -> list[Fact]:
    """Facts with a value (empty ones are left out)."""
    return [Fact(name, value) for name, value in pairs if value]


_EMAIL = re.compile(r"^[^\s@<>\"']+@[^\s@<>\"']+\.[^\s@<>\"']+$")
_PMID = re.compile(r"^\d{1,9}$")


def label(member: enum.StrEnum | None) -> str:
    """The display text of an enum value (``NOT_YET_RECRUITING`` -> ``Not yet recruiting``)."""
    if member is None:
        return ""
    try:
        return legacy_value(member)
    except KeyError:
        return member.value.replace("_", " ").capitalize()


def labels(members: Sequence[enum.StrEnum] | None, separator: str = ", ") -> str:
    return separator.join(label(member) for member in members or ())


def human_date(text: str | None) -> str:
    """``2021-07`` -> ``July 2021``; text that is not a date is shown as it is."""
    if not text:
        return ""
    try:
        return PartialDate.parse(text).human()
    except InvalidDate:
        return text


def date_kind(kind: DateType | EnrollmentType | None) -> str:
    """``Actual`` or ``Estimated`` (ClinicalTrials.gov's current wording for anticipated dates)."""
    if kind is None:
        return ""
    return "Actual" if kind.value == "ACTUAL" else "Estimated"


def dated(text: str | None, kind: DateType | None) -> str:
    """``September 30, 2021 (Estimated)``."""
    shown = human_date(text)
    if shown and kind is not None:
        return f"{shown} ({date_kind(kind)})"
    return shown


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return "Yes" if value else "No"


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL (safe as a link target), else None."""
    if not url:
        return None
    candidate = url.strip()
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or any(c.isspace() for c in candidate)
    ):
        return None
    return candidate


def mailto(email: str | None) -> str | None:
    """A ``mailto:`` link for a plausible e-mail address (percent-encoded), else None."""
    if not email or _EMAIL.match(email.strip()) is None:
        return None
    return "mailto:" + quote(email.strip(), safe="@.+-_")


def pubmed_url(pmid: str | None) -> str | None:
    if not pmid or _PMID.match(pmid.strip()) is None:
        return None
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid.strip()}/"


def plural(count: int, singular: str, many: str | None = None) -> str:
    return f"{count:,} {singular if count == 1 else (many or singular + 's')}"
