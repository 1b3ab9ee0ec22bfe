"""The registration pages' own behaviour: uploads, form input that cannot be read, deleting,
transferring, the audit log, and resetting a password with a printed link."""

from __future__ import annotations

import json

from tests.factories import full_study
from tests.web.prs.browser import record_id, text
from tests.web.prs.conftest import PASSWORD, Site
from trialbase.registry import CLI_ACTOR


def test_an_upload_becomes_a_draft_without_the_registry_fields(site: Site) -> None:
    editor = site.browser("editor-a")
    editor.get("/prs/records/new")
    response = editor.post(
        "/prs/records/upload",
        {},
        files={"document": ("s.json", json.dumps(full_study("NCT04822922")).encode())},
    )
    assert response.status_code == 303
    page = text(editor.get(response.headers["location"]).text)
    assert "Aspirin After Heart Attack (test fixture)" in page
    assert "8 field(s) the registry sets were left out" in page
    assert "NCT04822922" not in page
    download = editor.get(f"/prs/records/{record_id(response)}/document.json")
    assert download.headers["content-type"] == "application/json"
    assert "nctId" not in download.json()["protocolSection"]["identificationModule"]


def test_a_bad_upload_is_refused_with_its_problems(site: Site) -> None:
    editor = site.browser("editor-a")
    editor.get("/prs/records/new")
    not_json = editor.post("/prs/records/upload", {}, files={"document": ("s.json", b"{oops")})
    assert not_json.status_code == 400
    assert "The file is not JSON" in text(not_json.text)
    malformed = {"protocolSection": {"conditionsModule": {"conditions": "Asthma"}}}
    refused = editor.post(
        "/prs/records/upload", {}, files={"document": ("s.json", json.dumps(malformed).encode())}
    )
    assert refused.status_code == 400
    assert "protocolSection.conditionsModule.conditions" in text(refused.text)
    assert editor.post("/prs/records/upload", {}).status_code == 400
    actor = site.registry.accounts.account_by_username("editor-a").as_actor()  # type: ignore[union-attr]
    assert site.registry.drafts.list_for(actor) == []


def test_unreadable_form_values_are_shown_again_and_nothing_is_saved(site: Site) -> None:
    editor = site.browser("editor-a")
    editor.get("/prs/records/new")
    draft = record_id(editor.post("/prs/records", {"briefTitle": "Numbers"}))
    response = editor.save_module(
        draft,
        "designModule",
        {"studyType": "INTERVENTIONAL", "enrollmentInfo.count": "a hundred", "phases": ["PHASE9"]},
    )
    assert response.status_code == 400
    page = text(response.text)
    assert "Nothing was saved" in page
    assert "'a hundred' is not a whole number" in page
    assert 'value="a hundred"' in response.text
    assert "Study phase: choose among" in page
    assert "Not filled in." in text(editor.open_record(draft)).split("Design", 1)[1]


def test_groups_add_and_remove_items(site: Site) -> None:
    editor = site.browser("editor-a")
    editor.get("/prs/records/new")
    draft = record_id(editor.post("/prs/records", {"briefTitle": "Outcomes"}))
    two = {
        "primaryOutcomes-count": "2",
        "primaryOutcomes-0-measure": "Pain",
        "primaryOutcomes-0-timeFrame": "1 week",
        "primaryOutcomes-1-measure": "Sleep",
        "primaryOutcomes-1-timeFrame": "2 weeks",
    }
    assert editor.save_module(draft, "outcomesModule", two).status_code == 303
    form = editor.get(f"/prs/records/{draft}/modules/outcomesModule").text
    assert 'name="primaryOutcomes-2-measure"' in form  # a blank one for adding
    one = {**two, "primaryOutcomes-0-measure": "", "primaryOutcomes-0-timeFrame": ""}
    assert editor.save_module(draft, "outcomesModule", one).status_code == 303
    actor = site.registry.accounts.account_by_username("editor-a").as_actor()  # type: ignore[union-attr]
    module = site.registry.drafts.get(actor, draft).module("outcomesModule")
    assert module == {"primaryOutcomes": [{"measure": "Sleep", "timeFrame": "2 weeks"}]}


def test_a_draft_can_be_deleted_and_a_record_transferred(site: Site) -> None:
    admin = site.browser("admin-a")
    admin.get("/prs/records/new")
    first = record_id(admin.post("/prs/records", {"briefTitle": "To delete"}))
    admin.get("/prs/records/new")
    second = record_id(admin.post("/prs/records", {"briefTitle": "To give away"}))
    admin.open_record(first)
    assert admin.post(f"/prs/records/{first}/delete", {"revision": admin.revision()}).status_code == 303
    assert admin.get(f"/prs/records/{first}").status_code == 404
    admin.open_record(second)
    unknown = admin.post(
        f"/prs/records/{second}/transfer", {"organization": "Nobody", "revision": admin.revision()}
    )
    assert unknown.status_code == 400
    admin.open_record(second)
    moved = admin.post(
        f"/prs/records/{second}/transfer", {"organization": "Org B Pharma", "revision": admin.revision()}
    )
    assert moved.status_code == 303
    assert admin.get(f"/prs/records/{second}").status_code == 404
    assert "To give away" in text(site.browser("editor-b").get("/prs").text)


def test_the_audit_log_is_for_administrators(site: Site) -> None:
    editor = site.browser("editor-a")
    editor.get("/prs/records/new")
    draft = record_id(editor.post("/prs/records", {"briefTitle": "Audited"}))
    assert editor.get("/prs/audit").status_code == 403
    admin = text(site.browser("admin-a").get(f"/prs/audit?target=draft:{draft}").text)
    assert "editor-a record.create draft:" in admin
    assert "Audited" in admin
    everything = text(site.browser("siteadmin").get("/prs/audit").text)
    assert "account.create" in everything
    assert "Org B Pharma" in everything


def test_a_printed_reset_link_sets_a_new_password(site: Site) -> None:
    token = site.registry.accounts.issue_password_reset(CLI_ACTOR, "editor-a")
    browser = site.browser()
    page = browser.get(f"/prs/reset-password?token={token}")
    assert page.headers["referrer-policy"] == "same-origin"
    mismatch = browser.post(
        "/prs/reset-password", {"token": token, "password": "a new passphrase!", "password_again": "x"}
    )
    assert mismatch.status_code == 400
    done = browser.post(
        "/prs/reset-password",
        {"token": token, "password": "a new passphrase!", "password_again": "a new passphrase!"},
    )
    assert done.status_code == 200
    assert "Your password is set" in text(done.text)
    assert browser.sign_in("editor-a", "a new passphrase!").status_code == 303
    again = site.browser().get(f"/prs/reset-password?token={token}")
    reused = site.browsers[-1].post(
        "/prs/reset-password", {"token": token, "password": PASSWORD + "2", "password_again": PASSWORD + "2"}
    )
    assert again.status_code == 200
    assert reused.status_code == 400
    assert "not valid" in text(reused.text)
