"""Concept expansion: a synonym finds its descriptor, a broader condition finds narrower ones.

Most tests use the hand-written descriptor XML fixture; the store tests run on every engine; the
last ones hold the real shared MeSH files to the examples the search design promises.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared_data import shared_path
from trialbase.ingest.mesh import read_vocabulary
from trialbase.search.concepts import Concept, ConceptIndex, DescriptorRef, _number_variants, term_keys
from trialbase.store import Store
from trialbase.store.vocabulary_store import Descriptor, VocabularyStore

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "mesh" / "desc-sample.xml"

HEART_ATTACK = "D000009203"  # NLM writes D009203
ACLF = "D000065290"


@pytest.fixture(scope="module")
def index() -> ConceptIndex:
    vocabulary = read_vocabulary([FIXTURE])
    return ConceptIndex(vocabulary.descriptors, version=vocabulary.version)


def ids(concepts: list[Concept]) -> list[str]:
    return [concept.descriptor_id for concept in concepts]


def names(refs: list[DescriptorRef]) -> list[str]:
    return [ref.name for ref in refs]


# --- lookup -----------------------------------------------------------------------------------


def test_a_synonym_finds_its_descriptor(index: ConceptIndex) -> None:
    assert index.lookup("heart attack") == [
        Concept(HEART_ATTACK, "Myocardial Infarction", "Heart Attack", "synonym")
    ]
    assert index.lookup("myocardial infarction") == [
        Concept(HEART_ATTACK, "Myocardial Infarction", "Myocardial Infarction", "preferred")
    ]
    assert ids(index.lookup("High Blood Pressure")) == ["D000006973"]


def test_an_abbreviation_in_brackets_names_the_descriptor_alone(index: ConceptIndex) -> None:
    for text in ("ACLF", "aclf", "Acute-on-chronic liver failure (ACLF)", "acute on chronic liver failure"):
        assert ids(index.lookup(text)) == [ACLF], text
    assert index.lookup("ACLF")[0].matched_text == "Acute-On-Chronic Liver Failure (ACLF)"


def test_inverted_forms_match_in_either_word_order(index: ConceptIndex) -> None:
    for text in ("Liver Failure, Acute", "liver failure acute", "acute liver failure", "ACUTE LIVER FAILURE"):
        assert index.lookup(text) == [
            Concept("D000017114", "Liver Failure, Acute", "Liver Failure, Acute", "preferred")
        ], text
    assert ids(index.lookup("acute liver failures")) == ["D000017114"]  # from "Liver Failures, Acute"
    assert index.lookup("failure acute liver") == []


def test_case_punctuation_possessives_and_number_do_not_matter(index: ConceptIndex) -> None:
    for text in ("HEART-ATTACK", "heart attack.", "  heart   attack ", "Heart Attacks", "heart attack's"):
        assert ids(index.lookup(text)) == [HEART_ATTACK], text
    assert ids(index.lookup("liver failures")) == ["D000017093"]  # singular tried when nothing matched
    assert ids(index.lookup("hypertensions")) == ["D000006973"]
    assert ids(index.lookup("Ischemic Strokes")) == ["D000083242"]


def test_number_variants_follow_the_common_english_rules() -> None:
    assert _number_variants("liver diseases") == ["liver disease", "liver diseasis"]
    assert _number_variants("heart attack") == ["heart attacks"]
    assert _number_variants("neoplasm metastasis") == ["neoplasm metastases"]
    assert _number_variants("viruses") == ["virus"]
    assert _number_variants("virus") == ["viruses"]
    assert _number_variants("allergies") == ["allergy"]
    assert _number_variants("allergy") == ["allergies"]
    assert _number_variants("hiv") == []  # too short to tell


def test_lookup_is_exact_not_a_word_search(index: ConceptIndex) -> None:
    for text in ("heart", "attack", "liver", "heart attack treatment", "", "  ", "D009203"):
        assert index.lookup(text) == [], text


def test_an_ambiguous_term_names_every_descriptor_preferred_first() -> None:
    index = ConceptIndex(
        [
            Descriptor("D000009103", "Multiple Sclerosis", (), ("MS",)),
            Descriptor("D000008946", "Mitral Valve Stenosis", (), ("MS",)),
            Descriptor("D000000001", "MS"),
        ]
    )
    assert [(c.preferred_name, c.via) for c in index.lookup("ms")] == [
        ("MS", "preferred"),
        ("Mitral Valve Stenosis", "synonym"),
        ("Multiple Sclerosis", "synonym"),
    ]
    assert index.enrich(["MS"]) == ([], [])  # an ambiguous condition enriches nothing


def test_term_keys_cover_natural_order_and_abbreviations() -> None:
    assert term_keys("Liver Failure, Acute-On-Chronic (ACLF)") == [
        "liver failure acute on chronic aclf",
        "liver failure acute on chronic",
        "aclf",
        "acute on chronic liver failure",
    ]
    assert term_keys("Leukemia, Myeloid, Acute") == ["leukemia myeloid acute", "acute myeloid leukemia"]
    assert term_keys("Inhibition (Psychology)") == [
        "inhibition psychology"
    ]  # a qualifier, not an abbreviation
    assert term_keys("PROM (Pregnancy)") == ["prom pregnancy", "prom"]
    assert term_keys("Congenital, Hereditary, and Neonatal Diseases and Abnormalities") == [
        "congenital hereditary and neonatal diseases and abnormalities"
    ]


# --- one descriptor ---------------------------------------------------------------------------


def test_synonyms_in_natural_word_order_first(index: ConceptIndex) -> None:
    assert index.synonyms("D009203") == [
        "Myocardial Infarctions",
        "Heart Attack",
        "Heart Attacks",
        "Cardiovascular Stroke",
        "Infarction, Myocardial",
        "Stroke, Cardiovascular",
    ]
    assert index.synonyms("D009203") == index.synonyms(HEART_ATTACK)
    assert index.synonyms("D000000001") == index.synonyms("not an id") == []


def test_ancestors_nearest_first_over_every_tree_path(index: ConceptIndex) -> None:
    assert names(index.ancestors("D009203")) == [
        "Myocardial Ischemia",
        "Heart Diseases",
        "Vascular Diseases",
        "Cardiovascular Diseases",
    ]
    assert names(index.ancestors(ACLF)) == [
        "Liver Failure",
        "Hepatic Insufficiency",
        "Liver Diseases",
        "Digestive System Diseases",
    ]
    # a gap in the tree (C14.907.253 is not in the fixture) is stepped over
    assert names(index.ancestors("D000083242")) == ["Vascular Diseases", "Cardiovascular Diseases"]
    assert index.ancestors("D000008297") == []  # no tree numbers


def test_a_broader_condition_finds_narrower_ones(index: ConceptIndex) -> None:
    [liver] = index.lookup("liver diseases")
    assert names(index.narrower(liver.descriptor_id)) == [
        "Hepatic Insufficiency",
        "Liver Failure",
        "Acute-On-Chronic Liver Failure",
        "End Stage Liver Disease",
        "Liver Failure, Acute",
    ]
    assert names(index.narrower(liver.descriptor_id, levels=1)) == ["Hepatic Insufficiency"]
    assert names(index.narrower("D014652")) == [
        "Ischemic Stroke",
        "Hypertension",
        "Myocardial Ischemia",
        "Myocardial Infarction",
    ]
    assert index.narrower(HEART_ATTACK) == []


def test_descriptor_and_tree_numbers(index: ConceptIndex) -> None:
    assert index.descriptor("D009203") == DescriptorRef(HEART_ATTACK, "Myocardial Infarction")
    assert index.descriptor("D999999") is None
    assert index.tree_numbers("D009203") == ["C14.280.647.500", "C14.907.585.500"]
    assert len(index) == 16
    assert not index.is_empty


# --- studies without MeSH terms ---------------------------------------------------------------


def test_enrich_names_the_conditions_descriptors_and_their_ancestors(index: ConceptIndex) -> None:
    meshes, ancestors = index.enrich(
        ["Acute-on-chronic Liver Failure (ACLF)", "Liver Failure", "Hypertension (Essential)", "Healthy"]
    )
    # a bracketed qualifier the vocabulary does not know is set aside; "Healthy" names nothing
    assert meshes == [
        DescriptorRef(ACLF, "Acute-On-Chronic Liver Failure"),
        DescriptorRef("D000017093", "Liver Failure"),
        DescriptorRef("D000006973", "Hypertension"),
    ]
    assert names(ancestors) == [
        "Hepatic Insufficiency",
        "Liver Diseases",
        "Digestive System Diseases",
        "Vascular Diseases",
        "Cardiovascular Diseases",
    ]
    meshes, ancestors = index.enrich(["hypertension", "HYPERTENSION"])
    assert names(meshes) == ["Hypertension"]
    assert names(ancestors) == ["Vascular Diseases", "Cardiovascular Diseases"]


def test_an_empty_index_answers_nothing() -> None:
    empty = ConceptIndex.empty()
    assert empty.is_empty
    assert empty.version is None
    assert len(empty) == 0
    assert empty.lookup("heart attack") == []
    assert empty.synonyms(HEART_ATTACK) == empty.ancestors(HEART_ATTACK) == empty.narrower(HEART_ATTACK) == []
    assert empty.enrich(["Myocardial Infarction"]) == ([], [])


# --- from the store (SQLite and PostgreSQL) ---------------------------------------------------


def test_loaded_from_the_store_it_answers_the_same(store: Store) -> None:
    assert ConceptIndex.load(store).is_empty
    vocabulary = read_vocabulary([FIXTURE])
    info = VocabularyStore(store).replace(
        vocabulary.descriptors, source="desc-sample.xml", version=vocabulary.version
    )
    assert (info.descriptor_count, info.term_count, info.tree_number_count) == (16, 58, 17)
    loaded = ConceptIndex.load(store)
    built = ConceptIndex(vocabulary.descriptors, version=vocabulary.version)
    assert loaded.version == vocabulary.version == VocabularyStore(store).version()
    for text in ("heart attack", "ACLF", "acute liver failure", "liver diseases", "high blood pressure"):
        assert loaded.lookup(text) == built.lookup(text), text
    for item in vocabulary.descriptors:
        assert loaded.synonyms(item.id) == built.synonyms(item.id)
        assert loaded.ancestors(item.id) == built.ancestors(item.id)
        assert loaded.narrower(item.id) == built.narrower(item.id)


def test_a_failed_import_leaves_the_previous_vocabulary(store: Store) -> None:
    vocabularies = VocabularyStore(store)
    vocabulary = read_vocabulary([FIXTURE])
    vocabularies.replace(vocabulary.descriptors, source="desc-sample.xml", version=vocabulary.version)
    before = vocabularies.info()
    starter = read_vocabulary([], starter=True)

    def interrupted(done: int, total: int) -> None:
        raise KeyboardInterrupt  # stopped halfway through writing

    with pytest.raises(KeyboardInterrupt):
        vocabularies.replace(
            starter.descriptors, source="starter", version=starter.version, progress=interrupted
        )
    clash = [Descriptor("D000000001", "A", ("C01",)), Descriptor("D000000002", "B", ("C01",))]
    with pytest.raises(ValueError, match="tree number C01 is given to both D000000001 and D000000002"):
        vocabularies.replace(clash, source="bad", version="bad")
    assert vocabularies.info() == before
    index = ConceptIndex.load(store)
    assert index.version == vocabulary.version
    assert ids(index.lookup("heart attack")) == [HEART_ATTACK]
    assert len(index) == 16


def test_replacing_swaps_the_whole_vocabulary(store: Store) -> None:
    vocabularies = VocabularyStore(store)
    vocabulary = read_vocabulary([FIXTURE])
    vocabularies.replace(vocabulary.descriptors, source="desc-sample.xml", version=vocabulary.version)
    starter = read_vocabulary([], starter=True)
    vocabularies.replace(starter.descriptors, source=starter.source, version=starter.version)
    index = ConceptIndex.load(store)
    assert index.version == starter.version
    assert index.lookup("Fulminant Hepatic Failure") == []  # a term only the fixture had
    assert index.tree_numbers(HEART_ATTACK) == []
    assert ids(index.lookup("heart attack")) == [HEART_ATTACK]


# --- the shared MeSH files --------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared_index() -> ConceptIndex:
    vocabulary = read_vocabulary(
        [
            shared_path("vocab/mesh/mesh2026-entry-terms.json"),
            shared_path("vocab/mesh/mesh2026-descriptors.csv"),
            shared_path("vocab/mesh/mesh2014-trees.csv"),
        ]
    )
    return ConceptIndex(vocabulary.descriptors, version=vocabulary.version)


@pytest.mark.shared_data
def test_the_real_vocabulary_keeps_the_design_promises(shared_index: ConceptIndex) -> None:
    assert ids(shared_index.lookup("heart attack")) == [HEART_ATTACK]
    assert shared_index.lookup("ACLF") == [
        Concept(ACLF, "Acute-On-Chronic Liver Failure", "Acute-On-Chronic Liver Failure (ACLF)", "synonym")
    ]
    assert ids(shared_index.lookup("high blood pressure")) == ["D000006973"]
    assert ids(shared_index.lookup("acute liver failure")) == ["D000017114"]
    assert ids(shared_index.lookup("Diabetes Mellitus, Type 2")) == ids(
        shared_index.lookup("type 2 diabetes mellitus")
    )
    [liver] = shared_index.lookup("liver diseases")
    assert "Liver Failure" in names(shared_index.narrower(liver.descriptor_id))
    assert names(shared_index.ancestors(HEART_ATTACK))[:2] == ["Myocardial Ischemia", "Heart Diseases"]


@pytest.mark.shared_data
def test_the_real_vocabulary_enriches_legacy_condition_names(shared_index: ConceptIndex) -> None:
    meshes, ancestors = shared_index.enrich(["Hepatic Failure", "Breast Cancer", "Healthy"])
    assert names(meshes) == ["Liver Failure", "Breast Neoplasms"]
    assert {"Liver Diseases", "Neoplasms by Site", "Neoplasms"} <= set(names(ancestors))
