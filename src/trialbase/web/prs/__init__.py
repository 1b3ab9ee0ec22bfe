"""The registration pages ("PRS"), under ``/prs``: sign-in, the sponsor's records and their
modules, the workflow, the review desk, the audit log, and accounts and API tokens. Handlers
parse the form, call one registry service and render what it returns; ``context`` holds
sessions, CSRF and refusals."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from trialbase.registry import Registry, RegistrySettings
from trialbase.services import Services
from trialbase.web.prs import account_pages, record_pages, results_pages, review_pages, session_pages
from trialbase.web.prs.context import Handler, endpoint


def routes(services: Services, registry: Registry | None = None) -> list[BaseRoute]:
    reg = registry or Registry(services.store, RegistrySettings.from_environ())

    def page(
        path: str,
        get: Handler | None = None,
        post: Handler | None = None,
        *,
        login: bool = True,
        csrf: str = "session",
    ) -> list[BaseRoute]:
        made: list[BaseRoute] = []
        if get is not None:
            made.append(Route(path, endpoint(reg, get, login=login, csrf=csrf), methods=["GET", "HEAD"]))
        if post is not None:
            made.append(Route(path, endpoint(reg, post, login=login, csrf=csrf), methods=["POST"]))
        return made

    record = "/prs/records/{draft_id:int}"
    return [
        *page("/prs/login", session_pages.login_form, session_pages.login, login=False, csrf="login"),
        *page("/prs/logout", post=session_pages.logout),
        *page(
            "/prs/reset-password", session_pages.reset_form, session_pages.reset, login=False, csrf="login"
        ),
        *page("/prs", record_pages.dashboard),
        *page("/prs/records/new", record_pages.new_record_form),
        *page("/prs/records", post=record_pages.create_record),
        *page("/prs/records/upload", post=record_pages.upload_record),
        *page(record, record_pages.record_page),
        *page(f"{record}/document.json", record_pages.document_json),
        *page(f"{record}/upload", post=record_pages.replace_upload),
        *page(f"{record}/modules/{{module}}", record_pages.module_form, record_pages.save_module),
        *page(f"{record}/modules/{{module}}/check", post=record_pages.check_module),
        *page(f"{record}/results/upload", post=results_pages.upload_results),
        *page(
            f"{record}/results/{{module}}",
            results_pages.results_module_form,
            results_pages.save_results_module,
        ),
        *page(f"{record}/actions/{{action}}", post=record_pages.act),
        *page(f"{record}/delete", post=record_pages.delete),
        *page(f"{record}/transfer", post=record_pages.transfer),
        *page(f"{record}/comments", post=record_pages.add_comment),
        *page(f"{record}/comments/{{comment_id:int}}/response", post=record_pages.respond),
        *page("/prs/review", review_pages.queue),
        *page("/prs/audit", review_pages.audit_log),
        *[made for path, get, post in account_pages.PAGES for made in page(path, get, post)],
    ]
