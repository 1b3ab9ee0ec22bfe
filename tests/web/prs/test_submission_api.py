"""The submission API (``/api/registry``) over HTTP, as an organization's system uses it with an
API token: create a record by upload, read its findings, replace it (a stale revision is 409),
mark it complete; every refusal a problem object, 401 without a good token (a session cookie is
not one), 404 for another organization's record, 400 saying where a body stops being JSON."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from tests.api.test_openapi import _conforms
from tests.factories import full_study
from tests.live_server import live_server
from tests.registry.documents import registrable_study, with_error
from tests.web.prs.browser import text
from tests.web.prs.conftest import Site
from trialbase.api.openapi import document
from trialbase.api.protection import ProtectionSettings
from trialbase.api.submission.request_body import MAX_BODY_BYTES
from trialbase.registry import Actor
from trialbase.server import create_app

ROOT = Path(__file__).resolve().parents[3]
RECORDS = "/api/registry/records"
PROBLEM = "application/problem+json"


def _admin(site: Site, username: str) -> Actor:
    found = site.registry.accounts.account_by_username(username)
    assert found is not None
    return found.as_actor()


def _organization(site: Site, name: str) -> int:
    found = site.registry.accounts.organization_by_name(name)
    assert found is not None
    return found.id


def _client(site: Site, secret: str | None) -> httpx.Client:
    headers = {} if secret is None else {"Authorization": f"Bearer {secret}"}
    return httpx.Client(base_url=site.base_url, headers=headers)


@pytest.fixture
def api_a(site: Site) -> Iterator[httpx.Client]:
    """Org A Hospital's system, with a token its administrator created."""
    _, secret = site.registry.api_tokens.create(
        _admin(site, "admin-a"), _organization(site, "Org A Hospital"), "nightly upload"
    )
    with _client(site, secret) as client:
        yield client


@pytest.fixture
def api_b(site: Site) -> Iterator[httpx.Client]:
    _, secret = site.registry.api_tokens.create(
        _admin(site, "siteadmin"), _organization(site, "Org B Pharma"), "b system"
    )
    with _client(site, secret) as client:
        yield client


def _upload(api: httpx.Client, document: Any) -> httpx.Response:
    return api.post(RECORDS, content=orjson.dumps(document), headers={"Content-Type": "application/json"})


def _put(api: httpx.Client, path: str, document: Any, revision: int) -> httpx.Response:
    return api.put(
        f"{path}?revision={revision}",
        content=orjson.dumps(document),
        headers={"Content-Type": "application/json"},
    )


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert isinstance(body, dict)
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


def test_a_system_registers_a_study_and_takes_it_to_entry_complete(site: Site, api_a: httpx.Client) -> None:
    broken = with_error(registrable_study("Uploaded by the nightly job"))
    created = _upload(api_a, broken)
    assert created.status_code == 201, created.text
    location = created.headers["location"]
    record = created.json()
    assert location == f"{RECORDS}/{record['id']}" == record["url"]
    assert (record["state"], record["revision"], record["nctId"]) == ("draft", 1, None)
    assert record["briefTitle"] == "Uploaded by the nightly job"
    assert record["organization"] == "Org A Hospital"
    assert record["notes"] == []

    read = api_a.get(location)
    assert read.status_code == 200
    body = read.json()
    assert body["document"] == broken
    assert body["errorCount"] >= 1
    paths = {finding["path"] for finding in body["findings"] if finding["severity"] == "error"}
    assert "protocolSection.statusModule.overallStatus" in paths
    assert body["actions"] == ["complete"]

    fixed = registrable_study("Uploaded by the nightly job, fixed")
    replaced = _put(api_a, location, fixed, 1)
    assert replaced.status_code == 200, replaced.text
    assert (replaced.json()["revision"], replaced.json()["errorCount"]) == (2, 0)
    stale = _problem(_put(api_a, location, broken, 1), 409)
    assert "changed by someone else" in stale["detail"]
    assert api_a.get(location).json()["document"] == fixed

    completed = api_a.post(f"{location}/actions/complete?revision=2")
    assert completed.status_code == 200, completed.text
    assert (completed.json()["state"], completed.json()["actions"]) == ("entry_complete", ["reopen"])
    for action in ("approve", "release", "publish"):
        refused = _problem(api_a.post(f"{location}/actions/{action}?revision=3"), 403)
        assert "needs the role" in refused["detail"]
    unknown = _problem(api_a.post(f"{location}/actions/sign?revision=3"), 404)
    assert "complete, reopen, mark_revised" in unknown["detail"]
    _problem(api_a.post(f"{location}/actions/complete"), 400)  # no revision said
    assert api_a.post(f"{location}/actions/reopen?revision=3").json()["state"] == "draft"

    listing = api_a.get(RECORDS).json()["records"]
    assert [(item["id"], item["state"], item["revision"]) for item in listing] == [(record["id"], "draft", 4)]
    assert listing[0]["briefTitle"] == "Uploaded by the nightly job, fixed"
    editor = site.browser("editor-a")
    assert "Uploaded by the nightly job, fixed" in text(editor.open_record(record["id"]))
    audit = text(site.browser("admin-a").get(f"/prs/audit?target=draft:{record['id']}").text)
    for seen in ("api-token:", "record.upload", "record.complete"):
        assert seen in audit


def test_fields_the_registry_sets_are_left_out_with_a_note(api_a: httpx.Client) -> None:
    created = _upload(api_a, full_study("NCT04822922"))
    assert created.status_code == 201
    notes = created.json()["notes"]
    assert "protocolSection.identificationModule.nctId" in {note["path"] for note in notes}
    assert {note["code"] for note in notes} == {"set-by-registry"}
    assert "nctId" not in created.json()["document"]["protocolSection"]["identificationModule"]


def test_a_document_is_validated_without_being_stored(api_a: httpx.Client) -> None:
    checked = api_a.post(
        "/api/registry/validate",
        content=orjson.dumps(with_error(registrable_study())),
        headers={"Content-Type": "application/json"},
    )
    assert checked.status_code == 200
    body = checked.json()
    assert (body["storable"], body["releasable"]) == (True, False)
    assert body["errorCount"] >= 1
    assert "protocolSection.statusModule.overallStatus" in {item["path"] for item in body["findings"]}
    good = api_a.post("/api/registry/validate", json=registrable_study()).json()
    assert (good["storable"], good["releasable"], good["errorCount"]) == (True, True, 0)
    malformed = {"protocolSection": {"conditionsModule": {"conditions": "Asthma"}}}
    refused = api_a.post("/api/registry/validate", json=malformed).json()
    assert refused["storable"] is False
    assert "protocolSection.conditionsModule.conditions" in {item["path"] for item in refused["findings"]}
    assert api_a.get(RECORDS).json() == {"records": []}


def test_bodies_that_cannot_be_taken_are_refused_saying_why(api_a: httpx.Client) -> None:
    not_json = _problem(
        api_a.post(
            RECORDS, content=b'{"protocolSection": {\n  "x": }', headers={"Content-Type": "application/json"}
        ),
        400,
    )
    assert (not_json["line"], not_json["column"]) == (2, 8)
    assert "line 2, column 8" in not_json["detail"]
    _problem(api_a.post(RECORDS, content=b"", headers={"Content-Type": "application/json"}), 400)
    form = _problem(api_a.post(RECORDS, data={"document": "{}"}), 415)
    assert "application/json" in form["detail"]
    malformed = {"protocolSection": {"conditionsModule": {"conditions": "Asthma"}}}
    invalid = _problem(_upload(api_a, malformed), 422)
    assert "protocolSection.conditionsModule.conditions" in {item["path"] for item in invalid["findings"]}
    _problem(_upload(api_a, ["not", "a", "study"]), 422)
    assert api_a.get(RECORDS).json() == {"records": []}
    created = _upload(api_a, registrable_study()).json()
    no_revision = _problem(
        api_a.put(
            created["url"],
            content=orjson.dumps(registrable_study()),
            headers={"Content-Type": "application/json"},
        ),
        400,
    )
    assert no_revision["parameter"] == "revision"
    _problem(api_a.get(f"{RECORDS}/99999999999"), 404)


def test_the_api_refuses_bodies_over_its_own_limit(site: Site, api_a: httpx.Client) -> None:
    """Even where the server-wide limit is higher, the API reads no more than its own."""
    roomy = create_app(site.services, ProtectionSettings(max_body_bytes=4 * MAX_BODY_BYTES))
    document = registrable_study()
    document["protocolSection"]["descriptionModule"]["detailedDescription"] = "x" * MAX_BODY_BYTES
    with live_server(roomy) as base_url:
        response = api_a.post(
            f"{base_url}{RECORDS}",
            content=orjson.dumps(document),
            headers={"Content-Type": "application/json"},
        )
    assert "larger than" in _problem(response, 413)["detail"]
    assert api_a.get(RECORDS).json() == {"records": []}


def test_only_a_valid_bearer_token_is_accepted(site: Site, api_a: httpx.Client) -> None:
    admin = _admin(site, "admin-a")
    token, secret = site.registry.api_tokens.create(
        admin, _organization(site, "Org A Hospital"), "short-lived"
    )
    editor = site.browser("editor-a")
    session_cookie = editor.http.cookies["tb_session"]
    with _client(site, None) as anonymous:
        missing = _problem(anonymous.get(RECORDS), 401)
        assert missing["detail"].startswith("Send an API token")
        assert anonymous.get(RECORDS).headers["www-authenticate"] == 'Bearer realm="Trialbase registry"'
        _problem(anonymous.post(RECORDS, json=registrable_study()), 401)
        with_cookie = anonymous.get(RECORDS, headers={"Cookie": f"tb_session={session_cookie}"})
        _problem(with_cookie, 401)  # the /prs session is not a credential here
        for header in ("Bearer tb_made-up", "Bearer", f"Basic {secret}", "tb_x"):
            response = anonymous.get(RECORDS, headers={"Authorization": header})
            _problem(response, 401)
            assert response.headers["www-authenticate"].startswith("Bearer realm=")
    with _client(site, secret) as system:
        assert system.get(RECORDS).status_code == 200
        site.registry.api_tokens.revoke(admin, token.id)
        revoked = system.get(RECORDS)
        _problem(revoked, 401)
        assert 'error="invalid_token"' in revoked.headers["www-authenticate"]
        _problem(
            system.post(
                "/api/registry/validate", content=b"{oops", headers={"Content-Type": "application/json"}
            ),
            401,
        )
    assert api_a.get(RECORDS).status_code == 200  # other tokens are untouched


def test_another_organizations_record_is_not_found(api_a: httpx.Client, api_b: httpx.Client) -> None:
    theirs = _upload(api_b, registrable_study("Org B study")).json()
    missing = _problem(api_a.get(f"{RECORDS}/{theirs['id'] + 1000}"), 404)
    other = _problem(api_a.get(theirs["url"]), 404)
    assert other == missing
    _problem(_put(api_a, theirs["url"], registrable_study("Taken over"), theirs["revision"]), 404)
    _problem(api_a.post(f"{theirs['url']}/actions/complete?revision={theirs['revision']}"), 404)
    assert api_a.get(RECORDS).json() == {"records": []}
    untouched = api_b.get(theirs["url"]).json()
    assert (untouched["briefTitle"], untouched["revision"], untouched["state"]) == ("Org B study", 1, "draft")


def test_the_record_list_comes_in_pages_that_never_skip_or_repeat(api_a: httpx.Client) -> None:
    created = [_upload(api_a, registrable_study(f"Paged study {n}")).json()["id"] for n in range(5)]
    seen: list[int] = []
    pages = 0
    params: dict[str, str] = {"pageSize": "2"}
    while True:
        page = api_a.get(RECORDS, params=params).json()
        pages += 1
        seen += [record["id"] for record in page["records"]]
        if "nextPageToken" not in page:
            break
        edited = _put(api_a, f"{RECORDS}/{created[0]}", registrable_study("Edited while paging"), pages)
        assert edited.status_code == 200  # editing a record does not move it between pages
        params["pageToken"] = page["nextPageToken"]
    assert (pages, seen) == (3, sorted(created, reverse=True))
    assert [r["id"] for r in api_a.get(RECORDS).json()["records"]] == seen  # default: one page of 100
    for bad in ("0", "1001", "ten", "00002"):
        assert (
            "`pageSize` must be a whole number from 1 to 1000"
            in _problem(api_a.get(RECORDS, params={"pageSize": bad}), 400)["detail"]
        )
    assert _problem(api_a.get(RECORDS, params={"pageToken": "x1"}), 400)["parameter"] == "pageToken"


def test_answers_match_the_openapi_document(site: Site, api_a: httpx.Client) -> None:
    published = document()
    schemas = published["components"]["schemas"]

    def check(response: httpx.Response, path: str, method: str) -> None:
        answer = published["paths"][path][method]["responses"][str(response.status_code)]
        media_type = response.headers["content-type"]
        schema = answer["content"][media_type]["schema"]
        assert _conforms(response.json(), schema, schemas) == [], (method, path, response.status_code)

    created = _upload(api_a, full_study())
    check(created, "/registry/records", "post")
    check(api_a.get(RECORDS), "/registry/records", "get")
    _upload(api_a, full_study())
    check(api_a.get(RECORDS, params={"pageSize": "1"}), "/registry/records", "get")  # with nextPageToken
    check(api_a.get(RECORDS, params={"pageSize": "x"}), "/registry/records", "get")
    check(api_a.get(created.headers["location"]), "/registry/records/{recordId}", "get")
    check(
        _put(api_a, created.headers["location"], registrable_study(), 1),
        "/registry/records/{recordId}",
        "put",
    )
    check(
        _put(api_a, created.headers["location"], registrable_study(), 1),
        "/registry/records/{recordId}",
        "put",
    )
    check(
        api_a.post(f"{created.headers['location']}/actions/complete?revision=2"),
        "/registry/records/{recordId}/actions/{action}",
        "post",
    )
    check(
        api_a.post("/api/registry/validate", json=with_error(registrable_study())),
        "/registry/validate",
        "post",
    )
    check(
        api_a.post(RECORDS, content=b"{", headers={"Content-Type": "application/json"}),
        "/registry/records",
        "post",
    )
    check(_upload(api_a, {"protocolSection": []}), "/registry/records", "post")
    with _client(site, None) as anonymous:
        check(anonymous.get(RECORDS), "/registry/records", "get")


def test_the_reference_page_shows_the_submission_api(site: Site) -> None:
    with _client(site, None) as anonymous:
        page = anonymous.get("/api/docs").text
    assert "<code>/api/registry/records/{recordId}</code>" in page
    assert "Request body (required)" in page
    assert 'id="op-replaceRegistryRecord"' in page


def test_the_curl_example_in_the_docs_works(site: Site, tmp_path: Path) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    docs = (ROOT / "docs" / "registration.md").read_text(encoding="utf-8")
    section = docs.split("## Submission API", 1)[1]
    script = section.split("```sh\n", 1)[1].split("```", 1)[0]
    _, secret = site.registry.api_tokens.create(
        _admin(site, "admin-a"), _organization(site, "Org A Hospital"), "docs example"
    )
    script = script.replace("http://localhost:8000", site.base_url).replace("tb_your_token", secret)
    (tmp_path / "study.json").write_bytes(orjson.dumps(registrable_study("From the docs")))
    run = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": os.environ.get("PATH", ""), "NO_PROXY": "*"},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    with _client(site, secret) as api:
        record = api.get(f"{RECORDS}/1").json()
    assert (record["briefTitle"], record["state"], record["revision"]) == (
        "From the docs",
        "entry_complete",
        3,
    )
