"""Vendor axe-core (the accessibility engine the browser tests inject) from the npm registry.

    python -m tools.vendor_axe                  # the pinned version below
    python -m tools.vendor_axe --version 4.15.0 # another one (then update AXE_VERSION)

runs ``npm pack axe-core@VERSION`` in a scratch directory, checks the tarball against the
integrity the registry publishes (``npm pack --json`` reports it), and writes into
``tests/browser/vendor/``: ``axe.min.js``, its licence ``axe-core.LICENSE`` (MPL-2.0, kept
unchanged as the licence asks) and ``axe-core.VERSION`` (version and integrity). The output is
committed, so the tests never reach the network; this script is only needed to move to another
version.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

AXE_VERSION = "4.14.1"
VENDOR = Path(__file__).resolve().parent.parent / "tests" / "browser" / "vendor"
FILES = {"package/axe.min.js": "axe.min.js", "package/LICENSE": "axe-core.LICENSE"}


def _integrity(tarball: Path, expected: str) -> None:
    algorithm, _, digest = expected.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
    if actual != digest:
        raise SystemExit(f"{tarball.name}: integrity {algorithm}-{actual} is not the published {expected}")


def vendor(version: str, target: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is not installed: install Debian's npm package (apt-get install npm)")
    with tempfile.TemporaryDirectory() as scratch:
        packed = subprocess.run(
            [npm, "pack", f"axe-core@{version}", "--json", "--pack-destination", scratch],
            check=True,
            capture_output=True,
            text=True,
            cwd=scratch,
        )
        (info,) = json.loads(packed.stdout)
        if info["version"] != version:
            raise SystemExit(f"npm packed axe-core {info['version']}, not {version}")
        tarball = Path(scratch) / info["filename"]
        _integrity(tarball, info["integrity"])
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(tarball) as archive:
            for member, name in FILES.items():
                source = archive.extractfile(member)
                if source is None:
                    raise SystemExit(f"{tarball.name} has no {member}")
                (target / name).write_bytes(source.read())
        (target / "axe-core.VERSION").write_text(
            f"axe-core {version}\nlicense MPL-2.0 (axe-core.LICENSE)\nintegrity {info['integrity']}\n"
            "vendored by: python -m tools.vendor_axe\n"
        )
    print(f"axe-core {version} written to {target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", default=AXE_VERSION, help=f"axe-core version (default {AXE_VERSION})")
    parser.add_argument("--target", type=Path, default=VENDOR, help="directory to write into")
    args = parser.parse_args(argv)
    vendor(args.version, args.target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
