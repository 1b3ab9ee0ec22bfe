"""Index documents: each field family filled from the v2 document as docs/design/search.md says."""

from __future__ import annotations

import copy
import datetime as dt
import time

import orjson
import pytest
import tantivy

from tests.factories import full_study, minimal_study
from tests.index.conftest import matching
from tests.shared_data import v2_documents
from trialbase.index.documents import BEGIN, END, SORT_FACTOR, SORT_MISSING, document_json, index_document
from trialbase.index.geohash import cell_terms
from trialbase.index.schema import (
    DATE_PIECES,
    FACET_FIELDS,
    build_schema,
    open_tantivy,
    other_field,
    text_analyzer,
)
from trialbase.index.site_text import GAP_WORD, MAX_FACILITY_WORDS, SITE_GAP, SITE_SLOP, site_text
from trialbase.index.sites import unpack_sites

EPOCH = dt.date(1970, 1, 1)


def days(year: int, month: int, day: int) -> int:
    return (dt.date(year, month, day) - EPOCH).days


def test_identity_and_area_text_with_coverage_markers() -> None:
    fields = index_document(full_study(), nct_id="NCT90000002")
    assert fields["nct_id"] == "NCT90000002"
    assert fields["nct_number"] == 90000002
    assert fields["BriefTitle"] == [f"{BEGIN} Aspirin After Heart Attack (test fixture) {END}"]
    assert fields["Condition"] == ["zzbeginzz Myocardial Infarction zzendzz"]
    assert fields["InterventionName"] == ["zzbeginzz Aspirin zzendzz", "zzbeginzz Placebo zzendzz"]
    assert fields["ConditionMeshTerm"] == ["zzbeginzz Myocardial Infarction zzendzz"]
    assert fields["NCTIdAlias"] == ["zzbeginzz NCT90009999 zzendzz"]
    assert "OfficialTitle" in fields
    assert "EligibilityCriteria" in fields
    assert "Acronym" in fields
    assert "CollaboratorName" not in fields


def test_enum_pieces_hold_the_value_and_its_legacy_label() -> None:
    fields = index_document(full_study(), nct_id="NCT90000002")
    assert fields["Phase"] == [
        "zzbeginzz PHASE2 zzendzz",
        "zzbeginzz PHASE3 zzendzz",
        "zzbeginzz Phase 2 zzendzz",
        "zzbeginzz Phase 3 zzendzz",
    ]
    assert "zzbeginzz Placebo Comparator zzendzz" in fields["ArmGroupType"]
    assert fields["LocationStatus"] == ["zzbeginzz RECRUITING zzendzz", "zzbeginzz Recruiting zzendzz"]
    assert fields["LeadSponsorClass"] == ["zzbeginzz OTHER zzendzz", "zzbeginzz Other zzendzz"]
    assert "zzbeginzz Older Adult zzendzz" in fields["StdAge"]


def test_partial_dates_cover_their_whole_month_or_year() -> None:
    document = full_study()
    document["protocolSection"]["statusModule"]["primaryCompletionDateStruct"]["date"] = "2025"
    fields = index_document(document, nct_id="NCT90000002")
    assert (fields["StartDate_lo"], fields["StartDate_hi"]) == ([days(2023, 3, 1)], [days(2023, 3, 31)])
    assert fields["PrimaryCompletionDate_lo"] == [days(2025, 1, 1)]
    assert fields["PrimaryCompletionDate_hi"] == [days(2025, 12, 31)]
    assert fields["LastUpdatePostDate_lo"] == fields["LastUpdatePostDate_hi"] == [days(2024, 5, 2)]
    assert fields["VersionHolder_lo"] == [days(2024, 5, 3)]
    assert "ResultsFirstPostDate_lo" not in fields  # absent when missing


def test_ages_in_days_with_open_ended_defaults() -> None:
    fields = index_document(full_study(), nct_id="NCT90000002")
    assert fields["MinimumAge_days"] == pytest.approx(18 * 365.25)
    assert fields["MaximumAge_days"] == pytest.approx(80 * 365.25)
    bare = index_document(minimal_study(), nct_id="NCT90000001")
    assert bare["MinimumAge_days"] == 0.0
    assert bare["MaximumAge_days"] == 1e9


def test_numbers_present_and_sizes() -> None:
    document = full_study()
    document["protocolSection"]["conditionsModule"]["conditions"] += ["Angina", "Stroke"]
    fields = index_document(document, nct_id="NCT90000002")
    assert fields["EnrollmentCount"] == [120]
    present = set(fields["present"])
    assert {"BriefTitle", "Condition", "Location", "LocationCity", "EnrollmentCount", "HasResults"} <= present
    assert {"ProtocolSection", "DesignModule", "ConditionBrowseModule"} <= present
    assert "ResultsSection" not in present
    assert "CollaboratorName" not in present
    sizes = set(fields["sizes"])
    assert {"Condition=3", "Location=1", "Phase=2", "ArmGroup=2", "Intervention=2", "NCTIdAlias=1"} <= sizes
    assert not any(size.startswith("Collaborator=") for size in sizes)  # absent means 0


def test_sort_keys_are_unique_and_put_missing_values_last_both_ways() -> None:
    fields = index_document(full_study(), nct_id="NCT90000002")
    assert fields["sort_StartDate_asc"] == days(2023, 3, 1) * SORT_FACTOR + 90000002
    assert fields["sort_StartDate_desc"] == fields["sort_StartDate_asc"]
    assert fields["sort_EnrollmentCount_asc"] == 120 * SORT_FACTOR + 90000002
    assert fields["sort_NCTId_asc"] == 90000002 * SORT_FACTOR + 90000002
    assert fields["sort_ResultsFirstPostDate_asc"] == SORT_MISSING * SORT_FACTOR + 90000002
    assert fields["sort_ResultsFirstPostDate_desc"] == -SORT_MISSING * SORT_FACTOR + 90000002
    assert fields["sort_ResultsFirstPostDate_asc"] < 2**63


def test_facets_hold_v2_values() -> None:
    document = full_study()
    document["documentSection"] = {
        "largeDocumentModule": {"largeDocs": [{"hasProtocol": True, "hasSap": True, "hasIcf": False}]}
    }
    fields = index_document(document, nct_id="NCT90000002")
    assert fields["f_status"] == ["RECRUITING"]
    assert fields["f_phase"] == ["PHASE2", "PHASE3"]
    assert fields["f_study_type"] == ["INTERVENTIONAL"]
    assert fields["f_sex"] == ["ALL"]
    assert fields["f_std_age"] == ["ADULT", "OLDER_ADULT"]
    assert fields["f_healthy"] == ["false"]
    assert fields["f_funder_type"] == ["OTHER"]
    assert fields["f_sponsor"] == ["Trialbase Test Hospital"]
    assert fields["f_results"] == ["without"]
    assert fields["f_docs"] == ["prot", "sap"]
    assert fields["f_country"] == ["France"]
    assert fields["f_condition"] == ["Myocardial Infarction"]  # the MeSH term
    assert fields["f_intervention"] == ["Aspirin", "Placebo"]  # no MeSH terms: the names


def test_condition_facet_falls_back_to_the_conditions_as_written() -> None:
    document = full_study()
    document["protocolSection"]["conditionsModule"]["conditions"] = ["Heart attack", "Heart attack"]
    del document["derivedSection"]["conditionBrowseModule"]
    document["hasResults"] = True
    fields = index_document(document, nct_id="NCT90000002")
    assert fields["f_condition"] == ["Heart attack"]
    assert fields["f_results"] == ["with"]


def test_geo_cells_and_packed_sites() -> None:
    document = full_study()
    locations = document["protocolSection"]["contactsLocationsModule"]["locations"]
    locations.append({"facility": "No coordinates", "status": "WITHDRAWN", "country": "France"})
    fields = index_document(document, nct_id="NCT90000002")
    assert fields["geo_cell"] == cell_terms(45.74846, 4.84671)
    assert fields["geo_cell"][:2] == ["2:u0", "3:u05"]
    lyon, unknown = unpack_sites(fields["sites"])
    assert lyon.lat == pytest.approx(45.74846, abs=1e-5)
    assert lyon.status == "RECRUITING"
    assert not unknown.has_point
    assert unknown.status == "WITHDRAWN"
    assert fields["f_country"] == ["France"]


def test_every_other_leaf_piece_has_a_text_field_and_misc_info_has_none() -> None:
    document = full_study()
    before = copy.deepcopy(document)
    fields = index_document(document, nct_id="NCT90000002")
    assert document == before  # the stored document is not touched
    assert fields[other_field("OverallStatus")] == ["RECRUITING"]
    assert fields[other_field("Sex")] == ["ALL"]
    assert fields[other_field("ConditionMeshId")] == ["D009203"]
    assert fields[other_field("OrgClass")] == ["OTHER"]
    assert fields[other_field("HasResults")] == ["false"]  # booleans as words
    # Area pieces live in their own fields only; miscInfoModule (bookkeeping) nowhere.
    assert other_field("BriefTitle") not in fields
    assert not [name for name in fields if name.startswith("t_") and name[2:] in ("VersionHolder",)]
    assert "doc" not in fields


def test_other_pieces_hold_each_distinct_value_once() -> None:
    """Results tables repeat values (group ids, descriptions) across measures: a ``t_`` field
    holds each once, in first-seen order, while ``sizes`` still counts them all."""
    document = full_study()
    arms = document["protocolSection"]["armsInterventionsModule"]["armGroups"]
    arms[0]["interventionNames"] = ["Drug: Aspirin", "Drug: Placebo"]
    arms[1]["interventionNames"] = ["Drug: Placebo", "Drug: Aspirin"]
    fields = index_document(document, nct_id="NCT90000002")
    assert fields[other_field("ArmGroupInterventionName")] == ["Drug: Aspirin", "Drug: Placebo"]
    assert "ArmGroupInterventionName=4" in fields["sizes"]


def test_documents_go_into_tantivy_as_json() -> None:
    """Index documents go in as JSON (tantivy parses it faster than it converts a dict)."""
    index = open_tantivy()
    schema = build_schema()
    writer = index.writer(heap_size=15_000_000, num_threads=1)
    writer.add_json(document_json(full_study(), nct_id="NCT90000002"))
    writer.add_json(document_json(full_study("NCT90000003"), nct_id="NCT90000003"))
    writer.commit()
    index.reload()
    searcher = index.searcher()
    both = ["NCT90000002", "NCT90000003"]
    assert matching(searcher, schema, "f_phase", "PHASE3") == both
    assert matching(searcher, schema, "Condition", "infarct") == both  # stemmed, lower case
    assert matching(searcher, schema, "geo_cell", "4:u05k") == both
    assert matching(searcher, schema, other_field("OverallStatus"), "recruit") == both
    stored = searcher.doc(
        searcher.search(tantivy.Query.term_query(schema, "nct_id", "NCT90000002")).hits[0][1]
    )
    assert len(unpack_sites(stored["sites"][0])) == 1
    same_site = tantivy.Query.phrase_query(schema, "site_text", ["c:lyon", "t:recruiting"], slop=SITE_SLOP)
    assert len(searcher.search(same_site).hits) == 2


@pytest.mark.shared_data
@pytest.mark.slow
def test_every_real_study_indexes(capsys: pytest.CaptureFixture[str]) -> None:
    documents = list(v2_documents())
    assert len(documents) == 1027
    ids = [document["protocolSection"]["identificationModule"]["nctId"] for document in documents]
    started = time.perf_counter()
    payloads = [
        document_json(document, nct_id=nct_id) for document, nct_id in zip(documents, ids, strict=True)
    ]
    per_document = (time.perf_counter() - started) / len(documents) * 1e6
    index = open_tantivy()
    writer = index.writer(heap_size=100_000_000, num_threads=2)
    for payload in payloads:
        writer.add_json(payload)
    writer.commit()
    index.reload()
    searcher = index.searcher()
    schema = build_schema()
    assert searcher.num_docs == 1027
    parsed = [orjson.loads(payload) for payload in payloads]
    for fields in parsed:
        assert fields["f_results"]
        assert fields["NCTId"]
        assert all(value.startswith(BEGIN) and value.endswith(END) for value in fields["BriefTitle"])
        assert fields["MinimumAge_days"] <= fields["MaximumAge_days"]
        for name in DATE_PIECES:
            if f"{name}_lo" in fields:
                assert all(
                    lo <= hi for lo, hi in zip(fields[f"{name}_lo"], fields[f"{name}_hi"], strict=True)
                )
    assert sum("f_status" in fields for fields in parsed) > 1000
    assert sum("StudyType" in fields for fields in parsed) > 1000
    assert sum("geo_cell" in fields for fields in parsed) > 500
    assert all(any(name in fields for fields in parsed) for name in FACET_FIELDS)
    with_results = sum(fields["f_results"] == ["with"] for fields in parsed)
    assert len(matching(searcher, schema, "f_results", "with")) == with_results
    with capsys.disabled():
        print(f"\nindex documents of real studies: {per_document:.0f} µs each (measured, not asserted)")


def test_site_text_keeps_each_sites_words_together_and_sites_apart() -> None:
    analyze = text_analyzer().analyze
    long_name = " ".join(f"word{n}" for n in range(40))
    text = site_text(
        [
            {"facility": long_name, "city": "Lyon", "status": "RECRUITING"},
            {"facility": "Second", "city": "Paris"},
            {"country": ""},
        ],
        analyze,
    )
    first, second = text.split(f" {SITE_GAP} ")
    assert first.split() == [
        *(f"f:word{n}" for n in range(MAX_FACILITY_WORDS)),
        "c:lyon",
        "t:recruiting",
    ]
    assert second == "f:second c:pari"
    # Any two words of one site are within the slop; words of two sites never are.
    assert len(first.split()) <= SITE_SLOP
    assert len(SITE_GAP.split()) > SITE_SLOP
    assert site_text([{"facility": ""}], analyze) == ""


def test_the_gap_between_sites_keeps_its_positions_but_is_not_indexed() -> None:
    """The filler words between sites hold the sites apart without a posting of their own."""
    document = full_study()
    document["protocolSection"]["contactsLocationsModule"]["locations"] = [
        {"facility": "North", "city": "Lyon", "status": "COMPLETED"},
        {"facility": "South", "city": "Paris", "status": "RECRUITING"},
    ]
    index = open_tantivy()
    schema = build_schema()
    writer = index.writer(heap_size=15_000_000, num_threads=1)
    writer.add_json(document_json(document, nct_id="NCT90000002"))
    writer.commit()
    index.reload()
    searcher = index.searcher()

    def sites(*words: str) -> int:
        query = tantivy.Query.phrase_query(schema, "site_text", list(words), slop=SITE_SLOP)
        return len(searcher.search(query).hits)

    assert sites("c:pari", "t:recruiting") == 1
    assert sites("c:lyon", "t:recruiting") == 0  # Lyon's site is not the recruiting one
    assert searcher.doc_freq("site_text", GAP_WORD) == 0


def test_the_number_of_arm_groups_is_a_sort_key_with_none_last() -> None:
    two = index_document(full_study(), nct_id="NCT90000002")
    none = index_document(minimal_study("NCT90000001"), nct_id="NCT90000001")
    assert two["sort_NumArmGroups_asc"] == two["sort_NumArmGroups_desc"] == 2 * SORT_FACTOR + 90000002
    assert none["sort_NumArmGroups_asc"] == SORT_MISSING * SORT_FACTOR + 90000001
    assert none["sort_NumArmGroups_desc"] == -SORT_MISSING * SORT_FACTOR + 90000001
