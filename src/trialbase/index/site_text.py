"""Each site's own words, kept apart from the other sites' (for ``SEARCH[Location](...)``).

``SEARCH[Location](AREA[LocationCity]Boston AND AREA[LocationStatus]Recruiting)`` asks for one
site that is both in Boston and recruiting, not a study with a Boston site and some other
recruiting one. The ``site_text`` field holds every site's words tagged with their piece
(``c:boston``; a status is one word, its v2 value: ``t:recruiting``) at positions
``site × SITE_STRIDE + offset``, in a fixed piece order. A sloppy phrase over tagged words, in
that order, can then only match within one site: the slop is smaller than the distance between
two sites.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

# (piece, v2 key in a location, tag), in the order words are laid out within a site.
SITE_PIECES: tuple[tuple[str, str, str], ...] = (
    ("LocationFacility", "facility", "f"),
    ("LocationCity", "city", "c"),
    ("LocationState", "state", "s"),
    ("LocationZip", "zip", "z"),
    ("LocationCountry", "country", "n"),
    ("LocationStatus", "status", "t"),
)
TAGS = {piece: tag for piece, _, tag in SITE_PIECES}
TAG_ORDER = {tag: order for order, (_, _, tag) in enumerate(SITE_PIECES)}
SITE_STRIDE = 512
SITE_SLOP = 400  # < SITE_STRIDE minus the longest site text, so no phrase spans two sites
MAX_SITE_WORDS = 100


def tagged(tag: str, token: str) -> str:
    return f"{tag}:{token}"


def site_tokens(
    locations: Iterable[dict[str, Any]], analyze: Callable[[str], list[str]]
) -> list[dict[str, Any]]:
    """The pre-tokenized ``site_text`` tokens of a study's locations (tantivy's JSON form)."""
    tokens: list[dict[str, Any]] = []
    cached = _cached(analyze)
    for index, location in enumerate(locations):
        position = index * SITE_STRIDE
        words = 0
        for _, key, tag in SITE_PIECES:
            value = location.get(key)
            if not isinstance(value, str) or not value:
                continue
            # A status is one word, its v2 value; other pieces are analysed like all text.
            for token in (value.lower(),) if key == "status" else cached(value):
                if words >= MAX_SITE_WORDS:
                    break
                tokens.append(
                    {
                        "offset_from": 0,
                        "offset_to": 0,
                        "position": position,
                        "text": tagged(tag, token),
                        "position_length": 1,
                    }
                )
                position += 1
                words += 1
    return tokens


@lru_cache(maxsize=8)
def _cached(analyze: Callable[[str], list[str]]) -> Callable[[str], tuple[str, ...]]:
    @lru_cache(maxsize=65536)
    def run(text: str) -> tuple[str, ...]:
        return tuple(analyze(text))

    return run
