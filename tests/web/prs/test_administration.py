"""Administering accounts and API tokens on the website: an organization administrator adds people
(who set their password with the one-time link the page shows), changes roles, disables, unlocks
and issues reset links, and creates and revokes API tokens; a site administrator does the same for
any organization and the registry's staff. Everyone else is refused: 403 for a person of the
organization without the role, 404 for another organization's anything, 403 for a post without
its CSRF token."""

from __future__ import annotations

import html
import re

import httpx

from tests.web.prs.browser import Browser, text
from tests.web.prs.conftest import PASSWORD, Site

NEW_PASSWORD = "a passphrase of my own"


def _account_id(site: Site, username: str) -> int:
    found = site.registry.accounts.account_by_username(username)
    assert found is not None
    return found.id


def _organization_id(site: Site, name: str) -> int:
    found = site.registry.accounts.organization_by_name(name)
    assert found is not None
    return found.id


def _shown_secret(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    found = re.search(r"data-secret>([^<]+)<", response.text)
    assert found, response.text
    return html.unescape(found.group(1))


def _add_account(browser: Browser, organization: str, username: str, roles: list[str]) -> httpx.Response:
    page = browser.get(organization)
    assert page.status_code == 200, page.text
    where = re.search(r'name="organization_id" value="([^"]+)"', page.text)
    assert where
    return browser.post(
        "/prs/accounts",
        {
            "organization_id": where.group(1),
            "username": username,
            "display_name": username.title(),
            "roles": roles,
        },
    )


def _set_password(site: Site, link: str, password: str) -> None:
    person = site.browser()
    form = person.get(link)
    assert form.status_code == 200
    done = person.post(
        "/prs/reset-password",
        {"token": link.split("token=", 1)[1], "password": password, "password_again": password},
    )
    assert done.status_code == 200, done.text
    assert "Your password is set" in text(done.text)


def _row(page: str, username: str) -> str:
    found = re.search(rf'<tr id="account-\d+" data-username="{re.escape(username)}">(.*?)</tr>', page, re.S)
    assert found, f"no row for {username}"
    return text(found.group(1))


def test_a_new_account_gets_a_one_time_link_with_which_its_person_signs_in(site: Site) -> None:
    admin = site.browser("admin-a")
    home = admin.get("/prs/organization")
    assert home.status_code == 200
    assert 'href="/prs/organization"' in home.text  # the nav offers it to an administrator
    shown = _add_account(admin, "/prs/organization", "new.editor", ["record_editor"])
    link = _shown_secret(shown)
    assert link.startswith(f"{site.base_url}/prs/reset-password?token=")
    assert "shown only this once" in text(shown.text)
    assert shown.headers["cache-control"] == "no-store"
    assert site.browser().sign_in("new.editor", PASSWORD).status_code == 401  # no password yet
    assert "No password yet" in _row(admin.get("/prs/organization").text, "new.editor")

    _set_password(site, link, NEW_PASSWORD)
    person = site.browser()
    assert person.sign_in("new.editor", NEW_PASSWORD).status_code == 303
    dashboard = person.get("/prs")
    assert dashboard.status_code == 200
    assert "Signed in as New.Editor" in text(dashboard.text)
    row = _row(admin.get("/prs/organization").text, "new.editor")
    assert "Active" in row
    assert "No password yet" not in row
    audit = text(admin.get(f"/prs/audit?target=account:{_account_id(site, 'new.editor')}").text)
    assert "admin-a account.create" in audit
    assert "account.password_reset_issued" in audit


def test_a_refused_new_account_keeps_what_was_typed(site: Site) -> None:
    admin = site.browser("admin-a")
    taken = _add_account(admin, "/prs/organization", "editor-a", ["record_editor"])
    assert taken.status_code == 409
    assert "is taken" in text(taken.text)
    bad = _add_account(admin, "/prs/organization", "X", ["reviewer"])
    assert bad.status_code == 400
    assert 'name="username" value="X"' in bad.text
    assert site.registry.accounts.account_by_username("x") is None


def test_roles_change_at_once_but_an_administrator_keeps_their_own(site: Site) -> None:
    admin = site.browser("admin-a")
    editor = site.browser("editor-a")
    assert editor.get("/prs/organization").status_code == 403
    admin.get("/prs/organization")
    editor_id = _account_id(site, "editor-a")
    changed = admin.post(f"/prs/accounts/{editor_id}/roles", {"roles": ["record_editor", "org_admin"]})
    assert changed.status_code == 303
    page = admin.get(changed.headers["location"])
    assert "The roles are changed." in text(page.text)
    assert editor.get("/prs/organization").status_code == 200  # the signed-in session has the role now
    admin.get("/prs/organization")
    assert admin.post(f"/prs/accounts/{editor_id}/roles", {"roles": ["record_editor"]}).status_code == 303
    assert editor.get("/prs/organization").status_code == 403
    own = admin.post(f"/prs/accounts/{_account_id(site, 'admin-a')}/roles", {"roles": ["record_editor"]})
    assert own.status_code == 400
    assert "your own administrator role" in text(own.text)
    events = text(admin.get(f"/prs/audit?target=account:{editor_id}").text)
    assert events.count("account.roles") == 2


def test_disabling_ends_the_sessions_and_enabling_does_not_bring_them_back(site: Site) -> None:
    admin = site.browser("admin-a")
    editor = site.browser("editor-a")
    assert editor.get("/prs").status_code == 200
    editor_id = _account_id(site, "editor-a")
    admin.get("/prs/organization")
    assert admin.post(f"/prs/accounts/{editor_id}/disable", {}).status_code == 303
    assert editor.get("/prs").status_code == 303  # to the sign-in page
    assert site.browser().sign_in("editor-a", PASSWORD).status_code == 401
    page = admin.get("/prs/organization")
    assert "Disabled" in _row(page.text, "editor-a")
    assert admin.post(f"/prs/accounts/{editor_id}/enable", {}).status_code == 303
    assert editor.get("/prs").status_code == 303  # the old session stays ended
    assert site.browser().sign_in("editor-a", PASSWORD).status_code == 303
    assert "sessions_ended" in text(admin.get(f"/prs/audit?target=account:{editor_id}").text)
    admin.get("/prs/organization")
    own = admin.post(f"/prs/accounts/{_account_id(site, 'admin-a')}/disable", {})
    assert own.status_code == 400
    assert admin.get("/prs").status_code == 200


def test_an_administrator_unlocks_and_hands_out_reset_links(site: Site) -> None:
    for _ in range(3):
        assert site.browser().sign_in("pi-a", "wrong password!").status_code == 401
    assert site.browser().sign_in("pi-a", PASSWORD).status_code == 401  # locked
    admin = site.browser("admin-a")
    row = _row(admin.get("/prs/organization").text, "pi-a")
    assert "Locked until" in row
    unlocked = admin.post(f"/prs/accounts/{_account_id(site, 'pi-a')}/unlock", {})
    assert unlocked.status_code == 303
    assert "Locked" not in _row(admin.get("/prs/organization").text, "pi-a")
    assert site.browser().sign_in("pi-a", PASSWORD).status_code == 303

    link = _shown_secret(admin.post(f"/prs/accounts/{_account_id(site, 'editor-a')}/reset-link", {}))
    _set_password(site, link, NEW_PASSWORD)
    assert site.browser().sign_in("editor-a", NEW_PASSWORD).status_code == 303


def test_api_tokens_are_shown_once_and_stop_working_when_revoked(site: Site) -> None:
    admin = site.browser("admin-a")
    page = admin.get("/prs/organization")
    organization_id = _organization_id(site, "Org A Hospital")
    shown = admin.post(f"/prs/organizations/{organization_id}/tokens", {"name": "nightly <upload>"})
    secret = _shown_secret(shown)
    assert secret.startswith("tb_")
    assert "Keep it secret" in text(shown.text)
    api = httpx.Client(base_url=site.base_url, headers={"Authorization": f"Bearer {secret}"})
    try:
        assert api.get("/api/registry/records").status_code == 200
        page = admin.get("/prs/organization")
        assert secret not in page.text
        assert "nightly <upload>" in text(page.text)
        assert "nightly &lt;upload&gt;" in page.text
        token_id = int(re.findall(r'<tr id="token-(\d+)"', page.text)[-1])
        revoked = admin.post(f"/prs/tokens/{token_id}/revoke", {})
        assert revoked.status_code == 303
        assert "Revoked" in text(admin.get(revoked.headers["location"]).text)
        assert api.get("/api/registry/records").status_code == 401
    finally:
        api.close()
    empty = admin.post(f"/prs/organizations/{organization_id}/tokens", {"name": " "})
    assert empty.status_code == 400


def test_people_without_the_role_are_refused_with_403(site: Site) -> None:
    organization_id = _organization_id(site, "Org A Hospital")
    for username in ("editor-a", "pi-a", "reviewer"):
        browser = site.browser(username)
        assert 'href="/prs/organization"' not in browser.get("/prs").text
        assert browser.get("/prs/organization").status_code == 403
        assert browser.get("/prs/organizations").status_code == 403
        assert browser.get("/prs/organizations/staff").status_code == 403
    editor = site.browser("editor-a")
    editor.get("/prs")
    assert editor.get(f"/prs/organizations/{organization_id}").status_code == 403
    assert editor.post(f"/prs/accounts/{_account_id(site, 'pi-a')}/disable", {}).status_code == 403
    assert editor.post(f"/prs/organizations/{organization_id}/tokens", {"name": "mine"}).status_code == 403
    admin = site.browser("admin-a")
    assert admin.get("/prs/organizations").status_code == 403
    assert admin.get("/prs/organizations/staff").status_code == 403


def test_another_organizations_accounts_and_tokens_are_not_found(site: Site) -> None:
    org_b = _organization_id(site, "Org B Pharma")
    _, secret_b = site.registry.api_tokens.create(
        site.registry.accounts.account_by_username("siteadmin").as_actor(),  # type: ignore[union-attr]
        org_b,
        "org b system",
    )
    token_b = site.registry.api_tokens.authenticate(secret_b)
    assert token_b is not None
    admin = site.browser("admin-a")
    missing = admin.get("/prs/organizations/99999")
    assert missing.status_code == 404
    other = admin.get(f"/prs/organizations/{org_b}")
    assert other.status_code == 404
    assert other.text == missing.text
    assert "Org B" not in other.text
    admin.get("/prs/organization")
    editor_b = _account_id(site, "editor-b")
    reviewer = _account_id(site, "reviewer")
    for account_id in (editor_b, reviewer):
        for action, data in (
            ("roles", {"roles": ["org_admin"]}),
            ("disable", {}),
            ("enable", {}),
            ("unlock", {}),
            ("reset-link", {}),
        ):
            assert admin.post(f"/prs/accounts/{account_id}/{action}", data).status_code == 404, action
    token_id = int(token_b.name.split(":")[1])
    assert admin.post(f"/prs/tokens/{token_id}/revoke", {}).status_code == 404
    assert admin.post(f"/prs/organizations/{org_b}/tokens", {"name": "into b"}).status_code == 404
    intruder = admin.post(
        "/prs/accounts",
        {"organization_id": str(org_b), "username": "intruder", "roles": ["org_admin"]},
    )
    assert intruder.status_code == 404
    assert site.registry.accounts.account_by_username("intruder") is None
    assert site.registry.api_tokens.authenticate(secret_b) is not None
    assert site.browser().sign_in("editor-b", PASSWORD).status_code == 303
    assert "editor-b" not in admin.get("/prs/organization").text


def test_administration_posts_without_the_csrf_token_are_refused(site: Site) -> None:
    admin = site.browser("admin-a")
    admin.get("/prs/organization")
    organization_id = _organization_id(site, "Org A Hospital")
    editor_id = _account_id(site, "editor-a")
    for path, data in (
        ("/prs/accounts", {"organization_id": str(organization_id), "username": "sneaky"}),
        (f"/prs/accounts/{editor_id}/roles", {"roles": ["org_admin"]}),
        (f"/prs/accounts/{editor_id}/disable", {}),
        (f"/prs/accounts/{editor_id}/reset-link", {}),
        (f"/prs/organizations/{organization_id}/tokens", {"name": "sneaky"}),
    ):
        for token in ("", "forged"):
            refused = admin.post(path, {**data, "csrf_token": token})
            assert refused.status_code == 403, path
            assert "did not come from this site" in text(refused.text)
    found = site.registry.accounts.account_by_username("editor-a")
    assert found is not None
    assert not found.disabled
    assert {role.value for role in found.roles} == {"record_editor"}
    assert site.registry.accounts.account_by_username("sneaky") is None
    site_admin = site.registry.accounts.account_by_username("siteadmin")
    assert site_admin is not None
    assert site.registry.api_tokens.tokens(site_admin.as_actor(), organization_id) == []


def test_a_site_administrator_creates_organizations_and_staff(site: Site) -> None:
    root = site.browser("siteadmin")
    assert root.get("/prs/organization").headers["location"] == "/prs/organizations"
    listing = root.get("/prs/organizations")
    assert "Org A Hospital" in text(listing.text)
    made = root.post("/prs/organizations", {"name": "Org C <Institute>"})
    assert made.status_code == 303
    page = root.get(made.headers["location"])
    assert "Org C &lt;Institute&gt;" in page.text
    assert 'value="reviewer"' not in page.text  # sponsor roles only
    link = _shown_secret(_add_account(root, made.headers["location"], "c-admin", ["org_admin"]))
    _set_password(site, link, NEW_PASSWORD)
    c_admin = site.browser()
    assert c_admin.sign_in("c-admin", NEW_PASSWORD).status_code == 303
    assert "Org C" in text(c_admin.get("/prs/organization").text)
    assert c_admin.get(f"/prs/organizations/{_organization_id(site, 'Org A Hospital')}").status_code == 404
    again = root.post("/prs/organizations", {"name": "Org C <Institute>"})
    assert again.status_code == 409

    staff = root.get("/prs/organizations/staff")
    assert 'value="reviewer"' in staff.text
    assert 'value="record_editor"' not in staff.text
    assert "reviewer" in _row(staff.text, "reviewer")
    reviewer_link = _shown_secret(_add_account(root, "/prs/organizations/staff", "reviewer-2", ["reviewer"]))
    _set_password(site, reviewer_link, NEW_PASSWORD)
    reviewer = site.browser()
    assert reviewer.sign_in("reviewer-2", NEW_PASSWORD).status_code == 303
    assert reviewer.get("/prs/review").status_code == 200
    wrong = _add_account(root, "/prs/organizations/staff", "sponsor-staff", ["record_editor"])
    assert wrong.status_code == 400
    assert "sponsor roles need an organization" in text(wrong.text)


def test_account_names_are_shown_escaped(site: Site) -> None:
    admin = site.browser("admin-a")
    admin.get("/prs/organization")
    organization_id = _organization_id(site, "Org A Hospital")
    hostile = "<script>alert(1)</script>"
    response = admin.post(
        "/prs/accounts",
        {"organization_id": str(organization_id), "username": "hostile", "display_name": hostile},
    )
    assert response.status_code == 200
    page = admin.get("/prs/organization").text
    assert hostile not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
