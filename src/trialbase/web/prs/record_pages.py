"""The sponsor's pages: the dashboard, new records (by form or upload), the record page, module
forms, workflow actions, deleting, transferring, and answering review comments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from starlette.responses import Response

from trialbase.domain.issue import Issue
from trialbase.domain.record_state import Action
from trialbase.registry.drafts import SavedDraft
from trialbase.registry.errors import InvalidInput, NotFound
from trialbase.web.prs.context import Ctx, secured, see_other
from trialbase.web.prs.form_fields import read, refilled, shown
from trialbase.web.prs.located_findings import by_name, in_module, located
from trialbase.web.prs.module_forms import FORMS, FORMS_BY_NAME
from trialbase.web.prs.record_view import record_view

MAX_UPLOAD_BYTES = 1024 * 1024


def dashboard(ctx: Ctx) -> Response:
    actor = ctx.signed_in.actor
    return ctx.page("prs/dashboard.html", rows=ctx.registry.drafts.overview(actor), actor=actor)


def new_record_form(ctx: Ctx) -> Response:
    return ctx.page("prs/new_record.html", error="", issues=[])


def create_record(ctx: Ctx) -> Response:
    title = " ".join(ctx.value("briefTitle").split())
    document: dict[str, Any] = {
        "protocolSection": {"identificationModule": {"briefTitle": title} if title else {}}
    }
    saved = ctx.registry.drafts.create(ctx.signed_in.actor, document, source="form")
    return see_other(f"/prs/records/{saved.draft.id}/modules/identificationModule")


def upload_record(ctx: Ctx) -> Response:
    document, problem = uploaded_json(ctx)
    if problem:
        return ctx.page("prs/new_record.html", status_code=400, error=problem, issues=[])
    try:
        saved = ctx.registry.drafts.create(ctx.signed_in.actor, document, source="upload")
    except InvalidInput as error:
        return ctx.page("prs/new_record.html", status_code=400, error=str(error), issues=error.issues)
    return see_other(f"/prs/records/{saved.draft.id}?uploaded={len(saved.notes)}")


def replace_upload(ctx: Ctx) -> Response:
    return apply_upload(ctx, ctx.registry.drafts.replace_document)


def apply_upload(ctx: Ctx, apply: Callable[..., SavedDraft], *, anchor: str = "") -> Response:
    """An uploaded JSON file given to ``apply(actor, draft_id, document, revision=...)`` (replace
    the document, or set its results); a file that cannot be read or taken shows the record page
    with the problems."""
    draft_id = ctx.int_param("draft_id")
    document, problem = uploaded_json(ctx)
    if problem:
        return show_record(ctx, draft_id, status_code=400, error=problem)
    try:
        saved = apply(ctx.signed_in.actor, draft_id, document, revision=ctx.revision())
    except InvalidInput as error:
        return show_record(ctx, draft_id, status_code=400, error=str(error), input_issues=error.issues)
    return see_other(f"/prs/records/{saved.draft.id}?uploaded={len(saved.notes)}{anchor}")


def record_page(ctx: Ctx) -> Response:
    return show_record(ctx, ctx.int_param("draft_id"))


def document_json(ctx: Ctx) -> Response:
    record = ctx.registry.drafts.get(ctx.signed_in.actor, ctx.int_param("draft_id"))
    response = Response(
        orjson.dumps(record.document, option=orjson.OPT_INDENT_2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="record-{record.id}.json"'},
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def module_form(ctx: Ctx) -> Response:
    draft_id = ctx.int_param("draft_id")
    form = _form(ctx)
    record = ctx.registry.drafts.get(ctx.signed_in.actor, draft_id)
    notice = "Saved." if ctx.request.query_params.get("saved") else ""
    return _module_page(ctx, record, form.name, shown(form, record.module(form.name)), notice=notice)


def save_module(ctx: Ctx) -> Response:
    draft_id = ctx.int_param("draft_id")
    form = _form(ctx)
    actor = ctx.signed_in.actor
    record = ctx.registry.drafts.get(actor, draft_id)
    module, problems = read(form, ctx.form, record.module(form.name))
    if problems:
        return _module_page(
            ctx, record, form.name, refilled(form, ctx.form), input_issues=problems, status_code=400
        )
    ctx.registry.drafts.save_module(actor, draft_id, form.name, module, revision=ctx.revision())
    return see_other(f"/prs/records/{draft_id}/modules/{form.name}?saved=1")


def check_module(ctx: Ctx) -> Response:
    """The findings the record would have if the posted module form were saved; nothing is saved.

    Refused as saving would be (404 for a record the person may not see, 403 for one they may not
    edit, 409 for a stale form). The answer is JSON: every finding of the record with the module
    form and input name of its field, and the values that could not be read.
    """
    draft_id = ctx.int_param("draft_id")
    form = _form(ctx)
    actor = ctx.signed_in.actor
    stored = ctx.registry.drafts.get(actor, draft_id)
    positions: dict[str, list[int]] = {}
    module, problems = read(form, ctx.form, stored.module(form.name), positions)
    preview = ctx.registry.drafts.preview_module(actor, draft_id, form.name, module, revision=ctx.revision())
    findings = located(ctx.registry.workflow.issues(preview), positions)
    answer = {
        "module": form.name,
        "revision": preview.revision,
        "findings": [finding.as_dict() for finding in findings],
        "input_problems": [finding.as_dict() for finding in located(problems)],
    }
    return secured(Response(orjson.dumps(answer), media_type="application/json"))


def act(ctx: Ctx) -> Response:
    draft_id = ctx.int_param("draft_id")
    try:
        action = Action(ctx.request.path_params["action"])
    except ValueError:
        raise NotFound("no such action") from None
    try:
        ctx.registry.workflow.act(ctx.signed_in.actor, draft_id, action, revision=ctx.revision())
    except InvalidInput as error:
        return show_record(ctx, draft_id, status_code=400, error=str(error), input_issues=error.issues)
    if action is Action.PUBLISH or (action is Action.RETURN):
        return see_other("/prs/review")
    return see_other(f"/prs/records/{draft_id}")


def delete(ctx: Ctx) -> Response:
    ctx.registry.drafts.delete(ctx.signed_in.actor, ctx.int_param("draft_id"), revision=ctx.revision())
    return see_other("/prs")


def transfer(ctx: Ctx) -> Response:
    draft_id = ctx.int_param("draft_id")
    target = ctx.registry.accounts.organization_by_name(ctx.value("organization"))
    if target is None:
        return show_record(
            ctx, draft_id, status_code=400, error=f"There is no organization “{ctx.value('organization')}”."
        )
    ctx.registry.drafts.transfer(ctx.signed_in.actor, draft_id, target.id, revision=ctx.revision())
    return see_other("/prs")


def add_comment(ctx: Ctx) -> Response:
    draft_id = ctx.int_param("draft_id")
    try:
        ctx.registry.review.add_comment(
            ctx.signed_in.actor,
            draft_id,
            path=ctx.value("path"),
            severity=ctx.value("severity"),
            body=ctx.value("body"),
        )
    except InvalidInput as error:
        return show_record(ctx, draft_id, status_code=400, error=str(error))
    return see_other(f"/prs/records/{draft_id}#comments")


def respond(ctx: Ctx) -> Response:
    draft_id = ctx.int_param("draft_id")
    comment_id = ctx.int_param("comment_id")
    try:
        ctx.registry.review.respond(ctx.signed_in.actor, draft_id, comment_id, ctx.value("response"))
    except InvalidInput as error:
        return show_record(ctx, draft_id, status_code=400, error=str(error))
    return see_other(f"/prs/records/{draft_id}#comment-{comment_id}")


def show_record(
    ctx: Ctx,
    draft_id: int,
    *,
    status_code: int = 200,
    error: str = "",
    input_issues: list[Issue] | None = None,
) -> Response:
    actor = ctx.signed_in.actor
    record = ctx.registry.drafts.get(actor, draft_id)
    view = record_view(
        actor, record, ctx.registry.workflow.issues(record), ctx.registry.review.comments(actor, draft_id)
    )
    uploaded = ctx.request.query_params.get("uploaded")
    return ctx.page(
        "prs/record.html",
        status_code=status_code,
        view=view,
        error=error,
        input_findings=located(input_issues or []),
        uploaded=uploaded,
    )


def _module_page(
    ctx: Ctx,
    record: Any,
    name: str,
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
    module = next(item for item in view.modules if item.name == name)
    prefix = f"protocolSection.{name}"
    module_findings = in_module(view.findings, name)
    input_findings = located(input_issues or [])
    return ctx.page(
        "prs/module.html",
        status_code=status_code,
        view=view,
        module=module,
        parts=parts,
        forms=FORMS,
        notice=notice,
        input_findings=input_findings,
        module_findings=module_findings,
        findings_by_name=by_name([*input_findings, *module_findings]),
        module_comments=[c for c in view.comments if c.path == prefix or c.path.startswith(prefix + ".")],
    )


def _form(ctx: Ctx) -> Any:
    form = FORMS_BY_NAME.get(ctx.request.path_params["module"])
    if form is None:
        raise NotFound("no such module")
    return form


def uploaded_json(ctx: Ctx) -> tuple[Any, str]:
    data = ctx.files.get("document")
    if not data:
        return None, "Choose a v2 JSON file to upload."
    if len(data) > MAX_UPLOAD_BYTES:
        return None, f"The file is larger than {MAX_UPLOAD_BYTES // 1024} KiB."
    try:
        return orjson.loads(data), ""
    except orjson.JSONDecodeError as error:
        return None, f"The file is not JSON: {error}"
