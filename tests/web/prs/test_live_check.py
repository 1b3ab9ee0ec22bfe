"""Checking a module form while it is edited: ``POST /prs/records/{id}/modules/{module}/check``
answers the findings the record would have if the form were saved, each with its input, and
saves nothing; it is refused as saving would be. Without JavaScript the findings panels link each
message to its field."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.web.prs.browser import Browser, record_id, text
from tests.web.prs.conftest import Site
from tests.web.prs.study_forms import COMPLETE_STUDY, CONTACTS, IDENTIFICATION, STATUS
from trialbase.registry import CLI_ACTOR, Draft

LONG_TITLE = "Aspirin " * 40  # 320 characters: over the brief title's limit of 300


def _new_record(editor: Browser, title: str = "Live checks") -> int:
    editor.get("/prs/records/new")
    return record_id(editor.post("/prs/records", {"briefTitle": title}))


def _check(browser: Browser, draft: int, module: str, fields: dict[str, Any]) -> httpx.Response:
    """Post the module form as an editor sees it (its CSRF token and revision) with ``fields``
    to its check."""
    page = browser.get(f"/prs/records/{draft}/modules/{module}")
    assert page.status_code == 200, page.text
    return browser.post(
        f"/prs/records/{draft}/modules/{module}/check", {"revision": browser.revision(), **fields}
    )


def _by_code(answer: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [finding for finding in answer["findings"] if finding["code"] == code]


def _stored(site: Site, draft: int) -> Draft:
    return site.registry.drafts.get(CLI_ACTOR, draft)


def test_the_check_answers_the_findings_of_unsaved_input_with_their_inputs(site: Site) -> None:
    editor = site.browser("editor-a")
    draft = _new_record(editor)
    before = _stored(site, draft)
    events = site.registry.audit.count()

    response = _check(editor, draft, "identificationModule", {**IDENTIFICATION, "briefTitle": LONG_TITLE})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-store"
    answer = response.json()
    assert answer["module"] == "identificationModule"
    assert answer["revision"] == before.revision
    [too_long] = _by_code(answer, "too-long")
    assert too_long["path"] == "protocolSection.identificationModule.briefTitle"
    assert too_long["name"] == "briefTitle"
    assert too_long["module"] == "identificationModule"
    assert too_long["severity"] == "error"
    assert "300" in too_long["message"]
    # The findings of other modules come too, placed on their own forms.
    [status] = [f for f in answer["findings"] if f["path"].endswith("statusModule.overallStatus")]
    assert (status["module"], status["name"]) == ("statusModule", "overallStatus")

    # Nothing was saved: same revision, same document, nothing in the audit log.
    after = _stored(site, draft)
    assert after.revision == before.revision
    assert after.document == before.document
    assert site.registry.audit.count() == events
    assert after.brief_title == "Live checks"
    assert LONG_TITLE.strip() not in editor.open_record(draft)

    # The same input, fixed: no finding is left in the module.
    fixed = _check(editor, draft, "identificationModule", IDENTIFICATION).json()
    assert _by_code(fixed, "too-long") == []
    assert [f for f in fixed["findings"] if f["module"] == "identificationModule"] == []


def test_a_finding_about_a_whole_group_names_its_first_input(site: Site) -> None:
    editor = site.browser("editor-a")
    draft = _new_record(editor)
    # A recruiting study needs a central contact: the finding is about the list of contacts.
    answer = _check(editor, draft, "statusModule", STATUS).json()
    [needed] = _by_code(answer, "central-contact-required")
    assert needed["path"] == "protocolSection.contactsLocationsModule.centralContacts"
    assert (needed["module"], needed["name"]) == ("contactsLocationsModule", "centralContacts-0-name")


def test_findings_inside_groups_name_the_item_as_posted(site: Site) -> None:
    editor = site.browser("editor-a")
    draft = _new_record(editor)
    # The first contact is left blank (it is dropped on reading), so the bad address is the
    # module's contact 0 but the form's contact 1.
    answer = _check(
        editor,
        draft,
        "contactsLocationsModule",
        {
            **CONTACTS,
            "centralContacts-count": "2",
            "centralContacts-0-name": "",
            "centralContacts-0-role": "",
            "centralContacts-0-phone": "",
            "centralContacts-0-email": "",
            "centralContacts-1-name": "Study Desk",
            "centralContacts-1-role": "CONTACT",
            "centralContacts-1-email": "desk at example.org",
        },
    ).json()
    [email] = _by_code(answer, "email-format")
    assert email["path"] == "protocolSection.contactsLocationsModule.centralContacts[0].email"
    assert email["name"] == "centralContacts-1-email"
    assert "'desk at example.org' is not an e-mail address" in email["message"]


def test_values_that_cannot_be_read_are_answered_as_input_problems(site: Site) -> None:
    editor = site.browser("editor-a")
    draft = _new_record(editor)
    answer = _check(
        editor, draft, "designModule", {"studyType": "INTERVENTIONAL", "enrollmentInfo.count": "many"}
    ).json()
    [problem] = answer["input_problems"]
    assert problem["code"] == "not-a-number"
    assert problem["name"] == "enrollmentInfo.count"
    assert problem["module"] == "designModule"
    # Findings are still given for the rest of the form: masking is needed once it is interventional.
    masking = [f for f in answer["findings"] if f["path"].endswith("maskingInfo.masking")]
    assert [f["name"] for f in masking] == ["designInfo.maskingInfo.masking"]


def test_a_check_without_the_forms_token_or_from_another_site_is_refused(site: Site) -> None:
    editor = site.browser("editor-a")
    draft = _new_record(editor)
    address = f"/prs/records/{draft}/modules/identificationModule/check"
    revision = str(_stored(site, draft).revision)
    tokenless = editor.http.post(address, data={"revision": revision, "briefTitle": LONG_TITLE})
    assert tokenless.status_code == 403
    assert "The form has expired" in text(tokenless.text)
    editor.get(f"/prs/records/{draft}/modules/identificationModule")
    token = re.search(r'name="csrf_token" value="([^"]+)"', editor.last_page)
    assert token is not None
    elsewhere = editor.http.post(
        address,
        data={"csrf_token": token.group(1), "revision": revision, "briefTitle": LONG_TITLE},
        headers={"Origin": "https://attacker.example"},
    )
    assert elsewhere.status_code == 403
    stranger = site.browser()
    assert stranger.http.post(address, data={"revision": revision}).status_code == 403
    # The same post with the token is answered.
    accepted = editor.post(address, {"revision": revision, "briefTitle": LONG_TITLE})
    assert accepted.status_code == 200
    assert _by_code(accepted.json(), "too-long")


def test_another_organizations_record_is_not_found_and_a_stale_form_conflicts(site: Site) -> None:
    editor = site.browser("editor-a")
    draft = _new_record(editor)
    other = site.browser("editor-b")
    other.get("/prs")  # a page with editor-b's own CSRF token
    refused = other.post(
        f"/prs/records/{draft}/modules/identificationModule/check",
        {"revision": str(_stored(site, draft).revision), "briefTitle": "Mine now"},
    )
    assert refused.status_code == 404
    editor.get(f"/prs/records/{draft}")
    unknown = editor.post(f"/prs/records/{draft}/modules/noSuchModule/check", {"revision": "1"})
    assert unknown.status_code == 404

    editor.get(f"/prs/records/{draft}/modules/identificationModule")
    stale = editor.post(
        f"/prs/records/{draft}/modules/identificationModule/check",
        {"revision": str(_stored(site, draft).revision - 1), "briefTitle": "Old form"},
    )
    assert stale.status_code == 409


def test_a_reviewer_may_not_check_and_a_record_with_the_registry_cannot_be(site: Site) -> None:
    editor = site.browser("editor-a")
    pi = site.browser("pi-a")
    draft = _new_record(editor, IDENTIFICATION["briefTitle"])
    for module, fields in COMPLETE_STUDY.items():
        saved = editor.save_module(draft, module, fields)
        assert saved.status_code == 303, (module, text(saved.text))
    assert editor.act(draft, "complete").status_code == 303
    assert pi.act(draft, "approve").status_code == 303
    assert pi.act(draft, "release").status_code == 303

    released = _stored(site, draft)
    assert released.state.value == "released"

    def check_as(browser: Browser) -> httpx.Response:
        browser.get(f"/prs/records/{draft}")  # the page gives the CSRF token
        return browser.post(
            f"/prs/records/{draft}/modules/identificationModule/check",
            {"revision": str(released.revision), "briefTitle": LONG_TITLE},
        )

    refused = check_as(site.browser("reviewer"))
    assert refused.status_code == 403
    assert "only the owning organization's record editors" in text(refused.text)
    # The owner's editor may not either while the registry has it, as saving would be refused.
    assert check_as(editor).status_code == 409
    assert _stored(site, draft).revision == released.revision


def test_without_javascript_every_finding_links_to_its_field(site: Site) -> None:
    editor = site.browser("editor-a")
    draft = _new_record(editor)
    saved = editor.save_module(
        draft, "contactsLocationsModule", {**CONTACTS, "centralContacts-0-email": "desk@example"}
    )
    assert saved.status_code == 303

    form = editor.get(f"/prs/records/{draft}/modules/contactsLocationsModule").text
    anchor = "f-centralContacts-0-email"
    assert f'<a href="#{anchor}">' in form  # the panel's link
    field = re.search(rf'<input id="{anchor}" name="centralContacts-0-email" [^>]*>', form)
    assert field is not None, "the input carries the anchor id"
    assert f'aria-describedby="{anchor}-issues"' in field.group(0)
    assert 'aria-invalid="true"' in field.group(0)
    beside = form.split(f'id="{anchor}-issues"', 1)[1].split("</ul>", 1)[0]
    assert "has no top-level domain" in text(beside)
    assert '<script src="/static/prs_live.js" defer></script>' in form
    assert f'data-live-check="/prs/records/{draft}/modules/contactsLocationsModule/check"' in form
    assert editor.get("/static/prs_live.js").status_code == 200

    record = editor.open_record(draft)
    assert f'href="/prs/records/{draft}/modules/contactsLocationsModule#{anchor}"' in record
    assert f'href="/prs/records/{draft}/modules/descriptionModule#f-briefSummary"' in record
    status = editor.get(f"/prs/records/{draft}/modules/statusModule").text
    assert '<a href="#f-overallStatus">' in status
    assert (
        '<select id="f-overallStatus" name="overallStatus" aria-describedby="f-overallStatus-issues"'
        in status
    )
