"""``SearchEngine.search(request)``: the one place where Trialbase searches.

A request's ``query.*`` texts are parsed (Essie) and compiled in their areas and make up the
ranking; filters, facet selections and the distance filter narrow without changing scores. The
hits, the exact total, the facet counts and the explanations all come from one index snapshot.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import tantivy

from trialbase.domain.nct_id import InvalidNctId, parse_nct_id
from trialbase.index.index_dir import OpenIndex, open_index
from trialbase.index.index_dir import count_matches as _count
from trialbase.index.schema import sort_fields, text_analyzer
from trialbase.search import catalog, geo, paging
from trialbase.search.agg_filters import FACETS, index_values, parse_agg_filters
from trialbase.search.compiler import Compiled, ExpansionNote, QueryCompiler
from trialbase.search.complexity import ComplexityLimits, check_complexity
from trialbase.search.concepts import ConceptIndex
from trialbase.search.essie import (
    Area,
    EssieSyntaxError,
    Expansion,
    ExpansionLevel,
    Node,
    Term,
    children,
    parse,
    parse_geo_filter,
)
from trialbase.search.explain import FieldMatch, explain
from trialbase.search.facets import FacetCounts, FacetRun, facet_jobs
from trialbase.search.geo_decay import DEFAULT as DEFAULT_GEO_DECAY
from trialbase.search.geo_decay import MAX_STUDIES as GEO_DECAY_MAX_STUDIES
from trialbase.search.geo_decay import RERANKED as GEO_DECAY_RERANKED
from trialbase.search.geo_decay import GeoDecay, parse_geo_decay
from trialbase.search.geo_queries import GeoQueries
from trialbase.search.query_error import QueryError
from trialbase.search.request import QUERY_AREAS, RELEVANCE, SearchRequest, SortKey, SortOrder
from trialbase.search.synonym_filter import synonym_filter
from trialbase.search.term_sets import any_term

Occur = tantivy.Occur
_ONLY_NCT_IDS = re.compile(r"^\s*(?:[Nn][Cc][Tt]\d{1,8}[\s,]*)+$")
SORTABLE = (
    "LastUpdatePostDate",
    "StudyFirstPostDate",
    "StartDate",
    "PrimaryCompletionDate",
    "CompletionDate",
    "ResultsFirstPostDate",
    "EnrollmentCount",
    "NumArmGroups",
    "NCTId",
)


@dataclass(frozen=True, slots=True)
class Hit:
    nct_id: str
    score: float | None
    nearest_site: geo.NearestSite | None = None
    matches: tuple[FieldMatch, ...] = ()  # with request.explain: where the words were found
    expansions: tuple[ExpansionNote, ...] = ()  # with request.explain: synonyms this study matched by


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int | None
    next_page_token: str | None
    facets: list[FacetCounts] | None = None
    expansions: list[ExpansionNote] = field(default_factory=list)
    tokens: frozenset[str] = frozenset()
    relaxed: bool = False  # no study had every word, so these have most of them


@dataclass(frozen=True, slots=True)
class _Row:
    nct_id: str
    score: float | None
    key: int | None
    address: tantivy.DocAddress


@dataclass
class _Plan:
    scored: list[tantivy.Query] = field(default_factory=list)
    filters: list[tantivy.Query] = field(default_factory=list)
    facet_filters: dict[str, tantivy.Query] = field(default_factory=dict)
    compiled: Compiled | None = None
    circles: list[geo.Circle] = field(default_factory=list)
    relaxable: bool = False  # some query has unquoted words that Lossy matching could relax
    areas: list[str] = field(default_factory=list)  # areas and pieces the queries searched
    selected: dict[str, tuple[str, ...]] = field(default_factory=dict)  # aggFilters, for facet counts

    def query(self, without_facet: str | None = None) -> tantivy.Query:
        clauses = [(Occur.Must, q) for q in self.scored]
        clauses += [(Occur.Must, tantivy.Query.const_score_query(q, 0.0)) for q in self.filters]
        clauses += [
            (Occur.Must, tantivy.Query.const_score_query(q, 0.0))
            for facet_id, q in self.facet_filters.items()
            if facet_id != without_facet
        ]
        if not clauses:
            return tantivy.Query.all_query()
        return tantivy.Query.boolean_query(clauses)


Documents = Callable[[Sequence[str]], dict[str, dict[str, Any]]]


class SearchEngine:
    def __init__(
        self,
        index: OpenIndex,
        *,
        concepts: ConceptIndex | None = None,
        documents: Documents | None = None,
        limits: ComplexityLimits | None = None,
    ) -> None:
        self.index = index
        self.concepts = concepts
        self.documents = documents  # current documents by NCT id, for explanations
        # A server's bounds on query expressions (None: none, as for the command line). Every
        # face searches here, so the API and the website refuse the same queries the same way.
        self.limits = limits
        analyzer = text_analyzer()
        self._analyze: Callable[[str], list[str]] = analyzer.analyze
        self.geo = GeoQueries(index)

    @classmethod
    def open(
        cls, data_dir: Path, *, concepts: ConceptIndex | None = None, documents: Documents | None = None
    ) -> SearchEngine:
        return cls(open_index(data_dir), concepts=concepts, documents=documents)

    # --- the search ---------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResult:
        searcher = self.index.searcher()
        compiler = QueryCompiler(
            self.index.schema,
            self._analyze,
            self.concepts,
            geo=self.geo.distance,
            site_geo=self.geo.site_distance,
        )
        plan = self._plan(request, compiler, ExpansionLevel.RELAXATION)
        sort = (
            request.sort[0]
            if request.sort
            else (RELEVANCE if plan.scored else SortKey("NCTId", SortOrder.ASC))
        )
        sort_name = sort.field if sort.is_relevance else f"{sort.field}:{sort.order.value}"
        relaxed = False
        if request.page_token:
            position = paging.decode(request.page_token, sort=sort_name)
            relaxed = position.relaxed
        else:
            position = paging.PagePosition(sort=sort_name)
        if relaxed:
            plan = self._plan(request, compiler, ExpansionLevel.LOSSY)
        decay = self._decay(request, sort)
        count = request.count_total
        self._check_facet_ids(request)
        facet_run = self._facet_run(searcher, plan, request)
        rows, more, total = self._page(
            searcher, plan.query(), sort, position, request.page_size, decay, count
        )
        if not rows and not request.page_token and plan.relaxable:
            # No study has all the words: show the ones with most of them, and say so.
            plan = self._plan(request, compiler, ExpansionLevel.LOSSY)
            if facet_run is not None:
                facet_run.cancel()
                facet_run = self._facet_run(searcher, plan, request)
            rows, more, total = self._page(
                searcher, plan.query(), sort, position, request.page_size, decay, count
            )
            relaxed = bool(rows)
        if count and total is None:
            total = _count(searcher, plan.query())
        next_token = None
        if more:
            last_key = rows[-1].key if rows else None
            after = paging.PagePosition(position.offset + len(rows), last_key, sort_name, relaxed)
            next_token = paging.encode(after)
        hits = [
            Hit(
                row.nct_id,
                row.score,
                self.geo.nearest_site(searcher, row.address, plan.circles[0]) if plan.circles else None,
            )
            for row in rows
        ]
        compiled = plan.compiled
        if request.explain and self.documents is not None and compiled is not None:
            hits = self._explained(hits, plan, compiled)
        facets = facet_run.counts(plan.selected) if facet_run is not None else None
        return SearchResult(
            hits=hits,
            total=total,
            next_page_token=next_token,
            facets=facets,
            expansions=compiled.notes if compiled else [],
            tokens=frozenset(compiled.tokens) if compiled else frozenset(),
            relaxed=relaxed,
        )

    @staticmethod
    def _check_facet_ids(request: SearchRequest) -> None:
        if request.facets:
            unknown = [facet_id for facet_id in request.facet_ids if facet_id not in FACETS]
            if unknown:
                raise QueryError(
                    f"unknown facet {unknown[0]!r} (facets: {', '.join(FACETS)})",
                    column=None,
                    code="unknown-facet",
                    parameter="facets",
                )

    @staticmethod
    def _facet_run(searcher: tantivy.Searcher, plan: _Plan, request: SearchRequest) -> FacetRun | None:
        """The facet counts of ``plan``, started beside the page's own search (None: not asked for)."""
        if not request.facets:
            return None
        jobs = facet_jobs(plan.query, plan.selected, only=request.facet_ids)
        return FacetRun(searcher, jobs, request.facet_size)

    def _plan(self, request: SearchRequest, compiler: QueryCompiler, expansion: ExpansionLevel) -> _Plan:
        plan = _Plan(selected=parse_agg_filters(request.agg_filters) if request.agg_filters else {})
        merged = Compiled(query=tantivy.Query.all_query())
        only_ids = False
        for param, text in request.queries.items():
            if not text.strip():
                continue
            if param not in QUERY_AREAS:
                raise QueryError(f"query.{param} is not a search area", column=None, code="unknown-area")
            if _ONLY_NCT_IDS.match(text):
                only_ids = True
                plan.scored.append(self._ids_query(re.split(r"[\s,]+", text.strip()), f"query.{param}"))
                continue
            node = self._parse(text, f"query.{param}")
            plan.relaxable = plan.relaxable or _relaxable(node)
            area = QUERY_AREAS[param]
            plan.areas.append(area)
            try:
                if area.endswith("Search"):
                    compiled = compiler.compile(node, area=area, expansion=expansion)
                else:
                    compiled = compiler.compile(Area(name=area, operand=node), expansion=expansion)
            except QueryError as error:
                raise error.in_parameter(f"query.{param}") from None
            plan.scored.append(compiled.query)
            _merge(merged, compiled)
        plan.compiled = merged
        if only_ids:  # ClinicalTrials.gov: a query of NCT ids alone ignores the filters
            return plan
        self._add_filters(
            plan, compiler, merged, "filter", request.overall_status, request.ids, request.advanced,
            request.geo, request.synonyms,
        )  # fmt: skip
        post = request.post_filter
        if post is not None:
            self._add_filters(
                plan, compiler, merged, "postFilter", post.overall_status, post.ids, post.advanced,
                post.geo, post.synonyms,
            )  # fmt: skip
        plan.circles = [geo.Circle.from_distance(distance) for distance in merged.distances]
        for facet_id, options in plan.selected.items():
            values = index_values(FACETS[facet_id], options)
            plan.facet_filters[facet_id] = any_term(self.index.schema, FACETS[facet_id].field, values)
        return plan

    def _add_filters(
        self,
        plan: _Plan,
        compiler: QueryCompiler,
        merged: Compiled,
        prefix: str,
        overall_status: Sequence[str],
        ids: Sequence[str],
        advanced: str | None,
        geo_filter: str | None,
        synonyms: Sequence[str],
    ) -> None:
        """The ``filter.*`` (or ``postFilter.*``) parameters as filters that leave scores alone."""
        if overall_status:
            plan.filters.append(any_term(self.index.schema, "f_status", overall_status))
        if ids:
            plan.filters.append(self._ids_query(list(ids), f"{prefix}.ids"))
        if advanced:
            try:
                compiled = compiler.compile(self._parse(advanced, f"{prefix}.advanced"))
            except QueryError as error:
                raise error.in_parameter(f"{prefix}.advanced") from None
            plan.filters.append(compiled.query)
            _merge(merged, compiled, tokens=False)
        for pair in synonyms:
            try:
                compiled = compiler.compile(synonym_filter(pair, self.concepts))
            except QueryError as error:
                raise error.in_parameter(f"{prefix}.synonyms") from None
            plan.filters.append(compiled.query)
        if geo_filter:
            try:
                distance = parse_geo_filter(geo_filter)
            except EssieSyntaxError as error:
                raise QueryError(
                    error.message, column=error.column, code="bad-geo", parameter=f"{prefix}.geo"
                ) from None
            plan.filters.append(self.geo.distance(distance))
            merged.distances.append(distance)

    def _parse(self, text: str, parameter: str) -> Node:
        """The expression's tree, refused when it is over the server's limits."""
        try:
            node = parse(text)
        except EssieSyntaxError as error:
            raise QueryError(error.message, column=error.column, code="syntax", parameter=parameter) from None
        if self.limits is not None:
            check_complexity(node, self.limits, parameter=parameter)
        return node

    def _explained(self, hits: list[Hit], plan: _Plan, compiled: Compiled) -> list[Hit]:
        assert self.documents is not None
        pieces: list[str] = []
        for area in plan.areas or [catalog.DEFAULT_AREA]:
            fields = catalog.area_fields(area)
            if fields:
                pieces.extend(ref.field for ref in fields)
            else:  # a single piece, such as LeadSponsorName
                pieces.append(area)
        documents = self.documents([hit.nct_id for hit in hits])
        tokens = frozenset(compiled.tokens)
        explained = []
        for hit in hits:
            document = documents.get(hit.nct_id)
            if document is None:
                explained.append(hit)
                continue
            matches = tuple(explain(document, pieces, tokens, self._analyze))
            found = {
                segment.text.lower() for match in matches for segment in match.snippet if segment.highlighted
            }
            used = tuple(
                note
                for note in compiled.notes
                if any(word.lower() in found for word in re.findall(r"\w+", note.name))
            )
            explained.append(replace(hit, matches=matches, expansions=used))
        return explained

    def _ids_query(self, texts: list[str], parameter: str) -> tantivy.Query:
        ids = []
        for text in texts:
            if not text:
                continue
            try:
                ids.append(parse_nct_id(text))
            except InvalidNctId as error:
                raise QueryError(str(error), column=None, code="bad-nct-id", parameter=parameter) from None
        return any_term(self.index.schema, "nct_id", ids)

    # --- pages --------------------------------------------------------------------------------

    def _decay(self, request: SearchRequest, sort: SortKey) -> tuple[GeoDecay, geo.Circle] | None:
        """geoDecay applies to a relevance sort around ``filter.geo`` (its default when not given)."""
        if not sort.is_relevance or not request.geo:
            return None
        try:
            circle = geo.Circle.from_distance(parse_geo_filter(request.geo))
        except EssieSyntaxError:
            return None  # reported by the filter itself
        return parse_geo_decay(request.geo_decay or DEFAULT_GEO_DECAY), circle

    def _decayed_page(
        self,
        searcher: tantivy.Searcher,
        query: tantivy.Query,
        decay: tuple[GeoDecay, geo.Circle],
        offset: int,
        size: int,
    ) -> tuple[list[_Row], bool, int] | None:
        """A relevance page with the ``GEO_DECAY_RERANKED`` most relevant studies' scores
        multiplied by their distance factor, the rest in relevance order after them (None past
        the limit). Reading each study's sites costs a stored-document read, so the re-ranking is
        bounded: a page never skips or repeats a study, and the first pages are where proximity
        matters."""
        wanted = max(GEO_DECAY_RERANKED, offset + size + 1)
        result: Any = searcher.search(query, wanted, count=True)
        total = int(result.count)
        if total > GEO_DECAY_MAX_STUDIES:
            return None
        function, circle = decay
        hits = result.hits
        packs = [searcher.doc(address).get_first("sites") or b"" for _, address in hits[:GEO_DECAY_RERANKED]]
        scored = []
        for (value, address), nearest in zip(hits, geo.nearest_each(packs, circle), strict=False):
            factor = function.factor(nearest.distance_km if nearest else None)
            base = float(value) or 1.0  # filters alone score 0: rank by distance
            scored.append((base * factor, address))
        numbers = searcher.fast_field_values("nct_number", [address for _, address in hits]) if hits else []
        reranked = sorted(
            zip(scored, numbers[: len(scored)], strict=True), key=lambda item: (-item[0][0], item[1])
        )
        rest = [
            ((float(value), address), number) for (value, address), number in zip(hits, numbers, strict=True)
        ]
        ranked = reranked + rest[len(scored) :]
        window = ranked[offset : offset + size + 1]
        rows = [_Row(f"NCT{number:08d}", score, None, address) for (score, address), number in window[:size]]
        return rows, len(window) > size, total

    def _page(
        self,
        searcher: tantivy.Searcher,
        query: tantivy.Query,
        sort: SortKey,
        position: paging.PagePosition,
        size: int,
        decay: tuple[GeoDecay, geo.Circle] | None = None,
        count: bool = False,
    ) -> tuple[list[_Row], bool, int | None]:
        """One page of hits, whether there is another after it, and (when ``count`` is asked
        for and the page's own pass can give it) the number of matching studies, counted in the
        same pass over the index."""
        if decay is not None:
            decayed = self._decayed_page(searcher, query, decay, position.offset, size)
            if decayed is not None:
                return decayed
        if sort.is_relevance:
            result: Any = searcher.search(query, size + 1, count=count, offset=position.offset)
            return (*self._rows(searcher, result.hits, size, relevance=True), _counted(result, count))
        if sort.field not in SORTABLE:
            raise QueryError(
                f"{sort.field!r} cannot be sorted on (sortable: {', '.join(SORTABLE)}, @relevance)",
                column=None,
                code="bad-sort",
                parameter="sort",
            )
        ascending_field, descending_field = sort_fields(sort.field)
        ascending = sort.order is SortOrder.ASC
        field_name = ascending_field if ascending else descending_field
        if position.after_key is not None:  # strictly after the previous page's last key
            count = False  # the total is of the whole query, not of what follows this page
            low, high = (position.after_key, None) if ascending else (None, position.after_key)
            after = tantivy.Query.range_query(
                self.index.schema,
                field_name,
                tantivy.FieldType.Integer,
                low,
                high,
                include_lower=not ascending,
                include_upper=ascending,
            )
            query = tantivy.Query.boolean_query([(Occur.Must, query), (Occur.Must, after)])
        order = tantivy.Order.Asc if ascending else tantivy.Order.Desc
        result = searcher.search(query, size + 1, count=count, order_by_field=field_name, order=order)
        return (*self._rows(searcher, result.hits, size, relevance=False), _counted(result, count))

    def _rows(
        self,
        searcher: tantivy.Searcher,
        hits: list[tuple[object, tantivy.DocAddress]],
        size: int,
        *,
        relevance: bool,
    ) -> tuple[list[_Row], bool]:
        more = len(hits) > size
        hits = hits[:size]
        numbers = searcher.fast_field_values("nct_number", [address for _, address in hits]) if hits else []
        rows = [
            _Row(
                f"NCT{number:08d}",
                float(value) if relevance else None,  # type: ignore[arg-type]
                None if relevance else int(value),  # type: ignore[call-overload]
                address,
            )
            for (value, address), number in zip(hits, numbers, strict=True)
        ]
        return rows, more


def _relaxable(node: Node) -> bool:
    """Whether the query has unquoted multi-word terms and no explicit EXPANSION[...]."""
    if isinstance(node, Expansion):
        return False
    if isinstance(node, Term):
        return len(node.words) > 1
    return any(_relaxable(child) for child in children(node))


def _counted(result: Any, counted: bool) -> int | None:
    """The count of a search run with ``count=True`` (the type stubs omit SearchResult.count)."""
    return int(result.count) if counted else None


def _merge(into: Compiled, compiled: Compiled, *, tokens: bool = True) -> None:
    into.notes.extend(compiled.notes)
    into.distances.extend(compiled.distances)
    if tokens:
        into.tokens.update(compiled.tokens)
