"""pytrials' own upstream test suite, unmodified, against our server.

The tests come from pytrials' sdist, which ``make install`` downloads into the venv
(``.venv/compat/``) at the version installed. They run in a child pytest with
``pytrials_conftest.py`` copied beside them as their ``conftest.py`` (it points pytrials at our
server); every upstream test must pass: none is skipped or deselected.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.compat.conftest import CompatServer

pytestmark = pytest.mark.slow

SDIST_DIR = Path(sys.prefix) / "compat"
CONFTEST = Path(__file__).with_name("pytrials_conftest.py")


def pytrials_sdist() -> Path:
    version = importlib.metadata.version("pytrials")
    sdist = SDIST_DIR / f"pytrials-{version}.tar.gz"
    if not sdist.is_file():
        pytest.fail(
            f"pytrials' upstream tests are missing: {sdist} was not found. `make install` downloads it "
            f"(pip download --no-deps --no-binary :all: --dest {SDIST_DIR} pytrials=={version})"
        )
    return sdist


def extract_tests(sdist: Path, into: Path) -> Path:
    """The sdist's ``tests/`` package, written under ``into``; returns the directory to run from."""
    with tarfile.open(sdist) as archive:
        members = [
            member
            for member in archive.getmembers()
            if member.isfile() and member.name.split("/")[1:2] == ["tests"]
        ]
        assert members, f"{sdist.name} holds no tests/ directory"
        archive.extractall(into, members=members, filter="data")
    root = into / members[0].name.split("/")[0]
    shutil.copyfile(CONFTEST, root / "conftest.py")
    (root / "pytest.ini").write_text("[pytest]\ntestpaths = tests\n")
    return root


def test_upstream_suite_passes(compat_server: CompatServer, tmp_path: Path) -> None:
    root = extract_tests(pytrials_sdist(), tmp_path)
    report = tmp_path / "report.xml"
    env = {
        **os.environ,
        "TRIALBASE_COMPAT_API_URL": compat_server.api_url,
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", f"--junitxml={report}"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert report.is_file(), output
    cases = ET.parse(report).getroot().iter("testcase")
    outcomes = {
        f"{case.get('classname')}.{case.get('name')}": [
            child.tag for child in case if child.tag not in ("system-out", "system-err")
        ]
        for case in cases
    }
    failed = {name: tags for name, tags in outcomes.items() if tags}
    assert not failed, f"upstream pytrials tests did not pass: {failed}\n{output}"
    assert completed.returncode == 0, output
    # Every upstream test ran: the client's two test modules hold nine tests.
    assert len(outcomes) == 9, sorted(outcomes)
