"""All real v2 documents import and read back byte for byte (key order included), on each engine."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from tests.shared_data import V2_STUDIES, shared_path, v2_lines
from trialbase.cli import cli
from trialbase.store import Store

pytestmark = [pytest.mark.shared_data, pytest.mark.slow]


def test_every_real_v2_document_round_trips_exactly(database_url: str, tmp_path: Path) -> None:
    source = shared_path(V2_STUDIES)
    env = {"TRIALBASE_DATABASE_URL": database_url}
    result = CliRunner().invoke(cli, ["import", "--quiet", str(source)], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "read 1,027  new 1,027  updated 0  unchanged 0  rejected 0"
    store = Store.open(database_url)
    try:
        for line in v2_lines():
            nct_id = orjson.loads(line)["protocolSection"]["identificationModule"]["nctId"]
            stored = store.current(nct_id)
            assert stored is not None
            # The shared file is what json.dumps writes; reading back must give the same text.
            assert json.dumps(stored.document, ensure_ascii=False).encode() == line, nct_id
    finally:
        store.close()
    again = CliRunner().invoke(cli, ["import", "--quiet", str(source)], env=env, catch_exceptions=False)
    assert again.stdout.splitlines()[-1] == "read 1,027  new 0  updated 0  unchanged 1,027  rejected 0"
