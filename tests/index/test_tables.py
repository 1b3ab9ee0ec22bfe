"""The generated field tables: complete, current with their generator, and easy to look things up in."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tools import gen_index_tables

from tests.shared_data import shared_path
from trialbase.index.areas import AREA_PIECES, AREAS, area, area_for_param, search_areas_json
from trialbase.index.pieces import PIECES, ROOTS, metadata_tree, piece

ROOT = Path(__file__).resolve().parents[2]


def _formatted(source: str, name: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", name, "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return done.stdout


@pytest.mark.shared_data
def test_the_tables_give_back_the_published_json_exactly() -> None:
    metadata = json.loads(shared_path("spec/studies-metadata.json").read_text())
    areas = json.loads(shared_path("spec/search-areas.json").read_text())
    assert json.dumps(metadata_tree()) == json.dumps(metadata)  # same keys, same order
    assert json.dumps(search_areas_json()) == json.dumps(areas)


@pytest.mark.shared_data
def test_the_committed_tables_are_what_the_generator_writes() -> None:
    metadata = json.loads(shared_path("spec/studies-metadata.json").read_text())
    areas = json.loads(shared_path("spec/search-areas.json").read_text())
    pieces_source = gen_index_tables.pieces_module(metadata)
    areas_source = gen_index_tables.areas_module(areas, set(PIECES))
    index = ROOT / "src" / "trialbase" / "index"
    assert _formatted(pieces_source, "src/trialbase/index/pieces.py") == (index / "pieces.py").read_text()
    assert _formatted(areas_source, "src/trialbase/index/areas.py") == (index / "areas.py").read_text()


def test_every_piece_has_a_path_and_lookups_accept_names_alternatives_and_paths() -> None:
    assert len(PIECES) == 454
    assert ROOTS[0] == "ProtocolSection"
    title = PIECES["BriefTitle"]
    assert title.path == "protocolSection.identificationModule.briefTitle"
    assert title.field == "briefTitle"
    assert piece("brieftitle") is title
    assert piece("BRIEF-TITLE") is title
    assert piece("protocolSection.identificationModule.briefTitle") is title
    assert piece("PROTOCOLSECTION.IDENTIFICATIONMODULE.BRIEFTITLE") is title
    assert piece("NoSuchPiece") is None
    # An alternative name never hides a piece of that name.
    assert piece("acronym") is PIECES["Acronym"]
    assert piece("phase") is PIECES["Phase"]
    assert piece("gender") is PIECES["Sex"]


def test_list_pieces_repeated_pieces_and_enums() -> None:
    assert PIECES["Condition"].is_list
    assert PIECES["Condition"].type == "text[]"
    assert PIECES["Location"].is_list
    assert PIECES["Location"].nested
    city = PIECES["LocationCity"]
    assert not city.is_list
    assert city.repeated
    assert city.parent == "Location"
    assert not PIECES["BriefTitle"].repeated
    assert PIECES["Phase"].enum_type == "Phase"
    assert PIECES["StdAge"].enum_type == "StandardAge"
    assert PIECES["BriefTitle"].enum_type is None
    submitted = PIECES["ResultsFirstSubmitDate"]
    assert submitted.title == "Results First Submitted Date"
    assert submitted.rules == "System generated"
    assert PIECES["BriefTitle"].ded_link is not None


def test_areas_by_name_and_by_parameter() -> None:
    assert len(AREAS) == 19
    conditions = area_for_param("cond")
    assert conditions is not None
    assert conditions is area("conditionsearch")
    assert conditions.name == "ConditionSearch"
    assert conditions.ui_label == "Conditions or disease"
    assert conditions.parts[0].pieces == ("Condition",)
    assert conditions.parts[0].weight == 0.95
    assert area_for_param("query.term") is AREAS["BasicSearch"]
    assert area_for_param("nope") is None
    assert len(AREA_PIECES) == 66
    assert all(name in PIECES for name in AREA_PIECES)
    phase = next(part for part in AREAS["BasicSearch"].parts if part.pieces == ("Phase",))
    assert phase.is_enum
    assert phase.type == "Phase"
    assert not phase.is_synonyms
