"""The ``/api/v2/studies`` search parameters, read for an extension endpoint by the v2 parser.

The extensions that search (facets, explain) take the same ``query.*``, ``filter.*``,
``postFilter.*`` and ``aggFilters`` as ``/api/v2/studies`` and read them with the same parser
(``trialbase.api.v2.params``), so a query means the same thing on both. Each extension accepts
only the v2 parameters that make sense for it, plus its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import QueryParams

from trialbase.api.extensions.parameters import bad_request, reject_unknown
from trialbase.api.v2.errors import ParameterError
from trialbase.api.v2.params import QUERY_PARAMETERS, parse_studies
from trialbase.search.query_error import QueryError
from trialbase.search.request import SearchRequest

_FILTERS = ("overallStatus", "geo", "ids", "advanced", "synonyms")
SEARCH_SET_PARAMETERS: tuple[str, ...] = (
    *QUERY_PARAMETERS,
    *(f"filter.{name}" for name in _FILTERS),
    *(f"postFilter.{name}" for name in _FILTERS),
    "aggFilters",
)
PAGE_PARAMETERS = ("sort", "geoDecay", "pageSize", "pageToken", "countTotal")


def search_request(params: QueryParams, *, v2: Iterable[str], own: Iterable[str] = ()) -> SearchRequest:
    """The search the ``v2`` parameters describe; parameters in neither list are refused."""
    v2_names = tuple(v2)
    reject_unknown(params, (*v2_names, *own))
    selected = QueryParams([(name, value) for name, value in params.multi_items() if name in v2_names])
    try:
        return parse_studies(selected).search
    except ParameterError as error:
        raise bad_request(error.message) from None


def query_error(error: QueryError) -> Exception:
    """A search the engine could not run, as a 400 naming the parameter and column."""
    return bad_request(error.describe())
