"""Studies as the ClinicalTrials.gov CSV table: the official columns, in their canonical order.

The columns and the fields behind them are the ones of ClinicalTrials.gov's "CSV Download"
(``shared/spec/csv-columns.csv``); each cell is written the way the official API writes it:

- several values of one field are joined with ``|`` (``PHASE1|PHASE2``, one condition after
  another), the parts of one value with ``, `` (an outcome's measure, description and time
  frame; a site's facility, city, state, zip and country), empty parts left out;
- enum values stay the v2 codes (``RECRUITING``, ``INDUSTRY``), interventions read
  ``DRUG: Aspirin``, the design ``Allocation: RANDOMIZED|Intervention Model: PARALLEL|...``;
- ``Age`` holds the standard age groups (``ADULT, OLDER_ADULT``), as upstream does, and
  ``Results First Posted`` the results' first posting date (the column list names the submit
  date, the upstream files show the posting date: we follow the files, see
  docs/decisions/0010);
- dates keep their precision (``2021-07``), a missing value is an empty cell.

Rows follow RFC 4180 (quotes only where needed, CRLF line ends). ``csv_text`` yields the header
line first unless told not to (the API sends the header with the first page only).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

STUDY_URL = "https://clinicaltrials.gov/study/{nct_id}"
LARGE_DOC_URL = "https://cdn.clinicaltrials.gov/large-docs/{folder}/{nct_id}/{filename}"
VALUE_SEPARATOR = "|"
PART_SEPARATOR = ", "

Cell = Callable[[dict[str, Any]], str]


def _at(value: Any, *keys: str) -> Any:
    """The value at ``keys`` below ``value``, or None where any step is missing."""
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _parts(*values: Any) -> str:
    return PART_SEPARATOR.join(text for text in (_text(value) for value in values) if text)


def _joined(values: Iterable[str]) -> str:
    return VALUE_SEPARATOR.join(value for value in values if value)


def _protocol(document: dict[str, Any], module: str) -> dict[str, Any]:
    found = _at(document, "protocolSection", module)
    return found if isinstance(found, dict) else {}


def _field(module: str, *keys: str) -> Cell:
    return lambda document: _text(_at(_protocol(document, module), *keys))


def _values(module: str, *keys: str) -> Cell:
    return lambda document: _joined(_text(item) for item in _list(_at(_protocol(document, module), *keys)))


def _nct_id(document: dict[str, Any]) -> str:
    return _text(_at(_protocol(document, "identificationModule"), "nctId"))


def _study_url(document: dict[str, Any]) -> str:
    nct_id = _nct_id(document)
    return STUDY_URL.format(nct_id=nct_id) if nct_id else ""


def _has_results(document: dict[str, Any]) -> str:
    return "YES" if document.get("hasResults") is True else "NO"


def _interventions(document: dict[str, Any]) -> str:
    return _joined(
        f"{_text(item.get('type'))}: {_text(item.get('name'))}"
        if item.get("type")
        else _text(item.get("name"))
        for item in _list(_at(_protocol(document, "armsInterventionsModule"), "interventions"))
        if isinstance(item, dict)
    )


def _outcomes(kind: str) -> Cell:
    def cell(document: dict[str, Any]) -> str:
        return _joined(
            _parts(item.get("measure"), item.get("description"), item.get("timeFrame"))
            for item in _list(_at(_protocol(document, "outcomesModule"), kind))
            if isinstance(item, dict)
        )

    return cell


def _collaborators(document: dict[str, Any]) -> str:
    return _joined(
        _text(item.get("name"))
        for item in _list(_at(_protocol(document, "sponsorCollaboratorsModule"), "collaborators"))
        if isinstance(item, dict)
    )


def _age(document: dict[str, Any]) -> str:
    return PART_SEPARATOR.join(
        _text(item) for item in _list(_at(_protocol(document, "eligibilityModule"), "stdAges")) if item
    )


def _study_design(document: dict[str, Any]) -> str:
    info = _at(_protocol(document, "designModule"), "designInfo")
    if not isinstance(info, dict):
        return ""
    masking = info.get("maskingInfo") if isinstance(info.get("maskingInfo"), dict) else {}
    assert isinstance(masking, dict)
    masked = _text(masking.get("masking"))
    who = [_text(item) for item in _list(masking.get("whoMasked")) if item]
    if masked and who:
        masked = f"{masked} ({PART_SEPARATOR.join(who)})"
    labelled = (
        ("Allocation", _text(info.get("allocation"))),
        ("Intervention Model", _text(info.get("interventionModel"))),
        ("Observational Model", _joined(_text(item) for item in _list(info.get("observationalModel")))),
        ("Time Perspective", _joined(_text(item) for item in _list(info.get("timePerspective")))),
        ("Masking", masked),
        ("Primary Purpose", _text(info.get("primaryPurpose"))),
    )
    return _joined(f"{label}: {value}" for label, value in labelled if value)


def _other_ids(document: dict[str, Any]) -> str:
    identification = _protocol(document, "identificationModule")
    ids = [_text(_at(identification, "orgStudyIdInfo", "id"))]
    ids += [
        _text(item.get("id"))
        for item in _list(identification.get("secondaryIdInfos"))
        if isinstance(item, dict)
    ]
    return _joined(ids)


def _status_date(struct: str) -> Cell:
    return lambda document: _text(_at(_protocol(document, "statusModule"), struct, "date"))


def _locations(document: dict[str, Any]) -> str:
    return _joined(
        _parts(
            item.get("facility"), item.get("city"), item.get("state"), item.get("zip"), item.get("country")
        )
        for item in _list(_at(_protocol(document, "contactsLocationsModule"), "locations"))
        if isinstance(item, dict)
    )


def _study_documents(document: dict[str, Any]) -> str:
    nct_id = _nct_id(document)
    large_docs = _list(_at(document, "documentSection", "largeDocumentModule", "largeDocs"))
    return _joined(
        _parts(
            item.get("label"),
            LARGE_DOC_URL.format(folder=nct_id[-2:], nct_id=nct_id, filename=item["filename"])
            if item.get("filename") and nct_id
            else None,
        )
        for item in large_docs
        if isinstance(item, dict)
    )


_CELLS: dict[str, Cell] = {
    "NCT Number": _nct_id,
    "Study Title": _field("identificationModule", "briefTitle"),
    "Study URL": _study_url,
    "Acronym": _field("identificationModule", "acronym"),
    "Study Status": _field("statusModule", "overallStatus"),
    "Brief Summary": _field("descriptionModule", "briefSummary"),
    "Study Results": _has_results,
    "Conditions": _values("conditionsModule", "conditions"),
    "Interventions": _interventions,
    "Primary Outcome Measures": _outcomes("primaryOutcomes"),
    "Secondary Outcome Measures": _outcomes("secondaryOutcomes"),
    "Other Outcome Measures": _outcomes("otherOutcomes"),
    "Sponsor": _field("sponsorCollaboratorsModule", "leadSponsor", "name"),
    "Collaborators": _collaborators,
    "Sex": _field("eligibilityModule", "sex"),
    "Age": _age,
    "Phases": _values("designModule", "phases"),
    "Enrollment": _field("designModule", "enrollmentInfo", "count"),
    "Funder Type": _field("sponsorCollaboratorsModule", "leadSponsor", "class"),
    "Study Type": _field("designModule", "studyType"),
    "Study Design": _study_design,
    "Other IDs": _other_ids,
    "Start Date": _status_date("startDateStruct"),
    "Primary Completion Date": _status_date("primaryCompletionDateStruct"),
    "Completion Date": _status_date("completionDateStruct"),
    "First Posted": _status_date("studyFirstPostDateStruct"),
    "Results First Posted": _status_date("resultsFirstPostDateStruct"),
    "Last Update Posted": _status_date("lastUpdatePostDateStruct"),
    "Locations": _locations,
    "Study Documents": _study_documents,
}

CSV_COLUMNS: tuple[str, ...] = tuple(_CELLS)


class UnknownColumn(ValueError):
    """A column name that is not one of ``CSV_COLUMNS``."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"`{name}` is not a CSV column (columns: {', '.join(CSV_COLUMNS)})")


def column(name: str) -> str:
    """The official spelling of column ``name`` (matched ignoring case); UnknownColumn if none."""
    wanted = name.strip().lower()
    for known in CSV_COLUMNS:
        if known.lower() == wanted:
            return known
    raise UnknownColumn(name)


def in_canonical_order(columns: Iterable[str]) -> tuple[str, ...]:
    """``columns`` (official spellings) without repeats, in the canonical order."""
    wanted = set(columns)
    return tuple(name for name in CSV_COLUMNS if name in wanted)


def csv_row(document: dict[str, Any], columns: Sequence[str] = CSV_COLUMNS) -> list[str]:
    """One study's cells for ``columns`` (official names; UnknownColumn for any other)."""
    cells = []
    for name in columns:
        cell = _CELLS.get(name)
        if cell is None:
            raise UnknownColumn(name)
        cells.append(cell(document))
    return cells


def csv_line(cells: Sequence[str]) -> str:
    """One CSV record (RFC 4180: quoted where needed, ending in CRLF)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def csv_text(
    documents: Iterable[dict[str, Any]], columns: Sequence[str] = CSV_COLUMNS, *, header: bool = True
) -> Iterator[str]:
    """The table as lines: the header (unless ``header=False``), then one line per study."""
    for name in columns:
        if name not in _CELLS:
            raise UnknownColumn(name)
    if header:
        yield csv_line(list(columns))
    for document in documents:
        yield csv_line(csv_row(document, columns))
