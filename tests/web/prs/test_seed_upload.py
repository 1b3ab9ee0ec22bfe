"""The seed study NCT04822922 uploaded as a draft: the registry names its known defects beside
their fields, and will not release it until the e-mail address is corrected."""

from __future__ import annotations

import json
from importlib import resources

from tests.web.prs.browser import record_id, text
from tests.web.prs.conftest import Site


def _seed() -> bytes:
    return resources.files("trialbase.demo").joinpath("seed_NCT04822922.json").read_bytes()


def test_the_seed_study_as_a_draft_shows_its_defects_and_is_not_released(site: Site) -> None:
    editor = site.browser("editor-a")
    editor.get("/prs/records/new")
    uploaded = editor.post("/prs/records/upload", {}, files={"document": ("NCT04822922.json", _seed())})
    assert uploaded.status_code == 303, uploaded.text
    draft = record_id(uploaded)

    markup = editor.get(f"/prs/records/{draft}").text
    page = text(markup)
    assert "'haili_17@126.cpm' is not a deliverable e-mail address" in page
    assert "did you mean .com?" in page
    assert "but the same person at a site" in page  # the central contact contradicts the site's
    # Each finding links to the input that holds the value.
    assert "/modules/contactsLocationsModule#f-centralContacts-0-email" in markup

    module_page = editor.get(f"/prs/records/{draft}/modules/contactsLocationsModule").text
    assert 'id="f-centralContacts-0-email"' in module_page
    assert 'aria-invalid="true"' in module_page

    assert editor.act(draft, "complete").status_code == 303
    investigator = site.browser("pi-a")
    assert investigator.act(draft, "approve").status_code == 303
    refused = investigator.act(draft, "release")
    assert refused.status_code == 400
    assert "haili_17@126.cpm" in text(refused.text)
    state = site.registry.drafts.get(
        site.registry.accounts.account_by_username("pi-a").as_actor(),  # type: ignore[union-attr]
        draft,
    )
    assert state.state.value == "approved"
    stored = json.loads(_seed())
    assert (
        state.document["protocolSection"]["contactsLocationsModule"]
        == (stored["protocolSection"]["contactsLocationsModule"])
    )
