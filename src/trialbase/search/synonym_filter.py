"""``filter.synonyms``: ``Area:DescriptorId`` pairs, each an area that must match a MeSH concept.

ClinicalTrials.gov's synonym ids are numbers internal to it, which no one outside can resolve;
Trialbase names a concept by its MeSH descriptor id (``ConditionSearch:D009203``) and matches it
in the area by its name and entry terms (``EXPANSION[Concept]``), as a filter.
"""

from __future__ import annotations

from trialbase.search import catalog
from trialbase.search.concepts import ConceptIndex
from trialbase.search.essie import EssieSyntaxError, Node, parse
from trialbase.search.query_error import QueryError


def synonym_filter(pair: str, concepts: ConceptIndex | None) -> Node:
    """The Essie node for one ``Area:DescriptorId`` pair; QueryError saying what is wrong."""
    area, _, descriptor = pair.partition(":")
    if not area.strip() or not descriptor.strip():
        raise QueryError(
            f"`{pair}` is not an area:descriptor pair (e.g. ConditionSearch:D009203)",
            column=None,
            code="bad-synonym",
        )
    area = area.strip()
    if catalog.area_fields(area) is None:
        raise QueryError(
            f"`{area}` is not a search area{catalog.suggestion(area)}", column=None, code="unknown-area"
        )
    found = concepts.descriptor(descriptor.strip().upper()) if concepts is not None else None
    if found is None:
        hint = (
            " (ClinicalTrials.gov's numeric synonym ids are internal to it: give a MeSH descriptor id)"
            if descriptor.strip().isdigit()
            else ""
        )
        raise QueryError(
            f"`{descriptor}` is not a MeSH descriptor id of the loaded vocabulary{hint}",
            column=None,
            code="unknown-concept",
        )
    phrase = found.name.replace('"', " ").replace("\\", " ")
    try:
        return parse(f'AREA[{area}]EXPANSION[Concept]"{phrase}"')
    except EssieSyntaxError as error:  # a name the query language cannot quote
        raise QueryError(
            f"the concept {found.id} ({found.name}) cannot be searched: {error.message}",
            column=None,
            code="unknown-concept",
        ) from None
