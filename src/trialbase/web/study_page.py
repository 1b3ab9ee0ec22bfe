"""The study record page, ``/study/NCT…``, with ClinicalTrials.gov's URLs: ``?tab=results`` for the
results and ``?tab=history`` (``&a=1&b=3`` to compare two versions) for the record history, plus
``?view=print`` for a print-friendly page holding the record and its results together.

The handler parses the request, reads the study from the store and hands the view data built by the
``study_*`` modules to the templates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from trialbase.domain.nct_id import InvalidNctId, parse_nct_id
from trialbase.domain.study_document import DocumentError, read_study
from trialbase.domain.version_diff import diff_documents
from trialbase.services import Services
from trialbase.store import Store
from trialbase.web.rendering import render
from trialbase.web.study_history import comparison, version_rows
from trialbase.web.study_record import study_record
from trialbase.web.study_results import study_results

Clock = Callable[[], dt.datetime]
TABS = ("record", "results", "history")
MAX_DIFFED_VERSIONS = 200  # versions beyond this (oldest first) are listed without their changes


class BadRequest(ValueError):
    """A query parameter the page cannot use; the message says which and what would do."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def routes(services: Services, *, clock: Clock = utc_now) -> list[BaseRoute]:
    store = services.store

    def study_page(request: Request) -> Response:
        text = request.path_params["nct_id"]
        try:
            nct_id = parse_nct_id(text)
        except InvalidNctId:
            return _problem(
                request, 400, "Not an NCT number", f"“{text}” is not an NCT number (e.g. NCT04822922)."
            )
        if nct_id != text:
            return _moved(request, nct_id)
        stored = store.current(nct_id)
        if stored is None:
            canonical = store.resolve_alias(nct_id)
            if canonical is not None:
                return _moved(request, canonical)
            return _problem(request, 404, "Study not found", f"There is no study {nct_id} in this registry.")
        try:
            options = _options(request.query_params)
            study = read_study(stored.document)
            record = study_record(
                study, nct_id=nct_id, synthetic=bool(stored.provenance.get("synthetic")), today=clock().date()
            )
            context: dict[str, Any] = {
                "record": record,
                "tab": options["tab"],
                "print_view": options["print"],
            }
            if options["tab"] == "results" or options["print"]:
                context["results"] = study_results(study)
            if options["tab"] == "history" and not options["print"]:
                context.update(_history(store, nct_id, options["a"], options["b"]))
        except BadRequest as error:
            return _problem(request, 400, "Cannot show this page", str(error))
        except DocumentError as error:
            problems = "; ".join(str(issue) for issue in error.issues[:5])
            message = f"The stored record of {nct_id} does not fit the data model: {problems}."
            return _problem(request, 422, "This record cannot be shown", message)
        return render(request, "study/page.html", **context)

    return [Route("/study/{nct_id}", study_page, name="study")]


def _moved(request: Request, nct_id: str) -> Response:
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"/study/{nct_id}{query}", status_code=301)


def _problem(request: Request, status: int, title: str, message: str) -> Response:
    return render(request, "study/problem.html", status_code=status, title=title, message=message)


def _options(params: QueryParams) -> dict[str, Any]:
    tab = params.get("tab", "record") or "record"
    if tab not in TABS:
        raise BadRequest(f"tab={tab!r} is not a tab of the study page (use one of: {', '.join(TABS)}).")
    view = params.get("view", "")
    if view not in ("", "print"):
        raise BadRequest(f"view={view!r} is not a view of the study page (use view=print or leave it out).")
    return {
        "tab": tab,
        "print": view == "print",
        "a": _version_param(params, "a"),
        "b": _version_param(params, "b"),
    }


def _version_param(params: QueryParams, name: str) -> int | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise BadRequest(f"{name}={raw!r} is not a version number (versions are numbered 1, 2, 3, …).")
    return int(raw)


def _history(store: Store, nct_id: str, a: int | None, b: int | None) -> dict[str, Any]:
    summaries = store.history(nct_id)
    numbers = [summary.version for summary in summaries]
    documents: dict[int, dict[str, Any]] = {}

    def document(version: int) -> dict[str, Any]:
        if version not in documents:
            stored = store.version(nct_id, version)
            documents[version] = stored.document if stored is not None else {}
        return documents[version]

    diffed = set(numbers[-MAX_DIFFED_VERSIONS:])
    rows = version_rows(
        [
            (
                summary.version,
                summary.last_update_post_date,
                summary.recorded_at,
                diff_documents(document(previous), document(summary.version))
                if previous is not None and summary.version in diffed
                else None,
            )
            for previous, summary in zip([None, *numbers], summaries, strict=False)
        ]
    )
    for name, value in (("a", a), ("b", b)):
        if value is not None and value not in numbers:
            raise BadRequest(
                f"{name}={value} is not a version of {nct_id} (it has versions 1 to {numbers[-1]})."
            )
    chosen_b = b if b is not None else numbers[-1]
    chosen_a = a if a is not None else (numbers[-2] if len(numbers) > 1 else numbers[-1])
    compared = None
    if a is not None or b is not None:
        older, newer = sorted((chosen_a, chosen_b))
        compared = comparison(older, newer, document(older), document(newer))
    return {
        "versions": rows,
        "version_numbers": numbers,
        "a": chosen_a,
        "b": chosen_b,
        "comparison": compared,
    }
