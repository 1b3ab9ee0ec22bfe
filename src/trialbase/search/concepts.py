"""MeSH concepts for search: which descriptor a phrase names, its synonyms, broader and narrower terms.

``ConceptIndex`` holds the vocabulary imported with ``trialbase vocab import`` in memory (built
once per process with ``ConceptIndex.load(store)``, rebuilt when ``version`` changes) and answers:

* ``lookup("heart attack")`` -> Myocardial Infarction, via its entry term "Heart Attack".
  Matching is exact after normalisation: case, accents, punctuation and possessives do not matter;
  MeSH's inverted forms match in natural word order ("acute liver failure" finds
  "Liver Failure, Acute" and the other way round); an abbreviation MeSH gives in brackets
  ("Acute-On-Chronic Liver Failure (ACLF)") names the descriptor on its own; and, only when nothing
  matched as written, the last word is tried in the singular or plural.
* ``synonyms``, ``ancestors`` and ``narrower`` (every descendant) by descriptor id, through the
  tree numbers.
* ``enrich(conditions)``: MeSH terms and their ancestors for a study that has none of its own
  (legacy XML conversions, AACT tables), so hierarchy expansion works for it too.

Descriptor ids are written as ClinicalTrials.gov writes them (``D000009203``); methods taking an
id also accept NLM's short form (``D009203``). ``ConceptIndex.empty()`` answers nothing: with no
vocabulary imported, search still expands through the studies' own MeSH terms (the engine's part).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from trialbase.store import Store
from trialbase.store.vocabulary_store import (
    Descriptor,
    InvalidDescriptorId,
    VocabularyStore,
    descriptor_id,
    term_key,
)

Via = Literal["preferred", "synonym"]

_ABBREVIATION = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Z0-9][A-Z0-9-]{1,9}")
_TRAILING_PARENTHESES = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")
_ENRICH_CACHE_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class Concept:
    """A descriptor a query phrase names, and the vocabulary term it matched."""

    descriptor_id: str
    preferred_name: str
    matched_text: str
    via: Via


class DescriptorRef(NamedTuple):
    id: str
    name: str


class Enrichment(NamedTuple):
    meshes: list[DescriptorRef]
    ancestors: list[DescriptorRef]


def term_keys(text: str) -> list[str]:
    """Every key a vocabulary term is filed under: as written, in natural word order, and its
    abbreviation (``Liver Failure, Acute-On-Chronic (ACLF)`` -> ``liver failure acute on chronic
    aclf``, ``liver failure acute on chronic``, ``aclf``, ``acute on chronic liver failure``)."""
    keys = [term_key(text)]
    core = text
    bracketed = _TRAILING_PARENTHESES.match(text) if text.endswith(")") else None
    if bracketed is not None:
        core, inside = bracketed.group(1), bracketed.group(2).strip()
        if _ABBREVIATION.fullmatch(inside):
            keys += [term_key(core), term_key(inside)]
        elif _ABBREVIATION.fullmatch(core):
            keys.append(term_key(core))
    if ", " in core:
        natural = _natural_order(core)
        if natural is not None:
            keys.append(term_key(natural))
    if len(keys) == 1:
        return keys if keys[0] else []
    return [key for key in dict.fromkeys(keys) if key]


def _natural_order(text: str) -> str | None:
    """MeSH's inverted form in natural order: ``Leukemia, Myeloid, Acute`` -> ``Acute Myeloid Leukemia``."""
    parts = [part.strip() for part in text.split(", ")]
    if not 2 <= len(parts) <= 3 or any(not part or part.startswith(("and ", "or ")) for part in parts):
        return None
    return " ".join(reversed(parts))


def _number_variants(key: str) -> list[str]:
    """The key with its last word in the singular or the plural (only the common English rules)."""
    head, _, word = key.rpartition(" ")
    prefix = f"{head} " if head else ""
    if len(word) < 4 or not word.isalpha():
        return []
    if word.endswith("ies"):
        forms = [word[:-3] + "y"]
    elif word.endswith(("ches", "shes", "sses", "xes", "uses")):
        forms = [word[:-2]]
    elif word.endswith("ses"):
        forms = [word[:-1], word[:-2] + "is"]  # diseases, diagnoses
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        forms = [word[:-1]]
    elif word.endswith("y") and word[-2] not in "aeiou":
        forms = [word[:-1] + "ies"]
    elif word.endswith(("ch", "sh", "ss", "x", "us")):
        forms = [word + "es"]
    elif word.endswith("is"):
        forms = [word[:-2] + "es"]
    else:
        forms = [word + "s"]
    return [prefix + form for form in forms]


class ConceptIndex:
    """The MeSH vocabulary in memory, compactly: a few flat lists and two dictionaries."""

    def __init__(self, descriptors: Iterable[Descriptor] = (), *, version: str | None = None) -> None:
        self.version = version
        self._ids: list[str] = []
        self._names: list[str] = []
        self._terms: list[str] = []  # per descriptor: its entry terms joined with "\n" (see synonyms)
        self._trees: list[str] = []  # per descriptor: its tree numbers joined with " "
        self._position: dict[str, int] = {}
        self._by_tree: dict[str, int] = {}
        self._keys: dict[str, int | tuple[int, ...]] = {}
        self._enriched: dict[str, tuple[int, ...]] = {}
        for item in descriptors:
            self._add(item.id, item.name, item.tree_numbers, item.entry_terms)
        self._sorted_trees = sorted(self._by_tree)

    @classmethod
    def empty(cls) -> ConceptIndex:
        """An index that knows no descriptor (no vocabulary imported)."""
        return cls()

    @classmethod
    def load(cls, store: Store) -> ConceptIndex:
        """Build the index from the vocabulary in the store (empty when none was imported)."""
        with VocabularyStore(store).snapshot() as snapshot:
            if snapshot.info is None:
                return cls.empty()
            names = dict(snapshot.descriptors())
            trees: dict[str, list[str]] = {}
            for tree, owner in snapshot.tree_numbers():
                trees.setdefault(owner, []).append(tree)
            terms: dict[str, list[str]] = {}
            for owner, term, _key in snapshot.terms():
                if term != names.get(owner):
                    terms.setdefault(owner, []).append(term)
            version = snapshot.info.version
        return cls(
            (
                Descriptor(key, name, tuple(trees.get(key, ())), tuple(terms.get(key, ())))
                for key, name in names.items()
            ),
            version=version,
        )

    def _add(self, key: str, name: str, trees: Sequence[str], terms: Sequence[str]) -> None:
        position = self._position.setdefault(key, len(self._ids))
        if position != len(self._ids):
            raise ValueError(f"descriptor {key} is given twice")
        self._ids.append(key)
        self._names.append(name)
        self._terms.append("\n".join(sorted(terms, key=lambda term: ", " in term)))
        self._trees.append(" ".join(trees))
        for tree in trees:
            self._by_tree[tree] = position
        for term in (name, *terms):
            for folded in term_keys(term):
                known = self._keys.get(folded)
                if known is None:
                    self._keys[folded] = position
                elif isinstance(known, int):
                    if known != position:
                        self._keys[folded] = (known, position)
                elif position not in known:
                    self._keys[folded] = (*known, position)

    # --- what a phrase names -------------------------------------------------------------------

    @property
    def is_empty(self) -> bool:
        return not self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def lookup(self, text: str) -> list[Concept]:
        """The descriptors ``text`` names exactly (after normalisation), preferred names first."""
        found = self._match(text)
        if found is None:
            return []
        key, positions = found
        concepts = [self._concept(position, key) for position in positions]
        return sorted(concepts, key=lambda concept: (concept.via != "preferred", concept.preferred_name))

    def _match(self, text: str) -> tuple[str, tuple[int, ...]] | None:
        keys = term_keys(text)
        variants = [variant for key in keys for variant in _number_variants(key)]
        for candidate in (*keys, *variants):
            known = self._keys.get(candidate)
            if known is not None:
                return candidate, (known,) if isinstance(known, int) else known
        return None

    def _concept(self, position: int, key: str) -> Concept:
        name = self._names[position]
        if key in term_keys(name):
            return Concept(self._ids[position], name, name, "preferred")
        terms = self._terms[position].split("\n")
        # A term written as the key was (not only derived to it) names the match best.
        matched = next((term for term in terms if term_key(term) == key), None) or next(
            (term for term in terms if key in term_keys(term)), name
        )
        return Concept(self._ids[position], name, matched, "synonym")

    # --- one descriptor ------------------------------------------------------------------------

    def descriptor(self, descriptor: str) -> DescriptorRef | None:
        """The id and preferred name of a descriptor id (either form), or None if unknown."""
        position = self._find(descriptor)
        return None if position is None else DescriptorRef(self._ids[position], self._names[position])

    def synonyms(self, descriptor: str) -> list[str]:
        """The entry terms of a descriptor, its preferred name excluded: natural word order first,
        then MeSH's inverted forms ("Infarction, Myocardial"), otherwise in the vocabulary's order."""
        position = self._find(descriptor)
        if position is None or not self._terms[position]:
            return []
        return self._terms[position].split("\n")

    def tree_numbers(self, descriptor: str) -> list[str]:
        position = self._find(descriptor)
        return [] if position is None or not self._trees[position] else self._trees[position].split(" ")

    def ancestors(self, descriptor: str) -> list[DescriptorRef]:
        """Every broader descriptor on any of its tree paths, nearest first."""
        position = self._find(descriptor)
        if position is None:
            return []
        return [self._ref(found) for found in self._ancestor_positions(position)]

    def _ancestor_positions(self, position: int) -> list[int]:
        paths = [tree.split(".") for tree in self.tree_numbers(self._ids[position])]
        found: dict[int, None] = {}
        for up in range(1, max((len(path) for path in paths), default=0)):
            for path in paths:
                if len(path) > up:
                    parent = self._by_tree.get(".".join(path[:-up]))
                    if parent is not None and parent != position:
                        found.setdefault(parent)
        return list(found)

    def narrower(self, descriptor: str, *, levels: int | None = None) -> list[DescriptorRef]:
        """Every descriptor below it in the tree (or only ``levels`` levels down), in tree order."""
        position = self._find(descriptor)
        if position is None:
            return []
        found: dict[int, None] = {}
        for tree in self.tree_numbers(self._ids[position]):
            prefix = tree + "."
            deepest = tree.count(".") + (levels if levels is not None else 1_000)
            start = bisect.bisect_left(self._sorted_trees, prefix)
            for below in self._sorted_trees[start:]:
                if not below.startswith(prefix):
                    break
                if below.count(".") <= deepest and self._by_tree[below] != position:
                    found.setdefault(self._by_tree[below])
        return [self._ref(found_position) for found_position in found]

    # --- studies without MeSH terms ------------------------------------------------------------

    def enrich(self, conditions: Iterable[str]) -> Enrichment:
        """The descriptors a study's conditions name (only unambiguous names) and their ancestors."""
        meshes: dict[int, None] = {}
        for condition in conditions:
            meshes.update(dict.fromkeys(self._enrich_one(condition)))
        ancestors: dict[int, None] = {}
        for position in meshes:
            ancestors.update(dict.fromkeys(p for p in self._ancestor_positions(position) if p not in meshes))
        return Enrichment([self._ref(p) for p in meshes], [self._ref(p) for p in ancestors])

    def _enrich_one(self, condition: str) -> tuple[int, ...]:
        cached = self._enriched.get(condition)
        if cached is None:
            found = self._match(condition)
            if found is None:
                bracketed = _TRAILING_PARENTHESES.match(condition)
                found = self._match(bracketed.group(1)) if bracketed else None
            cached = found[1] if found is not None and len(found[1]) == 1 else ()
            if len(self._enriched) >= _ENRICH_CACHE_LIMIT:
                self._enriched.clear()
            self._enriched[condition] = cached
        return cached

    # --- helpers -------------------------------------------------------------------------------

    def _find(self, descriptor: str) -> int | None:
        try:
            return self._position.get(descriptor_id(descriptor))
        except InvalidDescriptorId:
            return None

    def _ref(self, position: int) -> DescriptorRef:
        return DescriptorRef(self._ids[position], self._names[position])
