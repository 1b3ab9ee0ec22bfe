"""A person using the registration pages over HTTP: signs in, reads forms, posts them with their
CSRF token and the record revision the page showed, as a browser would."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
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


class _FormReader(HTMLParser):
    """The values a browser would send for one form of a page (the one posting to ``action``)."""

    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.found = False
        self.values: dict[str, list[str]] = {}
        self.names: set[str] = set()  # every control, sent or not (an unchecked box is not)
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._option: tuple[str, bool] | None = None
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        at = {key: value or "" for key, value in attrs}
        if tag == "form" and at.get("action") == self.action:
            self.inside = self.found = True
        if not self.inside:
            return
        name = at.get("name")
        if name and tag in ("input", "select", "textarea"):
            self.names.add(name)
        if tag == "input" and name and at.get("type") != "file":
            if at.get("type") in ("checkbox", "radio") and "checked" not in at:
                return
            self.values.setdefault(name, []).append(
                at.get("value", "on" if at.get("type") == "checkbox" else "")
            )
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select is not None:
            self._option, self._option_text = (at.get("value", "\0"), "selected" in at), ""
        elif tag == "textarea" and name:
            self._textarea, self._textarea_text = name, ""

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option_text += data
        if self._textarea is not None:
            self._textarea_text += data

    def handle_endtag(self, tag: str) -> None:
        if not self.inside:
            return
        if tag == "option" and self._option is not None and self._select is not None:
            value = self._option_text.strip() if self._option[0] == "\0" else self._option[0]
            if self._select_first is None:
                self._select_first = value
            if self._option[1] and not self._select_chosen:
                self.values.setdefault(self._select, []).append(value)
                self._select_chosen = True
            self._option = None
        elif tag == "select" and self._select is not None:
            if not self._select_chosen:
                self.values.setdefault(self._select, []).append(self._select_first or "")
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea_text[1:] if self._textarea_text.startswith("\n") else self._textarea_text
            self.values.setdefault(self._textarea, []).append(text)
            self._textarea = None
        elif tag == "form":
            self.inside = False


def form_values(page: str, action: str) -> tuple[dict[str, list[str]], set[str]]:
    """What the form of ``page`` that posts to ``action`` sends if nothing is changed, and the
    names of all its controls."""
    reader = _FormReader(action)
    reader.feed(page)
    assert reader.found, f"the page has no form posting to {action}"
    return reader.values, reader.names


def submit(browser: Browser, page_path: str, changes: dict[str, str | list[str]]) -> httpx.Response:
    """Open a page, change some of its form's fields (each must be on the form) and post it."""
    page = browser.get(page_path)
    assert page.status_code == 200, page.text
    values, names = form_values(page.text, page_path.split("?", 1)[0])
    missing = sorted(set(changes) - names)
    assert not missing, f"the form has no fields {missing}"
    for name, value in changes.items():
        values[name] = value if isinstance(value, list) else [value]
    response = browser.http.post(page_path.split("?", 1)[0], data=values)
    if response.headers.get("content-type", "").startswith("text/html"):
        browser.last_page = response.text
    return response
