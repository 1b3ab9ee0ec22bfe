"""The project's own demo data: the seed study and synthetic studies for a fresh install.

* ``load_seed_study()`` is NCT04822922, the record page that started the project, transcribed by
  hand into the v2 shape with its data-quality defects kept (see ``README.md`` beside this file).
* ``generate_studies(count, seed=...)`` makes realistic synthetic studies, every one marked as
  synthetic (NCT99000001 upward, ``[Synthetic]`` titles, sponsors ending ``(synthetic)``).
* ``generate_update(document, seed=...)`` makes the next version of a synthetic study.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import orjson

from trialbase.demo.synthetic import generate_studies, generate_update

SEED_NCT_ID = "NCT04822922"
_SEED_RESOURCE = f"seed_{SEED_NCT_ID}.json"

__all__ = ["SEED_NCT_ID", "generate_studies", "generate_update", "load_seed_study"]


def load_seed_study() -> dict[str, Any]:
    """The seed study as a fresh v2 document (keys in the order the file has them)."""
    data = resources.files(__package__).joinpath(_SEED_RESOURCE).read_bytes()
    document = orjson.loads(data)
    assert isinstance(document, dict)
    return document
