from __future__ import annotations

import pytest

from trialbase.domain.nct_id import InvalidNctId, format_nct_id, is_canonical_nct_id, nct_number, parse_nct_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NCT04822922", "NCT04822922"),
        ("nct4822922", "NCT04822922"),
        (" NCT00000102 ", "NCT00000102"),
        ("NcT1", "NCT00000001"),
    ],
)
def test_parse_accepts_what_the_api_accepts(text: str, expected: str) -> None:
    assert parse_nct_id(text) == expected


@pytest.mark.parametrize(
    "text", ["", "NCT", "NCT0", "NCT123456789", "04822922", "NCT0482292X", "NCT 04822922"]
)
def test_parse_rejects_with_an_example(text: str) -> None:
    with pytest.raises(InvalidNctId, match=r"expected NCT followed by 8 digits, e\.g\. NCT04822922"):
        parse_nct_id(text)


def test_format_and_number() -> None:
    assert format_nct_id(4822922) == "NCT04822922"
    assert nct_number("NCT04822922") == 4822922
    assert is_canonical_nct_id("NCT04822922")
    assert not is_canonical_nct_id("nct04822922")
    with pytest.raises(InvalidNctId):
        format_nct_id(0)
