"""The benchmark corpus generator: valid, new, recombined studies from the shared real data."""

from __future__ import annotations

import gzip
import io
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest
from bench.corpus import Progress, build_corpus, main, write_corpus

from tests.shared_data import V2_STUDIES, shared_path, v2_documents
from trialbase.domain.document_order import order_problems
from trialbase.domain.study_document import check_document

Study = dict[str, Any]


@pytest.fixture(scope="module")
def source() -> Path:
    return shared_path(V2_STUDIES)


@pytest.fixture(scope="module")
def corpus(source: Path) -> list[Study]:
    return list(build_corpus(source, 300))


@pytest.fixture(scope="module")
def real() -> list[Study]:
    return list(v2_documents())


def _protocol(study: Study) -> dict[str, Any]:
    section: dict[str, Any] = study["protocolSection"]
    return section


@pytest.mark.shared_data
def test_every_corpus_study_is_valid_and_in_document_order(corpus: list[Study]) -> None:
    problems = {
        _protocol(s)["identificationModule"]["nctId"]: [str(i) for i in check_document(s)] + order_problems(s)
        for s in corpus
    }
    assert {nct: found for nct, found in problems.items() if found} == {}


@pytest.mark.shared_data
def test_nct_ids_are_new_unique_and_in_the_nct8_range(corpus: list[Study], real: list[Study]) -> None:
    ids = [_protocol(s)["identificationModule"]["nctId"] for s in corpus]
    assert ids == [f"NCT{80_000_000 + index:08d}" for index in range(300)]
    assert not set(ids) & {_protocol(s)["identificationModule"]["nctId"] for s in real}


@pytest.mark.shared_data
def test_no_corpus_study_copies_a_real_one(corpus: list[Study], real: list[Study]) -> None:
    def without_id(study: Study) -> bytes:
        protocol = {k: v for k, v in _protocol(study).items() if k != "identificationModule"}
        return orjson.dumps({**study, "protocolSection": protocol})

    def core(study: Study) -> bytes:
        protocol = _protocol(study)
        parts = [protocol["identificationModule"].get("briefTitle")]
        parts += [protocol.get(m) for m in ("armsInterventionsModule", "eligibilityModule")]
        return orjson.dumps(parts)

    real_documents = {without_id(s) for s in real}
    real_cores = {core(s) for s in real}
    assert not [s for s in corpus if without_id(s) in real_documents]
    assert not [s for s in corpus if core(s) in real_cores]


@pytest.mark.shared_data
def test_parts_come_from_several_real_studies(corpus: list[Study], real: list[Study]) -> None:
    titles = {_protocol(s)["identificationModule"].get("briefTitle"): i for i, s in enumerate(real)}
    eligibility = {orjson.dumps(_protocol(s).get("eligibilityModule")): i for i, s in enumerate(real)}
    for study in corpus:
        protocol = _protocol(study)
        topic = titles[protocol["identificationModule"]["briefTitle"]]
        assert orjson.dumps(_protocol(real[topic]).get("eligibilityModule")) != orjson.dumps(
            protocol["eligibilityModule"]
        )
        assert orjson.dumps(protocol["eligibilityModule"]) in eligibility


@pytest.mark.shared_data
def test_results_share_and_status_fit_the_real_data(corpus: list[Study]) -> None:
    share = sum(s["hasResults"] for s in corpus) / len(corpus)
    assert 0.03 < share < 0.2  # the real data: 93 of 1,027
    for study in corpus:
        protocol = _protocol(study)
        status = protocol["statusModule"]
        assert study["hasResults"] == ("resultsSection" in study) == ("resultsFirstPostDateStruct" in status)
        enrollment = protocol["designModule"].get("enrollmentInfo")
        if enrollment and status["overallStatus"] == "WITHDRAWN":
            assert enrollment == {"count": 0, "type": "ACTUAL"}
        if enrollment and status["overallStatus"] in {"RECRUITING", "NOT_YET_RECRUITING"}:
            assert enrollment["type"] == "ESTIMATED"
        if enrollment and status["overallStatus"] in {"COMPLETED", "TERMINATED"}:
            assert enrollment["type"] == "ACTUAL"
        access = status.get("expandedAccessInfo", {})
        assert "nctId" not in access


@pytest.mark.shared_data
def test_the_corpus_is_varied(corpus: list[Study]) -> None:
    titles = Counter(_protocol(s)["identificationModule"]["briefTitle"] for s in corpus)
    statuses = Counter(_protocol(s)["statusModule"]["overallStatus"] for s in corpus)
    assert len(titles) > 200
    assert len(statuses) >= 6


@pytest.mark.shared_data
def test_same_seed_same_corpus(source: Path) -> None:
    assert list(build_corpus(source, 40, seed=3)) == list(build_corpus(source, 40, seed=3))
    assert list(build_corpus(source, 40, seed=3)) != list(build_corpus(source, 40, seed=4))


@pytest.mark.shared_data
def test_command_writes_json_lines_and_gzip(source: Path, tmp_path: Path) -> None:
    plain, packed = tmp_path / "corpus.jsonl", tmp_path / "corpus.jsonl.gz"
    assert main(["--count", "25", "--source", str(source), "--out", str(plain), "--quiet"]) == 0
    assert main(["--count", "25", "--source", str(source), "--out", str(packed), "--gzip", "--quiet"]) == 0
    lines = plain.read_bytes().splitlines()
    assert len(lines) == 25
    assert gzip.decompress(packed.read_bytes()).splitlines() == lines
    assert [orjson.loads(line) for line in lines] == list(build_corpus(source, 25))
    assert not list(tmp_path.glob("*.partial"))


def test_missing_shared_data_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "absent" / "studies.jsonl.gz"
    assert main(["--count", "5", "--source", str(missing), "--out", str(tmp_path / "c.jsonl")]) == 2
    message = capsys.readouterr().err
    assert str(missing) in message
    assert "TRIALBASE_SHARED_DIR" in message
    assert not (tmp_path / "c.jsonl").exists()


def test_progress_is_a_line_every_few_seconds_off_a_terminal(tmp_path: Path) -> None:
    stream = io.StringIO()
    progress = Progress(3, stream, interval=0.0)
    documents = [{"hasResults": False}] * 3  # the writer takes any JSON objects
    stats = write_corpus(documents, tmp_path / "tiny.jsonl", progress=progress)
    assert stats.studies == 3
    assert stats.bytes == (tmp_path / "tiny.jsonl").stat().st_size
    lines = stream.getvalue().splitlines()
    assert lines
    assert lines[-1].startswith("corpus: 3/3 studies")
    assert "\r" not in stream.getvalue()
