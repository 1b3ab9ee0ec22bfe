"""The legacy XML's date forms, read by the project's one date parser."""

from __future__ import annotations

import pytest

from trialbase.domain.partial_date import PartialDate, Precision


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("March 2020", "2020-03", Precision.MONTH),  # a month stays a month: never padded to a day
        ("March 30, 2021", "2021-03-30", Precision.DAY),
        ("February 03, 2023", "2023-02-03", Precision.DAY),  # <download_date> zero-pads the day
        ("Sept 2019", "2019-09", Precision.MONTH),
        ("06/2019", "2019-06", Precision.MONTH),  # an outcome's <posting_date>
    ],
)
def test_legacy_xml_dates(text: str, iso: str, precision: Precision) -> None:
    date = PartialDate.parse_legacy(text)

    assert date.isoformat() == iso
    assert date.precision is precision
