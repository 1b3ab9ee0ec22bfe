"""Reading one ``<clinical_study>``: typed values from elements, every problem kept as an ``Issue``.

Each reader method takes the parent element and the XML path of that parent (``clinical_study``,
``clinical_study/location[3]``) and returns a typed value or ``None``. A value that cannot be
read becomes an issue whose path names the element (``clinical_study/location[3]/status``) and
whose message says what was found and what would be accepted; conversion carries on, so one pass
reports every problem in the record.
"""

from __future__ import annotations

import enum
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TypeVar

from trialbase.domain.age import Age, InvalidAge
from trialbase.domain.issue import Issue, Severity
from trialbase.domain.legacy_values import UnknownLegacyValue, from_legacy
from trialbase.domain.partial_date import InvalidDate, PartialDate, Precision
from trialbase.ingest.legacy_xml.markup import plain_text, text_to_markdown, textblock_to_markdown

E = TypeVar("E", bound=enum.StrEnum)

ROOT = "clinical_study"

_AGE = re.compile(r"^\d+ (Year|Years|Month|Months|Week|Weeks|Day|Days|Hour|Hours|Minute|Minutes)$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_YES = frozenset({"yes", "true"})
_NO = frozenset({"no", "false"})
_DATE_FORMS = "'Month yyyy' or 'Month d, yyyy', e.g. 'March 2020' or 'March 30, 2021'"


def _field_name(path: str) -> str:
    """An element or attribute as a message names it: ``.../start_date/@type`` -> ``start date type``."""
    parts = [part.split("[", 1)[0] for part in path.split("/")]
    name = parts[-1]
    if name.startswith("@") and len(parts) > 1:
        name = f"{parts[-2]} {name[1:]}"
    return name.replace("_", " ")


def child_path(path: str, tag: str, index: int | None = None) -> str:
    """``clinical_study/location[3]``: an element's path, with its 1-based position among its kind."""
    return f"{path}/{tag}" if index is None else f"{path}/{tag}[{index}]"


class RecordReader:
    """Typed reads from a legacy record, collecting issues instead of raising."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    # --- reporting ------------------------------------------------------------------------------

    def error(self, path: str, code: str, message: str) -> None:
        self.issues.append(Issue(path, code, message, Severity.ERROR))

    def warning(self, path: str, code: str, message: str) -> None:
        self.issues.append(Issue(path, code, message, Severity.WARNING))

    # --- text ---------------------------------------------------------------------------------

    @staticmethod
    def text(parent: ET.Element | None, tag: str) -> str | None:
        """A plain text field (titles, names): trimmed; ``None`` when absent or empty."""
        if parent is None:
            return None
        raw = parent.findtext(tag)
        if not raw:
            return None
        text = plain_text(raw)
        return text or None

    @staticmethod
    def texts(parent: ET.Element | None, tag: str) -> list[str] | None:
        """Every ``tag`` child's text, in order; ``None`` when there are none (v2 omits empty lists)."""
        if parent is None:
            return None
        values = [
            plain_text(child.text) for child in parent.iterfind(tag) if child.text and child.text.strip()
        ]
        return values or None

    @staticmethod
    def markup(parent: ET.Element | None, tag: str) -> str | None:
        """A plain element's text for a v2 markup field (Markdown, line breaks as paragraphs)."""
        if parent is None:
            return None
        return RecordReader.markup_text(parent.findtext(tag))

    @staticmethod
    def markup_text(raw: str | None) -> str | None:
        """Text for a v2 markup field; ``None`` when blank."""
        if not raw or not raw.strip():
            return None
        return text_to_markdown(raw) or None

    @staticmethod
    def textblock(parent: ET.Element | None, tag: str) -> str | None:
        """``<tag><textblock>`` unwrapped into v2 Markdown."""
        if parent is None:
            return None
        raw = parent.findtext(f"{tag}/textblock")
        if not raw or not raw.strip():
            return None
        return textblock_to_markdown(raw) or None

    # --- enums, numbers, flags ----------------------------------------------------------------

    def enum(self, enum_cls: type[E], parent: ET.Element | None, tag: str, path: str) -> E | None:
        """``tag``'s legacy text as a v2 enum member (``Not yet recruiting`` -> ``NOT_YET_RECRUITING``)."""
        value = self.text(parent, tag)
        if value is None:
            return None
        return self.enum_value(enum_cls, value, child_path(path, tag))

    def enum_value(
        self, enum_cls: type[E], value: str, path: str, also_accepted: Iterable[str] = ()
    ) -> E | None:
        try:
            return from_legacy(enum_cls, value)
        except UnknownLegacyValue as unknown:
            accepted = ", ".join(repr(text) for text in (*unknown.accepted, *also_accepted))
            self.error(
                path,
                "unknown-enum-value",
                f"{value!r} is not a known {_field_name(path)} (expected one of {accepted})",
            )
            return None

    def boolean(self, parent: ET.Element | None, tag: str, path: str) -> bool | None:
        """``Yes`` / ``No`` as true / false."""
        value = self.text(parent, tag)
        if value is None:
            return None
        folded = value.casefold()
        if folded in _YES:
            return True
        if folded in _NO:
            return False
        self.error(
            child_path(path, tag), "bad-boolean", f"{value!r} is not a yes/no answer (expected Yes or No)"
        )
        return None

    def integer(self, value: str | None, path: str) -> int | None:
        if value is None or not value.strip():
            return None
        if _INTEGER.match(value.strip()) is None:
            self.error(path, "bad-number", f"{value!r} is not a whole number (expected digits, e.g. 120)")
            return None
        return int(value)

    def age(self, parent: ET.Element | None, tag: str, path: str) -> str | None:
        """An eligibility age (``18 Years``); ``N/A`` means no limit."""
        value = self.text(parent, tag)
        if value is None or value.casefold() == "n/a":
            return None
        where = child_path(path, tag)
        try:
            Age.parse(value)
        except InvalidAge:
            self.error(
                where,
                "bad-age",
                f"{value!r} is not an age (expected a number and a unit, e.g. '18 Years', or N/A)",
            )
            return None
        if _AGE.match(value) is None:
            self.error(
                where,
                "bad-age",
                f"{value!r} is not an age as ClinicalTrials.gov writes them"
                " (expected e.g. '18 Years' or '6 Months')",
            )
            return None
        return value

    # --- dates --------------------------------------------------------------------------------

    def partial_date(self, value: str | None, path: str) -> str | None:
        """A legacy date at the precision it was written: ``March 2020`` -> ``2020-03``."""
        parsed = self._parse_date(value, path)
        return parsed.isoformat() if parsed is not None else None

    def day(self, value: str | None, path: str) -> str | None:
        """A legacy date that must name a day (``March 30, 2021`` -> ``2021-03-30``); never padded."""
        parsed = self._parse_date(value, path)
        if parsed is None:
            return None
        if parsed.precision is not Precision.DAY:
            self.error(
                path,
                "bad-date",
                f"{value!r} has no day and this date needs one"
                " (expected 'Month d, yyyy', e.g. 'March 30, 2021')",
            )
            return None
        return parsed.isoformat()

    def _parse_date(self, value: str | None, path: str) -> PartialDate | None:
        if value is None or not value.strip():
            return None
        try:
            return PartialDate.parse_legacy(value)
        except InvalidDate as invalid:
            reason = str(invalid)
            if "is not a valid date" in reason:
                self.error(path, "bad-date", f"{reason} (expected a real calendar date as {_DATE_FORMS})")
            else:
                self.error(path, "bad-date", f"{value!r} is not a date (expected {_DATE_FORMS})")
            return None
