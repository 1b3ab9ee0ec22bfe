"""A person using the registration pages over HTTP: signs in, reads forms, posts them with their
CSRF token and the record revision the page showed, as a browser would."""

from __future__ import annotations

import html
import re
from typing import Any

import httpx

_CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')
_REVISION = re.compile(r'name="revision" value="(\d+)"')
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


class Browser:
    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, follow_redirects=False)
        self.last_page = ""

    def close(self) -> None:
        self.http.close()

    def get(self, path: str) -> httpx.Response:
        response = self.http.get(path)
        if response.headers.get("content-type", "").startswith("text/html"):
            self.last_page = response.text
        return response

    def sign_in(self, username: str, password: str) -> httpx.Response:
        self.get("/prs/login")
        return self.post("/prs/login", {"username": username, "password": password, "next": "/prs"})

    def post(self, path: str, data: dict[str, Any], *, files: dict[str, Any] | None = None) -> httpx.Response:
        """Post a form with the CSRF token (and revision) of the page last seen, unless given."""
        fields = dict(data)
        if "csrf_token" not in fields:
            found = _CSRF.search(self.last_page)
            fields["csrf_token"] = html.unescape(found.group(1)) if found else ""
        response = self.http.post(path, data=fields, files=files)
        if response.headers.get("content-type", "").startswith("text/html"):
            self.last_page = response.text
        return response

    def open_record(self, draft_id: int) -> str:
        response = self.get(f"/prs/records/{draft_id}")
        assert response.status_code == 200, response.text
        return response.text

    def revision(self) -> str:
        found = _REVISION.search(self.last_page)
        assert found, "the page has no revision field"
        return found.group(1)

    def act(self, draft_id: int, action: str) -> httpx.Response:
        self.open_record(draft_id)
        return self.post(f"/prs/records/{draft_id}/actions/{action}", {"revision": self.revision()})

    def save_module(self, draft_id: int, module: str, fields: dict[str, Any]) -> httpx.Response:
        page = self.get(f"/prs/records/{draft_id}/modules/{module}")
        assert page.status_code == 200, page.text
        return self.post(f"/prs/records/{draft_id}/modules/{module}", {"revision": self.revision(), **fields})


def text(markup: str) -> str:
    """What a reader sees of some HTML: tags dropped, entities decoded, white space collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", markup))).strip()


def record_id(response: httpx.Response) -> int:
    """The record a redirect leads to."""
    found = re.search(r"/prs/records/(\d+)", response.headers["location"])
    assert found, response.headers["location"]
    return int(found.group(1))
