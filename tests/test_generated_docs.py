"""Docs that are generated from code must match the code."""

from __future__ import annotations

from tools.gen_docs import generated


def test_generated_docs_are_current() -> None:
    stale = [path.name for path, text in generated().items() if not path.exists() or path.read_text() != text]
    assert stale == [], f"run `make docs` to refresh {stale}"
