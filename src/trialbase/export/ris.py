"""A study as an RIS record (``format=ris``), for reference managers (Zotero, EndNote, Mendeley).

A registry record is cited as a database entry: ``TY  - DBASE``. One tag per line, ``TAG  - value``,
lines ending in CR LF as the RIS specification has it, the record closed by ``ER  - ``:

- ``TI`` the official title (else the brief title), ``ST`` the brief title when it differs;
- ``AU`` the people responsible: the overall officials who are principal investigators, else the
  responsible party investigator, else the lead sponsor (a corporate author);
- ``PY`` the year first posted, ``DA`` the last update posted (``yyyy/MM/dd``, as precise as the
  record is), ``UR`` the study page, ``ID`` and ``AN`` the NCT number;
- ``AB`` the brief summary, ``KW`` the conditions and keywords, ``N1`` the overall status,
  ``PB`` the lead sponsor, ``DB`` "Trialbase".

Record text is untrusted: line breaks and control characters inside a value are folded to spaces,
so a value can never start a tag line of its own.
"""

from __future__ import annotations

import re
from typing import Any

from trialbase.domain.enums import Status
from trialbase.domain.legacy_values import legacy_value

DEFAULT_BASE_URL = "http://localhost:8000"  # where ``trialbase serve`` listens by default
DATABASE = "Trialbase"
EOL = "\r\n"
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")


def ris_record(document: dict[str, Any], base_url: str = DEFAULT_BASE_URL) -> str:
    """The RIS record of a v2 study document; the study page is ``{base_url}/study/{nctId}``."""
    protocol = document.get("protocolSection") or {}
    ident = protocol.get("identificationModule") or {}
    status = protocol.get("statusModule") or {}
    sponsors = protocol.get("sponsorCollaboratorsModule") or {}
    nct_id = ident.get("nctId")
    if not nct_id:
        raise ValueError("the document has no protocolSection.identificationModule.nctId")
    brief, official = _clean(ident.get("briefTitle")), _clean(ident.get("officialTitle"))
    sponsor = (sponsors.get("leadSponsor") or {}).get("name")
    conditions = (protocol.get("conditionsModule") or {}).get("conditions") or []
    keywords = (protocol.get("conditionsModule") or {}).get("keywords") or []
    first_posted = (status.get("studyFirstPostDateStruct") or {}).get("date") or ""
    last_update = (status.get("lastUpdatePostDateStruct") or {}).get("date") or ""

    lines: list[tuple[str, Any]] = [("TY", "DBASE"), ("TI", official or brief)]
    if official and brief and brief != official:
        lines.append(("ST", brief))
    lines += [("AU", name) for name in _authors(protocol, sponsor)]
    lines.append(("PY", first_posted[:4]))
    lines.append(("DA", last_update.replace("-", "/")))
    lines.append(("UR", f"{base_url.rstrip('/')}/study/{nct_id}"))
    lines += [("ID", nct_id), ("AN", nct_id)]
    lines.append(("AB", (protocol.get("descriptionModule") or {}).get("briefSummary")))
    lines += [("KW", word) for word in dict.fromkeys([*conditions, *keywords])]
    lines.append(("N1", _status_note(status)))
    lines += [("PB", sponsor), ("DB", DATABASE)]
    cleaned = [(tag, _clean(value)) for tag, value in lines]
    text = "".join(f"{tag}  - {value}{EOL}" for tag, value in cleaned if value)
    return f"{text}ER  - {EOL}"


def _authors(protocol: dict[str, Any], sponsor: str | None) -> list[str]:
    officials = (protocol.get("contactsLocationsModule") or {}).get("overallOfficials") or []
    names = [item.get("name") for item in officials if item.get("role") == "PRINCIPAL_INVESTIGATOR"]
    party = (protocol.get("sponsorCollaboratorsModule") or {}).get("responsibleParty") or {}
    if not any(names) and party.get("investigatorFullName"):
        names = [party["investigatorFullName"]]
    if not any(names) and sponsor:
        names = [sponsor]
    return [name for name in dict.fromkeys(names) if name]


def _status_note(status: dict[str, Any]) -> str | None:
    overall = status.get("overallStatus")
    if not overall:
        return None
    try:
        words = legacy_value(Status(overall))
    except ValueError:
        words = str(overall)
    return f"Overall status: {words}"


def _clean(value: Any) -> str:
    """One line of text: control characters and line breaks become single spaces."""
    if value is None:
        return ""
    return " ".join(_CONTROL.sub(" ", str(value)).split())
