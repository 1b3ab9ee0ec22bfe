"""The review desk's queue and the audit log page."""

from __future__ import annotations

from starlette.responses import Response

from trialbase.web.prs.context import Ctx

AUDIT_PAGE_SIZE = 100


def queue(ctx: Ctx) -> Response:
    return ctx.page("prs/queue.html", entries=ctx.registry.review.queue(ctx.signed_in.actor))


def audit_log(ctx: Ctx) -> Response:
    before = ctx.request.query_params.get("before", "")
    target = ctx.request.query_params.get("target", "").strip() or None
    before_id = int(before) if before.isdigit() and len(before) < 12 else None
    events = ctx.registry.audit.events(
        ctx.signed_in.actor, target=target, limit=AUDIT_PAGE_SIZE, before_id=before_id
    )
    older = events[-1].id if len(events) == AUDIT_PAGE_SIZE else None
    return ctx.page("prs/audit.html", events=events, target=target or "", older=older)
