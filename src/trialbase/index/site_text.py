"""Each site's own words, kept apart from the other sites' (for ``SEARCH[Location](...)``).

``SEARCH[Location](AREA[LocationCity]Boston AND AREA[LocationStatus]Recruiting)`` asks for one
site that is both in Boston and recruiting, not a study with a Boston site and some other
recruiting one. The ``site_text`` field holds every site's words tagged with their piece
(``c:boston``; a status is one word, its v2 value: ``t:recruiting``), in a fixed piece order, at
most ``MAX_SITE_WORDS`` of them (a facility name's first ``MAX_FACILITY_WORDS``), and between two
sites ``SITE_GAP``: more filler words than the slop. A sloppy phrase over tagged words, in that
order, can then only match within one site. (The field is a plain string split on whitespace,
which tantivy indexes far faster than pre-tokenized JSON with explicit positions.) The site
analyzer drops the filler words (``GAP_WORD``) after the tokenizer has counted them, so they
take their positions without being indexed: they were three words in four of the field's.
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
MAX_FACILITY_WORDS = 16  # "University of Texas MD Anderson Cancer Center" is 7
MAX_SITE_WORDS = 32
SITE_SLOP = MAX_SITE_WORDS  # covers any two words of one site
GAP_WORD = "|"
SITE_GAP = " ".join([GAP_WORD] * (SITE_SLOP + 1))  # between two sites: wider than the slop
SITE_ANALYZER = "tb_site"  # whitespace: the words arrive analysed and tagged


def tagged(tag: str, token: str) -> str:
    return f"{tag}:{token}"


def site_text(locations: Iterable[dict[str, Any]], analyze: Callable[[str], list[str]]) -> str:
    """The ``site_text`` of a study's locations: each site's tagged words, sites kept apart by
    ``SITE_GAP`` (an empty string when no site has any)."""
    words_of = _site_words(analyze)
    sites = [words_of(*(_text(location.get(key)) for _, key, _ in SITE_PIECES)) for location in locations]
    return f" {SITE_GAP} ".join(site for site in sites if site)


def _text(value: object) -> str | None:
    """A site's value if it is text (anything else, even unhashable, is left out)."""
    return value if isinstance(value, str) and value else None


@lru_cache(maxsize=8)
def _site_words(analyze: Callable[[str], list[str]]) -> Callable[..., str]:
    """One site's tagged words from its values in ``SITE_PIECES`` order, remembered: the same
    sites (a city's hospitals, their statuses) recur across thousands of studies."""

    @lru_cache(maxsize=65536)
    def analysed(text: str) -> tuple[str, ...]:
        return tuple(analyze(text))

    @lru_cache(maxsize=65536)
    def words_of(*values: str | None) -> str:
        words: list[str] = []
        for (_, key, tag), value in zip(SITE_PIECES, values, strict=True):
            if value is None:
                continue
            # A status is one word, its v2 value; other pieces are analysed like all text.
            if key == "status":
                words.append(tagged(tag, value.lower()))
                continue
            tokens = analysed(value)
            if key == "facility":
                tokens = tokens[:MAX_FACILITY_WORDS]
            words.extend(tagged(tag, token) for token in tokens)
        return " ".join(words[:MAX_SITE_WORDS])

    return words_of
