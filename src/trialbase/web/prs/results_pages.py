"""The results pages of a record: a form per results module, and the upload of a ``resultsSection``.

The forms are offered once the study has ended (status COMPLETED or TERMINATED) or has results;
before that the page says why there is no form. A module too large for one form (more inputs than
a post may hold) is shown read-only with a pointer to the JSON upload. People who may see the
record but not edit it now (reviewers, a record under review) see the values without inputs.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from trialbase.domain.issue import Issue
from trialbase.registry import Draft
from trialbase.registry.errors import NotFound
from trialbase.web.prs.context import MAX_FORM_FIELDS, Ctx, see_other
from trialbase.web.prs.form_fields import ShownField
from trialbase.web.prs.record_pages import apply_upload
from trialbase.web.prs.record_view import in_module, record_view
from trialbase.web.prs.results_forms import FORMS, FORMS_BY_NAME, ResultsForm, read, shown

_FORM_ROOM = 50  # inputs the page holds besides the module's (token, revision, counts' slack)


def results_module_form(ctx: Ctx) -> Response:
    form = _form(ctx)
    record = ctx.registry.drafts.get(ctx.signed_in.actor, ctx.int_param("draft_id"))
    notice = "Saved." if ctx.request.query_params.get("saved") else ""
    return _page(ctx, record, form, shown(form, record.module(form.name)), notice=notice)


def save_results_module(ctx: Ctx) -> Response:
    draft_id = ctx.int_param("draft_id")
    form = _form(ctx)
    actor = ctx.signed_in.actor
    record = ctx.registry.drafts.get(actor, draft_id)
    module, problems = read(form, ctx.form, record.module(form.name))
    if problems:
        refilled = shown(form, record.module(form.name), ctx.form)
        return _page(ctx, record, form, refilled, input_issues=problems, status_code=400)
    ctx.registry.drafts.save_module(actor, draft_id, form.name, module, revision=ctx.revision())
    return see_other(f"/prs/records/{draft_id}/results/{form.name}?saved=1")


def upload_results(ctx: Ctx) -> Response:
    return apply_upload(ctx, ctx.registry.drafts.upload_results, anchor="#results")


def _page(
    ctx: Ctx,
    record: Draft,
    form: ResultsForm,
    parts: list[Any],
    *,
    notice: str = "",
    input_issues: list[Issue] | None = None,
    status_code: int = 200,
) -> Response:
    actor = ctx.signed_in.actor
    view = record_view(
        actor, record, ctx.registry.workflow.issues(record), ctx.registry.review.comments(actor, record.id)
    )
    inputs = _inputs(parts)
    too_large = inputs + _FORM_ROOM > MAX_FORM_FIELDS
    return ctx.page(
        "prs/results_module.html",
        status_code=status_code,
        view=view,
        form=form,
        forms=FORMS,
        parts=parts,
        editable=view.can_edit and record.results_offered and not too_large,
        too_large=too_large,
        inputs=inputs,
        notice=notice,
        input_issues=input_issues or [],
        module_issues=in_module(view.issues, form.path),
        module_comments=[
            comment
            for comment in view.comments
            if comment.path == form.path or comment.path.startswith((form.path + ".", form.path + "["))
        ],
    )


def _inputs(parts: list[Any]) -> int:
    """How many values a post of these parts sends (a box counts as one per option)."""
    total = 0
    for part in parts:
        if isinstance(part, ShownField):
            total += max(len(part.spec.options), 1) if part.spec.kind == "choices" else 1
        elif part.kind == "repeat":
            total += 1 + sum(_inputs(item.parts) for item in part.items)
        else:
            total += 1 + sum(len(row.fields) + sum(len(cell) for cell in row.cells) for row in part.rows)
    return total


def _form(ctx: Ctx) -> ResultsForm:
    form = FORMS_BY_NAME.get(ctx.request.path_params["module"])
    if form is None:
        raise NotFound("no such results module")
    return form
