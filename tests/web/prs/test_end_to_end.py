"""The whole registration path over HTTP, as people would walk it.

The registry is set up with the CLI (organization, administrator, editor, responsible party,
reviewer); an editor drafts a study module by module, sees the validation errors, fixes them; the
responsible party releases it; a reviewer returns it with a major comment, the sponsor answers and
revises, the reviewer publishes it; an update becomes version 2 in the public history.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.live_server import live_server
from tests.web.prs.browser import Browser, record_id, text
from tests.web.prs.conftest import PASSWORD, SETTINGS_ENV
from tests.web.prs.study_forms import COMPLETE_STUDY, DESCRIPTION, STATUS
from trialbase.cli import cli
from trialbase.server import create_app
from trialbase.services import Services
from trialbase.store import Store


def _cli(database_url: str, *args: str, password: bool = False) -> str:
    result = CliRunner().invoke(
        cli,
        list(args) + (["--password-stdin"] if password else []),
        env={"TRIALBASE_DATABASE_URL": database_url, **SETTINGS_ENV},
        input=f"{PASSWORD}\n" if password else None,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def base_url(
    store: Store, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    for name, value in SETTINGS_ENV.items():
        monkeypatch.setenv(name, value)
    _cli(database_url, "users", "create-admin", "root", password=True)
    _cli(database_url, "users", "create-organization", "Org A Hospital")
    for username, role in (("editor", "record_editor"), ("investigator", "responsible_party")):
        _cli(
            database_url,
            "users",
            "create",
            username,
            "--organization",
            "Org A Hospital",
            "--role",
            role,
            password=True,
        )
    _cli(database_url, "users", "create", "reviewer", "--role", "reviewer", password=True)
    services = Services.open(store, tmp_path / "data", follow=False)
    try:
        with live_server(create_app(services)) as url:
            yield url
    finally:
        services.close()


def _signed_in(base_url: str, username: str) -> Browser:
    browser = Browser(base_url)
    assert browser.sign_in(username, PASSWORD).status_code == 303
    return browser


def test_draft_review_publish_and_update(base_url: str) -> None:
    editor = _signed_in(base_url, "editor")
    pi = _signed_in(base_url, "investigator")
    reviewer = _signed_in(base_url, "reviewer")

    # Draft by form, leaving the overall status out.
    editor.get("/prs/records/new")
    created = editor.post("/prs/records", {"briefTitle": "Aspirin After Heart Attack"})
    assert created.status_code == 303
    draft = record_id(created)
    for module, fields in COMPLETE_STUDY.items():
        sent = {name: value for name, value in fields.items() if name != "overallStatus"}
        saved = editor.save_module(draft, module, sent)
        assert saved.status_code == 303, (module, text(saved.text))
    page = text(editor.open_record(draft))
    assert "Aspirin After Heart Attack" in page
    assert "protocolSection.statusModule.overallStatus" in page
    assert editor.act(draft, "complete").status_code == 303
    assert pi.act(draft, "approve").status_code == 303
    refused = pi.act(draft, "release")
    assert refused.status_code == 400
    assert "cannot be released while it has 1 error" in text(refused.text)
    assert "protocolSection.statusModule.overallStatus" in text(refused.text)
    assert f'href="/prs/records/{draft}/modules/statusModule#f-overallStatus"' in refused.text

    # Fix it: the edit sends the record back to draft.
    status_form = text(editor.get(f"/prs/records/{draft}/modules/statusModule").text)
    assert "Overall recruitment status" in status_form
    assert editor.save_module(draft, "statusModule", STATUS).status_code == 303
    assert "No problems found." in text(editor.open_record(draft))
    assert editor.act(draft, "complete").status_code == 303
    assert pi.act(draft, "approve").status_code == 303
    assert pi.act(draft, "release").status_code == 303

    # Review: a major comment on the brief summary, returned.
    queue = text(reviewer.get("/prs/review").text)
    assert "Aspirin After Heart Attack" in queue
    assert "Org A Hospital" in queue
    assert reviewer.act(draft, "start_review").status_code == 303
    comment = reviewer.post(
        f"/prs/records/{draft}/comments",
        {
            "path": "protocolSection.descriptionModule.briefSummary",
            "severity": "major",
            "body": "Say who takes part and for how long.",
        },
    )
    assert comment.status_code == 303
    assert reviewer.act(draft, "return").status_code == 303

    # The sponsor sees the comment beside the field, revises and answers.
    description = editor.get(f"/prs/records/{draft}/modules/descriptionModule").text
    field_at = description.index('name="briefSummary"')
    assert "Say who takes part and for how long." in description[field_at:]
    revised = {"briefSummary": "Adults after a heart attack take aspirin or placebo daily for a year."}
    assert editor.save_module(draft, "descriptionModule", revised).status_code == 303
    refused = editor.act(draft, "mark_revised")
    assert refused.status_code == 409
    assert "answer every major comment" in text(refused.text)
    record_page = editor.open_record(draft)
    comment_id = record_page.split("/comments/", 1)[1].split("/", 1)[0]
    answer = editor.post(f"/prs/records/{draft}/comments/{comment_id}/response", {"response": "Added both."})
    assert answer.status_code == 303
    assert editor.act(draft, "mark_revised").status_code == 303
    assert pi.act(draft, "release").status_code == 303

    # Publish: the next NCT number, public at once.
    assert reviewer.act(draft, "start_review").status_code == 303
    assert reviewer.act(draft, "publish").status_code == 303
    page = text(editor.open_record(draft))
    assert "Published" in page
    assert "NCT80000001" in page
    public = editor.get("/study/NCT80000001")
    assert public.status_code == 200
    assert "Adults after a heart attack take aspirin or placebo daily for a year." in text(public.text)

    # An update goes the same way and becomes version 2; version 1 stays in the history.
    update = {"briefSummary": DESCRIPTION["briefSummary"] + " Now also counting strokes."}
    assert editor.save_module(draft, "descriptionModule", update).status_code == 303
    assert editor.get("/study/NCT80000001").text.count("Now also counting strokes.") == 0
    assert editor.act(draft, "complete").status_code == 303
    assert pi.act(draft, "approve").status_code == 303
    assert pi.act(draft, "release").status_code == 303
    assert reviewer.act(draft, "start_review").status_code == 303
    assert reviewer.act(draft, "publish").status_code == 303
    assert "Now also counting strokes." in text(editor.get("/study/NCT80000001").text)
    history = editor.get("/study/NCT80000001?tab=history")
    assert history.status_code == 200
    versions = text(history.text).split("Versions of NCT80000001", 1)[1]
    assert "2 current January 1, 2026" in versions
    assert "Description Compare with version 1" in versions  # what version 2 changed
    assert "1 January 1, 2026" in versions
    for browser in (editor, pi, reviewer):
        browser.close()
