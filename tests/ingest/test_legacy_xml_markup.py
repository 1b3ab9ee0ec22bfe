"""Legacy XML text to v2 Markdown: unwrapping, lists, nesting and escapes."""

from __future__ import annotations

import pytest

from trialbase.ingest.legacy_xml.markup import plain_text, text_to_markdown, textblock_to_markdown


def textblock(*lines: str) -> str:
    """A ``<textblock>`` as the XML writes it: CR LF line ends, indented, blank lines between lines."""
    return "\n" + "\r\n".join(lines) + "\r\n    "


def test_wrapped_lines_are_joined_and_blank_lines_separate_paragraphs() -> None:
    raw = textblock(
        "      This multi-center study will evaluate whether thalidomide can improve the",
        "      effectiveness of two drugs.",
        "",
        "      Patients are screened first.",
    )

    assert textblock_to_markdown(raw) == (
        "This multi-center study will evaluate whether thalidomide can improve the effectiveness"
        " of two drugs.\n\nPatients are screened first."
    )


def test_bullets_become_a_list_on_consecutive_lines() -> None:
    raw = textblock(
        "        Inclusion Criteria:",
        "",
        "          -  patients must have failed definitive therapy (radical prostatectomy or",
        "             cryosurgery).",
        "",
        "          -  Life expectancy of more than 12 months.",
        "",
        "        Exclusion Criteria:",
        "",
        "          -  Prior chemotherapy.",
    )

    assert textblock_to_markdown(raw) == (
        "Inclusion Criteria:\n\n"
        "* patients must have failed definitive therapy (radical prostatectomy or cryosurgery).\n"
        "* Life expectancy of more than 12 months.\n\n"
        "Exclusion Criteria:\n\n"
        "* Prior chemotherapy."
    )


def test_deeper_bullets_nest_under_their_parent_after_a_blank_line() -> None:
    raw = textblock(
        "        DISEASE CHARACTERISTICS:",
        "",
        "          -  Soft tissue sarcoma of one of these groups:",
        "",
        "               -  Grade II/III primary tumor",
        "",
        "               -  Local recurrence (S2)",
        "",
        "          -  No distant metastases",
    )

    assert textblock_to_markdown(raw) == (
        "DISEASE CHARACTERISTICS:\n\n"
        "* Soft tissue sarcoma of one of these groups:\n\n"
        "  * Grade II/III primary tumor\n"
        "  * Local recurrence (S2)\n"
        "* No distant metastases"
    )


def test_numbered_items_stay_numbered_and_nest_bullets_under_their_text() -> None:
    raw = textblock(
        "        1. Localized prostate cancer defined as:",
        "",
        "             -  Gleason score 7 or less",
        "",
        "        2. Informed consent.",
    )

    assert textblock_to_markdown(raw) == (
        "1. Localized prostate cancer defined as:\n\n   * Gleason score 7 or less\n2. Informed consent."
    )


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("PSA <= 10 ng/mL & age > 18", "PSA \\<= 10 ng/mL \\& age \\> 18"),
        ("Dose [mg/m^2] ~ 70 * 2", "Dose \\[mg/m\\^2\\] \\~ 70 \\* 2"),
        ("back\\slash", "back\\\\slash"),
        ("Question #1 and snake_case stay as they are", "Question #1 and snake_case stay as they are"),
    ],
)
def test_markdown_characters_are_escaped_as_v2_escapes_them(text: str, markdown: str) -> None:
    assert text_to_markdown(text) == markdown


def test_what_would_start_a_list_or_heading_is_escaped_at_the_start_of_a_paragraph() -> None:
    raw = textblock(
        "        - Biochemical parameters (a dash with one space is text, not the formatter's bullet)",
        "",
        "        # of visits",
        "",
        "          -  1. Male or female",
    )

    assert textblock_to_markdown(raw) == (
        "\\- Biochemical parameters (a dash with one space is text, not the formatter's bullet)\n\n"
        "\\# of visits\n\n"
        "* 1\\. Male or female"
    )


def test_plain_elements_turn_line_breaks_into_paragraphs_and_keep_typed_lists() -> None:
    raw = "Dose by condition:\r\nReducing the iron burden.\r\n- Weekly checks\r\n- Monthly scans"

    assert text_to_markdown(raw) == (
        "Dose by condition:\n\nReducing the iron burden.\n\n* Weekly checks\n* Monthly scans"
    )


def test_the_ipd_fields_six_at_signs_are_line_breaks() -> None:
    assert text_to_markdown("Data will be shared through:@@@@@@BTRIS.@@@@@@dbGaP.") == (
        "Data will be shared through:\n\nBTRIS.\n\ndbGaP."
    )


def test_plain_text_is_trimmed_and_never_escaped() -> None:
    assert plain_text("  Phase <II> [A] & B\r\n") == "Phase <II> [A] & B"


def test_an_empty_textblock_is_empty() -> None:
    assert textblock_to_markdown("\n      \r\n   ") == ""
