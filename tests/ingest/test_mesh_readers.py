"""Reading MeSH vocabulary files: NLM's descriptor XML, JSON descriptors, the descriptor CSV and
tree-number lines, combined; and the messages people get for files that cannot be imported."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from tests.shared_data import shared_path
from trialbase.ingest.mesh import VocabularyFileError, read_vocabulary, vocabulary_version
from trialbase.store.vocabulary_store import Descriptor, descriptor_id, term_key

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "mesh" / "desc-sample.xml"
MESH = "vocab/mesh"


def by_id(descriptors: list[Descriptor]) -> dict[str, Descriptor]:
    return {item.id: item for item in descriptors}


def problems_of(paths: list[Path]) -> list[str]:
    with pytest.raises(VocabularyFileError) as caught:
        read_vocabulary(paths)
    return [str(problem) for problem in caught.value.problems]


def xml_file(path: Path, records: str) -> Path:
    path.write_text(
        f'<?xml version="1.0"?>\n<DescriptorRecordSet LanguageCode="eng">\n{records}</DescriptorRecordSet>\n'
    )
    return path


def record(ui: str, name: str, *trees: str) -> str:
    tree_list = "".join(f"<TreeNumber>{tree}</TreeNumber>" for tree in trees)
    return (
        f"<DescriptorRecord><DescriptorUI>{ui}</DescriptorUI><DescriptorName><String>{name}</String>"
        f"</DescriptorName><TreeNumberList>{tree_list}</TreeNumberList></DescriptorRecord>\n"
    )


# --- descriptor XML ---------------------------------------------------------------------------


def test_descriptor_xml_gives_ids_names_tree_numbers_and_terms() -> None:
    vocabulary = read_vocabulary([FIXTURE])
    found = by_id(vocabulary.descriptors)
    assert len(found) == 16
    heart_attack = found["D000009203"]
    assert heart_attack.name == "Myocardial Infarction"
    assert heart_attack.tree_numbers == ("C14.280.647.500", "C14.907.585.500")
    # every concept's terms, the preferred concept first, the name itself not repeated
    assert heart_attack.entry_terms[:2] == ("Infarction, Myocardial", "Myocardial Infarctions")
    assert "Cardiovascular Stroke" in heart_attack.entry_terms
    assert "Myocardial Infarction" not in heart_attack.entry_terms
    # ids nested in other elements (pharmacological actions, see-related) are not descriptors
    assert "D000000894" not in found
    assert "D000012459" not in found
    assert found["D000001241"].entry_terms == ("Acetylsalicylic Acid", "Acid, Acetylsalicylic")
    assert "drug therapy" not in found["D000001241"].entry_terms  # a qualifier name, not a term
    assert found["D000008297"].tree_numbers == ()  # a check tag has no place in the tree
    assert found["D000083242"].name == "Ischemic Stroke"  # nine-digit ids stay as they are
    [summary] = vocabulary.sources
    assert summary.describe() == f"{FIXTURE}: descriptor XML, 16 descriptors, 58 terms"


def test_gzipped_xml_reads_the_same_whatever_its_name(tmp_path: Path) -> None:
    packed = tmp_path / "mesh.data"
    packed.write_bytes(gzip.compress(FIXTURE.read_bytes()))
    assert read_vocabulary([packed]).descriptors == read_vocabulary([FIXTURE]).descriptors


def test_a_truncated_gzip_is_reported_and_nothing_is_read(tmp_path: Path) -> None:
    packed = gzip.compress(FIXTURE.read_bytes())
    cut = tmp_path / "desc2026.xml.gz"
    cut.write_bytes(packed[: len(packed) // 2])
    [message] = problems_of([cut])
    assert message.startswith(f"{cut}: the gzip stream ends before its end marker")


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    lines = FIXTURE.read_text().splitlines()
    broken = tmp_path / "desc2026.xml"
    broken.write_text("\n".join(lines[:100]) + "\n</DescriptorRecordSet>\n")
    [message] = problems_of([broken])
    assert message.startswith(f"{broken}, line 101, column 3: not well-formed XML (mismatched tag)")


def test_every_bad_record_is_listed_with_its_number(tmp_path: Path) -> None:
    path = xml_file(
        tmp_path / "desc.xml",
        record("D009203", "Myocardial Infarction", "C14.280.647.500")
        + "<DescriptorRecord><DescriptorName><String>No Id</String></DescriptorName></DescriptorRecord>\n"
        + record("X123", "Bad Id")
        + record("D006973", "Hypertension", "C14.907.489", "C14-907")
        + record("D006973", "Hypertension again"),
    )
    assert problems_of([path]) == [
        f"{path}, record 2: has no <DescriptorUI>",
        f"{path}, record 3 (X123): 'X123' is not a MeSH descriptor id (D and six or nine digits, "
        "e.g. D009203 or D000009203)",
        f"{path}, record 4 (D006973): has an invalid tree number 'C14-907'",
    ]


def test_a_descriptor_listed_twice_in_one_file_is_a_problem(tmp_path: Path) -> None:
    path = xml_file(tmp_path / "desc.xml", record("D006973", "Hypertension") + record("D006973", "Again"))
    assert problems_of([path]) == [f"{path}: descriptor D000006973 is listed twice"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("<SupplementalRecordSet></SupplementalRecordSet>", "this is MeSH supplementary concept records"),
        ("<QualifierRecordSet></QualifierRecordSet>", "this is MeSH qualifiers (qual20XX.xml)"),
        ("<clinical_study></clinical_study>", "this is XML whose root element is <clinical_study>"),
        ("*NEWRECORD\nRECTYPE = D\n", "this is the MeSH ASCII format (d20XX.bin); import desc20XX.xml"),
        ("hello world\n", "not a MeSH file Trialbase reads: expected desc20XX.xml"),
        ("", "the file is empty"),
        (
            '<?xml version="1.0"?>\n<DescriptorRecordSet LanguageCode="eng"/>\n',
            "no descriptors: the files hold no",
        ),
    ],
)
def test_other_files_are_refused_with_what_was_found(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "input"
    path.write_text(content)
    [message] = problems_of([path])
    assert message.startswith(f"{path}: {expected}")


# --- JSON, CSV and tree numbers, and combining them ---------------------------------------------


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data))
    return path


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in lines))
    return path


def test_json_csv_and_tree_lines_combine_into_one_vocabulary(tmp_path: Path) -> None:
    terms = write_json(
        tmp_path / "terms.json",
        [
            {
                "id": "D009203",
                "name": "Myocardial Infarction",
                "synonyms": ["Myocardial Infarction", "Heart Attack"],
            },
            {"id": "D000065290", "name": "Acute-On-Chronic Liver Failure", "synonyms": ["ACLF Old Name"]},
            {"id": "D017093", "name": "Liver Failure", "synonyms": ["Hepatic Failure"]},
        ],
    )
    names = write_lines(
        tmp_path / "names.csv",
        "id,scheme,subject",
        "https://id.nlm.nih.gov/mesh/D009203,MeSH,Myocardial Infarction",
        "https://id.nlm.nih.gov/mesh/D008107,MeSH,Liver Diseases",
        "https://id.nlm.nih.gov/mesh/D017093,MeSH,Liver Failure",
        "https://id.nlm.nih.gov/mesh/D000065290,MeSH,Acute-On-Chronic Liver Failure",
    )
    trees = write_lines(
        tmp_path / "trees.bin",
        "Liver Diseases;C06.552",
        "Hepatic Failure;C06.552.308.500",  # a former name, now an entry term: joined through it
        "Myocardial Infarction;C14.280.647.500",
        "Myocardial Infarction;C14.907.585.500",
        "Cardiovascular Stroke;C14.999",  # names nothing here
    )
    vocabulary = read_vocabulary([terms, names, trees])
    found = by_id(vocabulary.descriptors)
    assert sorted(found) == ["D000008107", "D000009203", "D000017093", "D000065290"]
    assert found["D000009203"] == Descriptor(
        "D000009203", "Myocardial Infarction", ("C14.280.647.500", "C14.907.585.500"), ("Heart Attack",)
    )
    assert found["D000017093"].tree_numbers == ("C06.552.308.500",)
    assert found["D000008107"] == Descriptor("D000008107", "Liver Diseases", ("C06.552",), ())
    assert found["D000065290"].tree_numbers == ()
    assert [summary.describe() for summary in vocabulary.sources] == [
        f"{terms}: descriptor JSON, 3 descriptors, 6 terms",
        f"{names}: descriptor CSV, 4 descriptors, 4 terms",
        f"{trees}: tree numbers, 5 tree numbers, 4 placed by name; 1 lines name no descriptor "
        "(e.g. 'Cardiovascular Stroke')",
    ]
    assert vocabulary.source == "terms.json + names.csv + trees.bin"


def test_a_later_file_with_another_name_adds_it_as_an_entry_term(tmp_path: Path) -> None:
    first = write_json(
        tmp_path / "a.json", [{"id": "D009203", "name": "Myocardial Infarction", "synonyms": []}]
    )
    second = write_json(tmp_path / "b.json", {"descriptors": [{"id": "D009203", "name": "Heart Attack"}]})
    [item] = read_vocabulary([first, second]).descriptors
    assert (item.name, item.entry_terms) == ("Myocardial Infarction", ("Heart Attack",))


def test_descriptor_xml_tree_numbers_win_over_tree_lines(tmp_path: Path) -> None:
    trees = write_lines(
        tmp_path / "mtrees2014.bin", "Myocardial Infarction;C14.280.647.500", "Liver Failure;C06.999"
    )
    vocabulary = read_vocabulary([FIXTURE, trees])
    found = by_id(vocabulary.descriptors)
    assert found["D000009203"].tree_numbers == ("C14.280.647.500", "C14.907.585.500")
    assert found["D000017093"].tree_numbers == ("C06.552.308.500",)
    assert vocabulary.sources[1].describe() == (
        f"{trees}: tree numbers, 2 tree numbers, 0 placed by name; "
        "2 left to the descriptor XML's own tree numbers"
    )


def test_tree_lines_alone_are_refused(tmp_path: Path) -> None:
    trees = write_lines(tmp_path / "trees.csv", "Liver Diseases;C06.552")
    [message] = problems_of([trees])
    assert message.startswith(f"{trees}: no descriptors: tree-number lines name descriptors only by name")


def test_json_problems_name_the_record(tmp_path: Path) -> None:
    path = write_json(
        tmp_path / "terms.json",
        [
            {"id": "D009203", "name": "Myocardial Infarction", "synonyms": ["Heart Attack"]},
            {"id": "D9203", "name": "Short Id"},
            {"id": "D006973", "name": "", "synonyms": "High Blood Pressure"},
            {"id": "D017093", "name": "Liver Failure", "treeNumbers": ["C06.552.308.500", "6.552"]},
            "Hypertension",
        ],
    )
    assert problems_of([path]) == [
        f"{path}, record 2 (D9203): 'D9203' is not a MeSH descriptor id (D and six or nine digits, "
        "e.g. D009203 or D000009203)",
        f'{path}, record 3 (D006973): "name" is missing or empty',
        f'{path}, record 3 (D006973): "synonyms" must be a list of strings',
        f"{path}, record 4 (D017093): invalid tree number '6.552'",
        f'{path}, record 5: expected an object with "id", "name" and "synonyms"',
    ]


def test_broken_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "terms.json"
    path.write_text('[\n  {"id": "D009203",\n  "name": }\n]\n')
    [message] = problems_of([path])
    assert message.startswith(f"{path}, line 3, column 11: not valid JSON")


def test_csv_and_tree_line_problems_name_the_line(tmp_path: Path) -> None:
    names = write_lines(
        tmp_path / "names.csv", "id,name", "D009203,Myocardial Infarction", "D12,Bad", "D006973,"
    )
    trees = write_lines(tmp_path / "trees.txt", "Liver Diseases;C06.552", "Liver Failure;C06.552.308.5")
    assert problems_of([names, trees]) == [
        f"{names}, line 3: 'D12' is not a MeSH descriptor id (D and six or nine digits, "
        "e.g. D009203 or D000009203)",
        f"{names}, line 4 (D000006973): the name is empty",
        f"{trees}, line 2: expected 'name;tree number' (e.g. 'Liver Diseases;C06.552'), "
        "found 'Liver Failure;C06.552.308.5'",
    ]


def test_the_version_follows_the_content_not_the_order() -> None:
    descriptors = read_vocabulary([FIXTURE]).descriptors
    assert vocabulary_version(list(reversed(descriptors))) == vocabulary_version(descriptors)
    renamed = [
        Descriptor(item.id, item.name + "x", item.tree_numbers, item.entry_terms) for item in descriptors
    ]
    assert vocabulary_version(renamed) != vocabulary_version(descriptors)


def test_the_starter_vocabulary_has_everyday_names() -> None:
    vocabulary = read_vocabulary([], starter=True)
    found = by_id(vocabulary.descriptors)
    assert len(found) >= 40
    assert "heart attack" in found[descriptor_id("D009203")].entry_terms
    assert "ACLF" in found[descriptor_id("D065290")].entry_terms
    assert "high blood pressure" in found[descriptor_id("D006973")].entry_terms
    assert vocabulary.source == "Trialbase starter vocabulary"


def test_ids_and_keys() -> None:
    assert descriptor_id(" d009203 ") == descriptor_id("D000009203") == "D000009203"
    assert term_key("Alzheimer's  Disease") == term_key("alzheimer disease") == "alzheimer disease"
    assert term_key("Ménière’s Disease") == "meniere disease"
    assert term_key("Acute-On-Chronic Liver Failure (ACLF)") == "acute on chronic liver failure aclf"


# --- the shared MeSH files --------------------------------------------------------------------


@pytest.mark.shared_data
def test_the_three_shared_files_combine() -> None:
    paths = [
        shared_path(f"{MESH}/mesh2026-entry-terms.json"),
        shared_path(f"{MESH}/mesh2026-descriptors.csv"),
        shared_path(f"{MESH}/mesh2014-trees.csv"),
    ]
    vocabulary = read_vocabulary(paths)
    found = by_id(vocabulary.descriptors)
    assert len(found) == 30_532
    assert sum(len(item.entry_terms) + 1 for item in found.values()) == 93_608
    assert found["D000009203"].tree_numbers == ("C14.280.647.500", "C14.907.585.500")
    assert "Acute-On-Chronic Liver Failure (ACLF)" in found["D000065290"].entry_terms
    trees = vocabulary.sources[2]
    assert (trees.tree_lines, trees.tree_lines_placed) == (55_611, 54_061)


@pytest.mark.shared_data
def test_starter_ids_and_names_are_those_of_mesh_2026() -> None:
    with shared_path(f"{MESH}/mesh2026-descriptors.csv").open(newline="") as handle:
        mesh = {descriptor_id(row["id"].rsplit("/", 1)[1]): row["subject"] for row in csv.DictReader(handle)}
    starter = read_vocabulary([], starter=True).descriptors
    assert {item.id: item.name for item in starter} == {item.id: mesh[item.id] for item in starter}
