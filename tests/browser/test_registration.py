"""Registering a study in a real browser, as the people involved do it.

An editor signs in, creates a record by form and fills the identification and contacts modules,
seeing validation messages appear beside the fields while typing (before saving), fixes them and
saves; the other modules are filled through the registry service to keep the test short. The
editor marks the entry complete, the responsible party approves and releases it, a reviewer
comments and returns it, the editor revises and answers, the responsible party releases it again
and the reviewer publishes it: the public study page shows it. An update published through the
services becomes version 2 in the page's history.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import RegistrySite
from tests.browser.test_accessibility import BLOCKING, describe, scan
from tests.factories import full_study
from trialbase.domain.record_state import Action
from trialbase.registry import CLI_ACTOR, Actor

pytestmark = pytest.mark.browser

TITLE = "Aspirin After Heart Attack"
TOO_LONG = "Aspirin after a heart attack, " * 11  # 330 characters: the limit is 300
NCT_ID = "NCT80000001"  # the first number of the registry's block
COMMENT = "Say who takes part and for how long."
REVISED_SUMMARY = "Adults after a heart attack take aspirin or placebo daily for a year."
UPDATED_SUMMARY = REVISED_SUMMARY + " Now also counting strokes."
# The modules the test does not fill in the browser, as the registry service is given them.
PREFILLED = (
    "statusModule",
    "sponsorCollaboratorsModule",
    "descriptionModule",
    "conditionsModule",
    "designModule",
    "armsInterventionsModule",
    "outcomesModule",
    "eligibilityModule",
)


def prefilled_modules() -> dict[str, dict[str, Any]]:
    protocol = copy.deepcopy(full_study()["protocolSection"])
    protocol["designModule"]["designInfo"]["maskingInfo"] = {"masking": "NONE"}
    status = protocol["statusModule"]
    status["primaryCompletionDateStruct"] = {"date": "2027-12-31", "type": "ESTIMATED"}
    status["completionDateStruct"] = {"date": "2028-06", "type": "ESTIMATED"}
    return {name: protocol[name] for name in PREFILLED}


def field_messages(page: Page, name: str) -> Locator:
    """The list of messages shown beside the input named ``name``."""
    return page.locator(f"[id='f-{name}-issues']")


def click(page: Page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()


def expect_state(page: Page, label: str) -> None:
    expect(page.locator(".prs-meta [data-state]")).to_have_text(label)


def save_through_service(site: RegistrySite, actor: Actor, draft: int, module: str, value: Any) -> None:
    revision = site.registry.drafts.get(actor, draft).revision
    site.registry.drafts.save_module(actor, draft, module, value, revision=revision)


def act_through_service(site: RegistrySite, actor: Actor, draft: int, action: Action) -> None:
    revision = site.registry.drafts.get(actor, draft).revision
    site.registry.workflow.act(actor, draft, action, revision=revision)


def test_register_review_publish_and_update_a_study(
    registry_site: RegistrySite, sign_in: Callable[[str], Page]
) -> None:
    site = registry_site
    editor = sign_in("editor")

    # A new record by form: it opens on its first module.
    editor.get_by_role("link", name="New record").click()
    editor.get_by_label("Brief title").fill(TITLE)
    click(editor, "Create the draft")
    editor.wait_for_url(re.compile(r"/prs/records/\d+/modules/identificationModule$"))
    found = re.search(r"/prs/records/(\d+)/", editor.url)
    assert found is not None
    draft = int(found.group(1))
    record_url = site.at(f"/prs/records/{draft}")
    panel = editor.locator("#module-findings-list")
    expect(panel).to_contain_text("No Unique Protocol Identification Number given")

    # Too long a title: the message appears beside the field while typing, nothing is saved.
    title = editor.get_by_label("Brief title")
    title.fill(TOO_LONG)
    expect(field_messages(editor, "briefTitle")).to_contain_text("300")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_attribute("aria-describedby", "f-briefTitle-issues")
    expect(editor.locator("#live-status")).to_contain_text("Brief title:")
    expect(panel.get_by_role("link", name=re.compile("300"))).to_have_attribute("href", "#f-briefTitle")
    assert site.registry.drafts.get(CLI_ACTOR, draft).brief_title == TITLE
    assert [describe(found) for found in scan(editor) if found["impact"] in BLOCKING] == []

    # Fixed, and the required protocol ID given: the messages go, then the module is saved.
    title.fill(TITLE)
    editor.get_by_label("Organization's unique protocol ID").fill("TB-BROWSER-1")
    expect(field_messages(editor, "briefTitle")).to_have_count(0)
    expect(title).not_to_have_attribute("aria-invalid", "true")
    expect(editor.locator("#module-findings-none")).to_be_visible()
    expect(panel).to_be_hidden()
    click(editor, "Save")
    expect(editor.locator(".notice--info")).to_have_text("Saved.")
    expect(editor.get_by_label("Organization's unique protocol ID")).to_have_value("TB-BROWSER-1")

    # Contacts: a mistyped e-mail address is caught before saving; its panel link leads to it.
    editor.get_by_role("navigation", name="Modules").get_by_role(
        "link", name="Contacts and locations"
    ).click()
    contact = editor.get_by_role("group", name="Central contact 1 (new)")
    contact.get_by_label("Name", exact=True).fill("Study Desk")
    contact.get_by_label("Role").select_option("CONTACT")
    email = contact.get_by_label("E-mail")
    email.fill("desk@example")
    expect(field_messages(editor, "centralContacts-0-email")).to_contain_text("has no top-level domain")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(editor.locator("#live-status")).to_contain_text("Central contact 1, E-mail: 'desk@example'")
    editor.locator("#module-findings-list").get_by_role("link", name=re.compile("desk@example")).click()
    expect(editor).to_have_url(re.compile("#f-centralContacts-0-email$"))
    expect(email).to_be_in_viewport()
    email.fill("desk@example.org")
    expect(field_messages(editor, "centralContacts-0-email")).to_have_count(0)
    expect(email).not_to_have_attribute("aria-invalid", "true")
    site_group = editor.get_by_role("group", name="Site 1 (new)")
    site_group.get_by_label("Facility").fill("Test Hospital")
    site_group.get_by_label("Recruitment status").select_option("RECRUITING")
    site_group.get_by_label("City").fill("Lyon")
    site_group.get_by_label("Country").fill("France")
    click(editor, "Save")
    expect(editor.locator(".notice--info")).to_have_text("Saved.")
    stored = site.registry.drafts.get(CLI_ACTOR, draft).module("contactsLocationsModule")
    assert stored["centralContacts"][0]["email"] == "desk@example.org"

    # The other modules come through the registry service; the record is then complete.
    editor_actor = site.actor("editor")
    for module, value in prefilled_modules().items():
        save_through_service(site, editor_actor, draft, module, value)
    editor.goto(record_url)
    # An interventional study needs its official title: the record page's finding links to it.
    findings = editor.locator("#findings")
    expect(findings.locator("li")).to_have_count(1)
    findings.get_by_role("link", name=re.compile("No Official Title given")).click()
    expect(editor).to_have_url(f"{record_url}/modules/identificationModule#f-officialTitle")
    official_title = editor.get_by_label("Official title")
    expect(official_title).to_be_in_viewport()
    expect(official_title).to_have_attribute("aria-invalid", "true")
    official_title.fill("A Randomized Study of Aspirin After Myocardial Infarction")
    expect(field_messages(editor, "officialTitle")).to_have_count(0)
    click(editor, "Save")
    expect(editor.locator(".notice--info")).to_have_text("Saved.")
    editor.get_by_role("link", name="Back to the record").click()
    expect(findings).to_have_text("No problems found.")
    click(editor, "Mark entry complete")
    expect_state(editor, "Entry complete")

    # The responsible party approves and releases it.
    investigator = sign_in("investigator")
    investigator.get_by_role("link", name=f"Record {draft}").click()
    click(investigator, "Approve")
    expect_state(investigator, "Approved")
    click(investigator, "Release to the registry")
    expect_state(investigator, "Released")

    # A reviewer takes it from the queue, comments on the brief summary and returns it.
    reviewer = sign_in("reviewer")
    reviewer.get_by_role("link", name="Review queue").first.click()
    reviewer.get_by_role("link", name=TITLE).click()
    click(reviewer, "Start review")
    expect_state(reviewer, "Under review")
    reviewer.get_by_label("Field").select_option(label="Description: Brief summary")
    reviewer.get_by_label("Kind").select_option("major")
    reviewer.get_by_label("Comment", exact=True).fill(COMMENT)
    click(reviewer, "Add comment")
    expect(reviewer.locator("#comments")).to_contain_text(COMMENT)
    click(reviewer, "Return comments to the sponsor")
    expect(reviewer).to_have_url(site.at("/prs/review"))

    # The editor sees the comment beside the field, revises, answers and marks the record revised.
    editor.goto(record_url)
    expect_state(editor, "Comments returned")
    editor.get_by_role("link", name="Edit Description").click()
    summary_field = editor.locator("[data-field='briefSummary']")
    expect(summary_field.locator(".prs-comments")).to_contain_text(COMMENT)
    editor.get_by_label("Brief summary").fill(REVISED_SUMMARY)
    click(editor, "Save")
    expect(editor.locator(".notice--info")).to_have_text("Saved.")
    editor.get_by_role("link", name="Back to the record").click()
    editor.get_by_label("Your answer").fill("Added who takes part and for how long.")
    click(editor, "Answer")
    click(editor, "Mark revised")
    expect_state(editor, "Revised")

    # Released again, then published by the reviewer.
    investigator.goto(record_url)
    click(investigator, "Release to the registry")
    expect_state(investigator, "Released")
    reviewer.goto(record_url)
    click(reviewer, "Start review")
    click(reviewer, "Publish")
    expect(reviewer).to_have_url(site.at("/prs/review"))

    # The public study page shows it at once.
    reviewer.goto(site.at(f"/study/{NCT_ID}"))
    expect(reviewer.locator("h1")).to_have_text(TITLE)
    expect(reviewer.get_by_text(REVISED_SUMMARY)).to_be_visible()

    # An update, published through the services, becomes version 2 of the history.
    description = {"briefSummary": UPDATED_SUMMARY}
    save_through_service(site, editor_actor, draft, "descriptionModule", description)
    act_through_service(site, editor_actor, draft, Action.COMPLETE)
    for action in (Action.APPROVE, Action.RELEASE):
        act_through_service(site, site.actor("investigator"), draft, action)
    for action in (Action.START_REVIEW, Action.PUBLISH):
        act_through_service(site, site.actor("reviewer"), draft, action)
    reviewer.goto(site.at(f"/study/{NCT_ID}?tab=history"))
    versions = reviewer.locator("table.versions")
    expect(versions.locator("caption")).to_have_text(f"Versions of {NCT_ID}")
    expect(versions.locator("tbody tr")).to_have_count(2)
    expect(versions.locator("tbody tr").first.locator("th")).to_have_text(re.compile(r"^2\s+current$"))
    versions.get_by_role("link", name="Compare with version 1").click()
    expect(reviewer.locator(".comparison .changes ins")).to_contain_text("Now also counting strokes.")
