"""The website's facet codes (``aggFilters=status:rec not,phase:2``) and the index values they name.

ClinicalTrials.gov's search pages and its API share these short codes; Trialbase accepts the
same ones, so a saved link or API call works unchanged. Each facet maps to an index field
(``f_*``, see docs/design/search.md) and each option code to the stored values it stands for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from trialbase.index.schema import SET_FACET_FIELDS, set_field
from trialbase.search.query_error import QueryError


@dataclass(frozen=True, slots=True)
class Facet:
    id: str  # the code in aggFilters and in facet results
    field: str  # the index field
    label: str
    options: Mapping[str, tuple[str, ...]]  # option code -> index values (empty: open-ended facet)

    @property
    def counted_field(self) -> str:
        """The field its counts come from: the ``_set`` field where there is one (schema.py)."""
        return set_field(self.field) if self.field in SET_FACET_FIELDS else self.field


STATUS = {
    "not": ("NOT_YET_RECRUITING",),
    "rec": ("RECRUITING",),
    "enr": ("ENROLLING_BY_INVITATION",),
    "act": ("ACTIVE_NOT_RECRUITING",),
    "sus": ("SUSPENDED",),
    "ter": ("TERMINATED",),
    "com": ("COMPLETED",),
    "wit": ("WITHDRAWN",),
    "unk": ("UNKNOWN",),
    "ava": ("AVAILABLE",),
    "nla": ("NO_LONGER_AVAILABLE",),
    "tna": ("TEMPORARILY_NOT_AVAILABLE",),
    "afm": ("APPROVED_FOR_MARKETING",),
    "wh": ("WITHHELD",),
}

FACETS: dict[str, Facet] = {
    facet.id: facet
    for facet in (
        Facet("status", "f_status", "Recruitment status", STATUS),
        Facet(
            "phase",
            "f_phase",
            "Phase",
            {
                "0": ("EARLY_PHASE1",),
                "1": ("PHASE1",),
                "2": ("PHASE2",),
                "3": ("PHASE3",),
                "4": ("PHASE4",),
                "na": ("NA",),
            },
        ),
        Facet(
            "studyType",
            "f_study_type",
            "Study type",
            {"int": ("INTERVENTIONAL",), "obs": ("OBSERVATIONAL",), "exp": ("EXPANDED_ACCESS",)},
        ),
        Facet("sex", "f_sex", "Sex", {"f": ("FEMALE",), "m": ("MALE",), "all": ("ALL",)}),
        Facet(
            "ages",
            "f_std_age",
            "Age group",
            {"child": ("CHILD",), "adult": ("ADULT",), "older": ("OLDER_ADULT",)},
        ),
        Facet("healthy", "f_healthy", "Accepts healthy volunteers", {"y": ("true",), "n": ("false",)}),
        Facet("results", "f_results", "Study results", {"with": ("with",), "without": ("without",)}),
        Facet("docs", "f_docs", "Study documents", {"prot": ("prot",), "sap": ("sap",), "icf": ("icf",)}),
        Facet(
            "funderType",
            "f_funder_type",
            "Funder type",
            {
                "nih": ("NIH",),
                "fed": ("FED",),
                "industry": ("INDUSTRY",),
                "other": ("OTHER", "OTHER_GOV", "INDIV", "NETWORK", "AMBIG", "UNKNOWN"),
            },
        ),
        Facet("country", "f_country", "Country", {}),
        Facet("condition", "f_condition", "Condition", {}),
        Facet("intervention", "f_intervention", "Intervention", {}),
        Facet("sponsor", "f_sponsor", "Lead sponsor", {}),
    )
}


def parse_agg_filters(text: str) -> dict[str, tuple[str, ...]]:
    """``status:rec not,phase:2`` → ``{"status": ("rec", "not"), "phase": ("2",)}``.

    Pairs are separated by ``,`` or ``|``, option codes by spaces. Open-ended facets (country,
    condition, ...) take their values as written, with ``+`` or ``%20`` for spaces already decoded.
    """
    chosen: dict[str, tuple[str, ...]] = {}
    for pair in (part.strip() for part in text.replace("|", ",").split(",")):
        if not pair:
            continue
        facet_id, separator, codes = pair.partition(":")
        facet = FACETS.get(facet_id.strip())
        if facet is None or not separator:
            known = ", ".join(FACETS)
            raise QueryError(
                f"{pair!r} is not a facet filter (expected facet:option, facets: {known})",
                column=None,
                code="bad-agg-filter",
                parameter="aggFilters",
            )
        options = tuple(codes.split()) if facet.options else (codes.strip(),)
        for option in options:
            if facet.options and option not in facet.options:
                allowed = " ".join(facet.options)
                raise QueryError(
                    f"{option!r} is not an option of the {facet.id} facet (options: {allowed})",
                    column=None,
                    code="bad-agg-filter",
                    parameter="aggFilters",
                )
        chosen[facet.id] = chosen.get(facet.id, ()) + options
    return chosen


def index_values(facet: Facet, options: tuple[str, ...]) -> list[str]:
    if not facet.options:
        return list(options)
    return [value for option in options for value in facet.options[option]]


def option_code(facet: Facet, value: str) -> str:
    """The option code for an index value (the value itself for open-ended facets)."""
    for code, values in facet.options.items():
        if value in values:
            return code
    return value
