"""Generate ``src/trialbase/api/openapi_v2.json`` from the official ClinicalTrials.gov OpenAPI document.

    python -m tools.gen_openapi [../shared/spec/ctg-oas-v2.yaml]          # rewrite it
    python -m tools.gen_openapi --check [../shared/spec/ctg-oas-v2.yaml]  # fail if out of date

The server publishes its own OpenAPI document (``/api/openapi.json``): this file is its
``/api/v2`` part, the upstream contract as it is, committed so the server never reads
``../shared`` at run time. Three things change, all mechanical:

* paths get the ``/v2`` prefix (our document's server is ``/api``, so the extensions' paths,
  merged in at run time by ``trialbase.api.openapi``, sit beside them);
* ``servers`` is dropped (the run-time document says where it is served);
* links relative to clinicaltrials.gov (``](/find-studies/...)``) are made absolute, so they
  still lead to upstream's pages from ours.

Needs PyYAML (a dev dependency). Only needed again when the upstream spec changes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "trialbase" / "api" / "openapi_v2.json"
DEFAULT_SPEC = ROOT.parent / "shared" / "spec" / "ctg-oas-v2.yaml"
UPSTREAM_SITE = "https://clinicaltrials.gov"
V2_PREFIX = "/v2"
_RELATIVE_LINK = re.compile(r"\]\((/[^)\s]*)\)")


def transform(spec: dict[str, Any]) -> dict[str, Any]:
    document = {key: value for key, value in spec.items() if key != "servers"}
    document["paths"] = {f"{V2_PREFIX}{path}": item for path, item in spec["paths"].items()}
    transformed = _absolute_links(document)
    assert isinstance(transformed, dict)
    return transformed


def _absolute_links(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _absolute_links(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_absolute_links(item) for item in node]
    if isinstance(node, str):
        return _RELATIVE_LINK.sub(lambda match: f"]({UPSTREAM_SITE}{match.group(1)})", node)
    return node


def generated(spec_path: Path) -> str:
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    return json.dumps(transform(spec), indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", nargs="?", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--check", action="store_true", help="fail if the committed file is out of date")
    args = parser.parse_args(argv)
    text = generated(args.spec)
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_text(encoding="utf-8") != text:
            print(
                f"{OUTPUT.relative_to(ROOT)} is out of date: run python -m tools.gen_openapi", file=sys.stderr
            )
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
