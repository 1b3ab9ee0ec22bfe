"""``trialbase vocab``: import a MeSH vocabulary, show what a term maps to, say which one is loaded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.shared_data import shared_path
from trialbase.cli import cli

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "mesh" / "desc-sample.xml"


def run(database_url: str, *args: str) -> Result:
    return CliRunner().invoke(
        cli, list(args), env={"TRIALBASE_DATABASE_URL": database_url}, catch_exceptions=False
    )


def test_import_reports_what_each_file_gave_and_the_totals(database_url: str) -> None:
    result = run(database_url, "vocab", "import", "--quiet", str(FIXTURE))
    assert result.exit_code == 0, result.output
    first, last = result.stdout.splitlines()
    assert first == f"{FIXTURE}: descriptor XML, 16 descriptors, 58 terms"
    assert re.fullmatch(
        r"vocabulary [0-9a-f]{16} imported: 16 descriptors, 58 terms, 17 tree numbers in \d+\.\ds", last
    )
    again = run(database_url, "vocab", "import", "--quiet", str(FIXTURE))
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1].endswith("is already loaded; nothing to do")


def test_show_prints_the_descriptor_synonyms_broader_and_narrower_terms(database_url: str) -> None:
    run(database_url, "vocab", "import", "--quiet", str(FIXTURE))
    result = run(database_url, "vocab", "show", "heart attack")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:17] == [
        "Myocardial Infarction  D000009203",
        "  'heart attack' is its synonym 'Heart Attack'",
        "  tree numbers: C14.280.647.500, C14.907.585.500",
        "  synonyms (6):",
        "    Myocardial Infarctions",
        "    Heart Attack",
        "    Heart Attacks",
        "    Cardiovascular Stroke",
        "    Infarction, Myocardial",
        "    Stroke, Cardiovascular",
        "  broader, nearest first (4):",
        "    Myocardial Ischemia  D000017202",
        "    Heart Diseases  D000006331",
        "    Vascular Diseases  D000014652",
        "    Cardiovascular Diseases  D000002318",
        "  narrower (0)",
        "",
    ]
    assert lines[17].startswith("vocabulary ")
    assert "from desc-sample.xml: 16 descriptors, 58 terms, 17 tree numbers; imported " in lines[17]


def test_show_takes_a_descriptor_id_and_limits_long_lists(database_url: str) -> None:
    run(database_url, "vocab", "import", "--quiet", str(FIXTURE))
    result = run(database_url, "vocab", "show", "D008107", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:13] == [
        "Liver Diseases  D000008107",
        "  tree numbers: C06.552",
        "  synonyms (5):",
        "    Liver Disease",
        "    Liver Dysfunction",
        "    ... and 3 more (--limit 0 shows all)",
        "  broader, nearest first (1):",
        "    Digestive System Diseases  D000004066",
        "  narrower (5):",
        "    Hepatic Insufficiency  D000048550",
        "    Liver Failure  D000017093",
        "    ... and 3 more (--limit 0 shows all)",
        "",
    ]
    aclf = run(database_url, "vocab", "show", "ACLF")
    assert aclf.stdout.splitlines()[:2] == [
        "Acute-On-Chronic Liver Failure  D000065290",
        "  'ACLF' is its synonym 'Acute-On-Chronic Liver Failure (ACLF)'",
    ]


def test_show_says_when_nothing_matches_or_nothing_is_loaded(database_url: str) -> None:
    empty = run(database_url, "vocab", "show", "heart attack")
    assert empty.exit_code == 1
    assert "no vocabulary is loaded: import one with `trialbase vocab import`" in empty.stderr
    assert run(database_url, "vocab", "info").stdout.startswith("no vocabulary is loaded")
    run(database_url, "vocab", "import", "--quiet", str(FIXTURE))
    unknown = run(database_url, "vocab", "show", "heart")
    assert unknown.exit_code == 1
    assert re.search(r"no descriptor is named 'heart' in vocabulary [0-9a-f]{16}", unknown.stderr)


def test_a_bad_file_is_reported_and_the_loaded_vocabulary_stays(database_url: str, tmp_path: Path) -> None:
    run(database_url, "vocab", "import", "--quiet", str(FIXTURE))
    before = run(database_url, "vocab", "info").stdout
    broken = tmp_path / "desc2026.xml"
    broken.write_text(
        FIXTURE.read_text().replace(
            "<DescriptorUI>D006973</DescriptorUI>", "<DescriptorUI>6973</DescriptorUI>"
        )
    )
    result = run(database_url, "vocab", "import", "--quiet", str(FIXTURE), str(broken))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: nothing imported, the loaded vocabulary is unchanged:",
        f"{broken}, record 13 (6973): '6973' is not a MeSH descriptor id (D and six or nine digits, "
        "e.g. D009203 or D000009203)",
    ]
    assert "Traceback" not in result.output
    assert run(database_url, "vocab", "info").stdout == before


def test_import_needs_files_or_the_starter(database_url: str) -> None:
    result = run(database_url, "vocab", "import")
    assert result.exit_code == 2
    assert "give the vocabulary files to import, or --starter" in result.stderr


def test_the_starter_vocabulary_gives_synonym_search_without_the_nlm_files(database_url: str) -> None:
    result = run(database_url, "vocab", "import", "--quiet", "--starter")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Trialbase starter vocabulary: descriptor JSON, ")
    for term, name in (
        ("heart attack", "Myocardial Infarction  D000009203"),
        ("ACLF", "Acute-On-Chronic Liver Failure  D000065290"),
        ("high blood pressure", "Hypertension  D000006973"),
        ("COPD", "Pulmonary Disease, Chronic Obstructive  D000029424"),
    ):
        assert run(database_url, "vocab", "show", term).stdout.splitlines()[0] == name
    assert "from Trialbase starter vocabulary" in run(database_url, "vocab", "info").stdout


def test_if_empty_leaves_a_loaded_vocabulary_alone(database_url: str) -> None:
    first = run(database_url, "vocab", "import", "--quiet", "--starter", "--if-empty")
    assert "imported" in first.stdout.splitlines()[-1]
    run(database_url, "vocab", "import", "--quiet", str(FIXTURE))
    result = run(database_url, "vocab", "import", "--quiet", "--starter", "--if-empty")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "left as it is (--if-empty)"
    assert "from desc-sample.xml" in run(database_url, "vocab", "info").stdout


@pytest.mark.shared_data
@pytest.mark.slow
def test_import_of_the_three_shared_files(database_url: str) -> None:
    mesh = "vocab/mesh"
    paths = [
        str(shared_path(f"{mesh}/mesh2026-entry-terms.json")),
        str(shared_path(f"{mesh}/mesh2026-descriptors.csv")),
        str(shared_path(f"{mesh}/mesh2014-trees.csv")),
    ]
    result = run(database_url, "vocab", "import", "--quiet", "--starter", *paths)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        f"{paths[0]}: descriptor JSON, 6,505 descriptors, 69,580 terms",
        f"{paths[1]}: descriptor CSV, 30,532 descriptors, 30,532 terms",
        f"{paths[2]}: tree numbers, 55,611 tree numbers, 54,061 placed by name; "
        "1,550 lines name no descriptor (e.g. 'Round Ligament', 'Axis', 'Volar Plate')",
    ]
    assert re.fullmatch(
        r"vocabulary [0-9a-f]{16} imported: 30,532 descriptors, 93,7\d\d terms, 54,061 tree numbers "
        r"in \d+\.\ds",
        lines[-1],
    )
    shown = run(database_url, "vocab", "show", "liver diseases", "--limit", "0").stdout
    assert "    Liver Failure  D000017093" in shown
