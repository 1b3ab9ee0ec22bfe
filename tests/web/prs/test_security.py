"""Security over HTTP: organizations are walled off (404, never 403), every post needs its CSRF
token, reviewers cannot edit sponsor data, sign-in is throttled and locks out, cookies are
guarded, and hostile text is shown escaped everywhere."""

from __future__ import annotations

import json

import pytest

from tests.registry.documents import registrable_study
from tests.web.prs.browser import Browser, record_id, text
from tests.web.prs.conftest import PASSWORD, Site
from trialbase.domain.record_state import Action

HOSTILE = "<script>alert('x')</script> & <img src=x onerror=alert(1)>"


def _draft(browser: Browser, title: str = "Org A study") -> int:
    browser.get("/prs/records/new")
    response = browser.post("/prs/records", {"briefTitle": title})
    assert response.status_code == 303, response.text
    return record_id(response)


def _title(page: str) -> str:
    return page.split("<title>", 1)[1].split("</title>", 1)[0]


def test_another_organization_gets_404_for_everything_about_a_record(site: Site) -> None:
    owner = site.browser("editor-a")
    draft = _draft(owner)
    revision = owner.revision() if 'name="revision"' in owner.last_page else "1"
    outsider = site.browser("editor-b")
    missing = outsider.get(f"/prs/records/{draft + 100}")
    assert missing.status_code == 404
    for path in (
        f"/prs/records/{draft}",
        f"/prs/records/{draft}/document.json",
        f"/prs/records/{draft}/modules/statusModule",
    ):
        response = outsider.get(path)
        assert response.status_code == 404, path
        assert response.text == missing.text  # nothing tells "someone else's" from "none"
    outsider.get("/prs")
    for path, data in (
        (
            f"/prs/records/{draft}/modules/descriptionModule",
            {"briefSummary": "mine now", "revision": revision},
        ),
        (f"/prs/records/{draft}/actions/complete", {"revision": revision}),
        (f"/prs/records/{draft}/delete", {"revision": revision}),
        (f"/prs/records/{draft}/transfer", {"organization": "Org B Pharma", "revision": revision}),
        (f"/prs/records/{draft}/comments/1/response", {"response": "hi"}),
    ):
        assert outsider.post(path, data).status_code == 404, path
    assert "Org A study" not in outsider.get("/prs").text
    record = site.registry.drafts.list_for(site.registry.accounts.account_by_username("editor-a").as_actor())  # type: ignore[union-attr]
    assert record[0].module("descriptionModule") == {}
    assert record[0].revision == 1


def test_a_post_without_the_csrf_token_is_refused(site: Site) -> None:
    editor = site.browser("editor-a")
    draft = _draft(editor)
    editor.open_record(draft)
    revision = editor.revision()
    path = f"/prs/records/{draft}/modules/descriptionModule"
    for token in ("", "forged"):
        refused = editor.post(path, {"briefSummary": "changed", "revision": revision, "csrf_token": token})
        assert refused.status_code == 403
        assert "did not come from this site" in text(refused.text)
    other = site.browser("admin-a")
    other.get("/prs")
    other_token = other.last_page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    assert (
        editor.post(path, {"briefSummary": "x", "revision": revision, "csrf_token": other_token}).status_code
        == 403
    )
    editor.open_record(draft)
    cross_site = editor.http.post(
        path,
        data={
            "briefSummary": "x",
            "revision": revision,
            "csrf_token": editor.last_page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0],
        },
        headers={"Origin": "https://evil.example"},
    )
    assert cross_site.status_code == 403
    assert "another site" in text(cross_site.text)
    assert editor.post("/prs/logout", {"csrf_token": ""}).status_code == 403
    record = site.registry.drafts.list_for(site.registry.accounts.account_by_username("editor-a").as_actor())  # type: ignore[union-attr]
    assert record[0].module("descriptionModule") == {}


def test_signing_in_needs_the_login_page_token(site: Site) -> None:
    browser = site.browser()
    refused = browser.http.post(
        "/prs/login", data={"username": "editor-a", "password": PASSWORD, "csrf_token": "x"}
    )
    assert refused.status_code == 403
    assert "tb_session" not in refused.headers.get("set-cookie", "")


def test_a_reviewer_cannot_edit_sponsor_data(site: Site) -> None:
    editor = site.browser("editor-a")
    draft = _draft(editor)
    reviewer = site.browser("reviewer")
    assert reviewer.get(f"/prs/records/{draft}").status_code == 404  # not released: not the desk's business
    reviewer.get("/prs/review")
    assert (
        reviewer.post(
            f"/prs/records/{draft}/modules/descriptionModule", {"briefSummary": "x", "revision": "1"}
        ).status_code
        == 404
    )
    # Once released, the reviewer sees it but still cannot change it.
    actor = site.registry.accounts.account_by_username("editor-a").as_actor()  # type: ignore[union-attr]
    record = site.registry.drafts.replace_document(actor, draft, registrable_study(), revision=1).draft
    responsible = site.registry.accounts.account_by_username("pi-a").as_actor()  # type: ignore[union-attr]
    record = site.registry.workflow.act(actor, draft, Action.COMPLETE, revision=record.revision)
    record = site.registry.workflow.act(responsible, draft, Action.APPROVE, revision=record.revision)
    record = site.registry.workflow.act(responsible, draft, Action.RELEASE, revision=record.revision)
    page = reviewer.open_record(draft)
    assert "/modules/descriptionModule" not in page  # no edit links
    revision = reviewer.revision()
    edit = reviewer.post(
        f"/prs/records/{draft}/modules/descriptionModule", {"briefSummary": "x", "revision": revision}
    )
    assert edit.status_code == 403
    upload = reviewer.post(
        f"/prs/records/{draft}/upload",
        {"revision": revision},
        files={"document": ("x.json", b'{"protocolSection": {}}')},
    )
    assert upload.status_code == 403
    approve = reviewer.post(f"/prs/records/{draft}/actions/approve", {"revision": revision})
    assert approve.status_code == 403
    assert site.registry.drafts.get(actor, draft).document == record.document


def test_wrong_passwords_lock_the_account_and_say_so(site: Site) -> None:
    browser = site.browser()
    for _ in range(3):
        failed = browser.sign_in("pi-a", "wrong password")
        assert failed.status_code == 401
        assert "the user name or the password is not right" in text(failed.text)
    locked = browser.sign_in("pi-a", PASSWORD)
    assert locked.status_code == 401
    assert "locked after repeated failed sign-ins" in text(locked.text)
    assert "tb_session" not in locked.headers.get("set-cookie", "")
    # Another account from the same address still signs in.
    assert browser.sign_in("editor-a", PASSWORD).status_code == 303


def test_too_many_attempts_from_one_address_are_refused(site: Site) -> None:
    browser = site.browser()
    for attempt in range(12):
        assert browser.sign_in(f"someone-{attempt}", "guess").status_code == 401
    throttled = browser.sign_in("editor-a", PASSWORD)
    assert throttled.status_code == 429
    assert int(throttled.headers["retry-after"]) > 0


def test_session_cookies_are_guarded_and_end_at_sign_out(site: Site) -> None:
    browser = site.browser()
    browser.get("/prs/login")
    response = browser.post(
        "/prs/login", {"username": "editor-a", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/prs"
    cookie = next(
        value for value in response.headers.get_list("set-cookie") if value.startswith("tb_session=")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Path=/prs" in cookie
    assert "Secure" not in cookie
    assert browser.get("/prs").status_code == 200
    assert browser.get("/prs").headers["cache-control"] == "no-store"
    assert browser.post("/prs/logout", {}).status_code == 303
    assert browser.get("/prs").status_code == 303  # to the sign-in page


def test_the_session_cookie_is_secure_over_https(site: Site) -> None:
    browser = site.browser()
    # Behind a TLS proxy on this machine (uvicorn trusts 127.0.0.1's X-Forwarded-Proto).
    https = {"X-Forwarded-Proto": "https"}
    page = browser.http.get("/prs/login", headers=https)
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    assert "Secure" in page.headers["set-cookie"]  # so the client keeps it for https only
    browser.http.cookies.set("tb_login_csrf", token)
    response = browser.http.post(
        "/prs/login", data={"username": "editor-a", "password": PASSWORD, "csrf_token": token}, headers=https
    )
    assert response.status_code == 303
    cookie = next(
        value for value in response.headers.get_list("set-cookie") if value.startswith("tb_session=")
    )
    assert "Secure" in cookie


def test_signed_out_visitors_are_sent_to_sign_in(site: Site) -> None:
    browser = site.browser()
    response = browser.get("/prs/records/1")
    assert response.status_code == 303
    assert response.headers["location"] == "/prs/login?next=/prs/records/1"
    assert browser.http.post("/prs/records", data={"briefTitle": "x"}).status_code == 403


@pytest.mark.parametrize(
    "path", ["/prs/records/99999999999999", "/prs/records/0", "/prs/records/1/modules/nope"]
)
def test_odd_ids_and_modules_are_not_found(site: Site, path: str) -> None:
    assert site.browser("editor-a").get(path).status_code == 404


def test_hostile_text_is_shown_escaped_everywhere(site: Site) -> None:
    editor = site.browser("editor-a")
    draft = _draft(editor, HOSTILE)
    assert editor.save_module(draft, "descriptionModule", {"briefSummary": HOSTILE}).status_code == 303
    assert (
        editor.save_module(
            draft, "conditionsModule", {"conditions": HOSTILE, "keywords": HOSTILE}
        ).status_code
        == 303
    )
    upload = json.dumps(
        {"protocolSection": {"identificationModule": {"briefTitle": HOSTILE, "acronym": HOSTILE}}}
    )
    editor.get("/prs/records/new")
    uploaded = editor.post("/prs/records/upload", {}, files={"document": ("study.json", upload.encode())})
    assert uploaded.status_code == 303
    admin = site.browser("admin-a")
    pages = [
        editor.get("/prs").text,
        editor.get(f"/prs/records/{draft}").text,
        editor.get(f"/prs/records/{draft}/modules/descriptionModule").text,
        editor.get(f"/prs/records/{draft}/modules/conditionsModule").text,
        editor.get(f"/prs/records/{record_id(uploaded)}").text,
        admin.get("/prs/audit").text,
    ]
    for page in pages:
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;" in page or "\\u003cscript\\u003e" in page
    assert HOSTILE in text(pages[1])
