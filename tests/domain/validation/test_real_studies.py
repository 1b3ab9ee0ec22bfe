"""Every real v2 study from ClinicalTrials.gov: no crash, and every finding points into the document."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

import pytest

from tests.shared_data import v2_documents
from trialbase.domain.validation import RULES_BY_CODE, validate
from trialbase.index.pieces import piece

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def points_into(document: dict[str, Any], path: str) -> bool:
    """Whether ``path`` names a field of the data model whose list indexes all exist in ``document``.

    The field itself may be absent (a missing required field), but every list entry on the way must
    be there, and the path without indexes must be a piece of the data model.
    """
    if not path:
        return True
    value: Any = document
    for name, index in _STEP.findall(path):
        if index:
            if not isinstance(value, list) or int(index) >= len(value):
                return False
            value = value[int(index)]
        else:
            value = value.get(name) if isinstance(value, dict) else None
    return piece(re.sub(r"\[\d+\]", "", path)) is not None


@pytest.mark.shared_data
@pytest.mark.slow
def test_every_real_study_validates_and_every_finding_has_a_real_path() -> None:
    counts: Counter[tuple[str, str]] = Counter()
    studies = 0
    for document in v2_documents():
        studies += 1
        for issue in validate(document, today=dt.date(2026, 1, 15)):
            assert issue.code in RULES_BY_CODE, issue
            assert points_into(document, issue.path), (
                document["protocolSection"]["identificationModule"],
                issue,
            )
            counts[(issue.severity.value, issue.code)] += 1
    assert studies == 1027
    print(f"\nfindings in {studies} real studies:")
    for (severity, code), count in sorted(counts.items()):
        print(f"  {severity:8} {code:36} {count}")


def test_points_into_rejects_made_up_paths() -> None:
    document = {"protocolSection": {"armsInterventionsModule": {"armGroups": [{"label": "A"}]}}}
    assert points_into(document, "protocolSection.armsInterventionsModule.armGroups[0].label")
    assert points_into(document, "protocolSection.armsInterventionsModule.armGroups[0].description")
    assert not points_into(document, "protocolSection.armsInterventionsModule.armGroups[1].label")
    assert not points_into(document, "protocolSection.armsInterventionsModule.armGroups[0].colour")
