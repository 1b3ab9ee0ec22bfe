"""Making a reviewed record public: the NCT number, the registry's dates, a new store version.

The first version with a results section gets ``hasResults`` and the results' first submission,
quality-control and posting dates; later versions keep those dates, as ClinicalTrials.gov does.

The NCT number is the next one in the registry's block (``registry_first_nct_number`` upward),
skipping any number the store already holds as a study or an alias. It is assigned and saved on
the record before the study is written, so publishing is safe to retry: a retry reuses the number,
and writing the same document again is a no-op in the store.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from sqlalchemy import Connection, func, select

from trialbase.domain.document_order import in_document_order
from trialbase.domain.nct_id import format_nct_id, nct_number
from trialbase.store.registry_schema import draft
from trialbase.store.schema import study, study_alias


def next_nct_id(connection: Connection, first: str) -> str:
    """The next free NCT id at or above ``first`` (call under the write lock)."""
    highest = connection.execute(select(func.max(draft.c.nct_id)).where(draft.c.nct_id >= first)).scalar_one()
    number = max(nct_number(first), nct_number(highest) + 1 if highest else 0)
    while True:
        candidate = format_nct_id(number)
        taken = connection.execute(select(study.c.nct_id).where(study.c.nct_id == candidate)).first() or (
            connection.execute(select(study_alias.c.alias).where(study_alias.c.alias == candidate)).first()
        )
        if not taken:
            return candidate
        number += 1


def public_document(
    document: dict[str, Any],
    *,
    nct_id: str,
    previous: dict[str, Any] | None,
    submitted: dt.date,
    today: dt.date,
) -> dict[str, Any]:
    """The record as the public will see it: the sponsor's document plus what the registry sets.

    ``submitted`` is the day the sponsor released this version, ``previous`` the published version
    before it (its first submission and posting dates are kept, the study's and the results').
    ``hasResults`` says whether the version has a results section.
    """
    result = copy.deepcopy(document)
    protocol = result.setdefault("protocolSection", {})
    identification = protocol.setdefault("identificationModule", {})
    identification["nctId"] = nct_id
    status = protocol.setdefault("statusModule", {})
    earlier = (previous or {}).get("protocolSection", {}).get("statusModule", {})
    if earlier.get("studyFirstSubmitDate"):
        for field in ("studyFirstSubmitDate", "studyFirstSubmitQcDate", "studyFirstPostDateStruct"):
            if field in earlier:
                status[field] = earlier[field]
    else:
        status["studyFirstSubmitDate"] = submitted.isoformat()
        status["studyFirstSubmitQcDate"] = today.isoformat()
        status["studyFirstPostDateStruct"] = {"date": today.isoformat(), "type": "ACTUAL"}
    status["lastUpdateSubmitDate"] = submitted.isoformat()
    status["lastUpdatePostDateStruct"] = {"date": today.isoformat(), "type": "ACTUAL"}
    _set_results_dates(result, status, earlier, submitted=submitted, today=today)
    return in_document_order(result)


_RESULTS_DATES = ("resultsFirstSubmitDate", "resultsFirstSubmitQcDate", "resultsFirstPostDateStruct")


def _set_results_dates(
    document: dict[str, Any],
    status: dict[str, Any],
    earlier: dict[str, Any],
    *,
    submitted: dt.date,
    today: dt.date,
) -> None:
    """``hasResults`` and the results dates: set when results are first published, kept after."""
    has_results = bool(document.get("resultsSection"))
    document["hasResults"] = has_results
    if not has_results:
        document.pop("resultsSection", None)  # an empty one says nothing
        for field in _RESULTS_DATES:
            status.pop(field, None)
    elif earlier.get("resultsFirstSubmitDate"):
        for field in _RESULTS_DATES:
            if field in earlier:
                status[field] = earlier[field]
    else:
        status["resultsFirstSubmitDate"] = submitted.isoformat()
        status["resultsFirstSubmitQcDate"] = today.isoformat()
        status["resultsFirstPostDateStruct"] = {"date": today.isoformat(), "type": "ACTUAL"}
