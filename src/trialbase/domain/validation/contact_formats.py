"""What is wrong, if anything, with an e-mail address, a telephone number or a web address.

Each function returns ``None`` for an acceptable value, else a sentence naming the problem and what
would be accepted. Hosts must end in a real top-level domain (``TOP_LEVEL_DOMAINS``, from the IANA
root zone): ``126.cpm`` is a typing slip for ``126.com``, and no mail can reach it.
"""

from __future__ import annotations

import difflib
import ipaddress
import re
import urllib.parse

from trialbase.domain.validation.top_level_domains import TOP_LEVEL_DOMAINS

_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$", re.ASCII)
_LABEL = re.compile(r"^(?!-)[^\s.@:/\\]{1,63}(?<!-)$")
_PHONE = re.compile(r"^\+?[\d\s().\-/]+$")
_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x|#)\s*\d{1,6}\s*$", re.IGNORECASE)
_COMMON_TLDS = ("com", "org", "net", "edu", "gov", "cn", "de", "fr", "uk", "jp", "it", "es", "ca", "au")
MIN_PHONE_DIGITS = 5  # short hospital extensions and national short numbers exist
MAX_PHONE_DIGITS = 15  # E.164


def host_problem(host: str) -> str | None:
    """Why ``host`` cannot be a public host name, or ``None``."""
    if not host:
        return "has no host name"
    if host.startswith("[") and host.endswith("]"):
        return None
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return None
    labels = host.rstrip(".").split(".")
    if len(labels) < 2:
        return f"its host {host!r} has no top-level domain (expected e.g. example.org)"
    if not all(_LABEL.match(label) for label in labels):
        return f"its host {host!r} is not a valid host name"
    top = labels[-1].lower()
    if top not in TOP_LEVEL_DOMAINS:
        close = difflib.get_close_matches(top, _COMMON_TLDS, n=1, cutoff=0.6)
        hint = f" (did you mean .{close[0]}?)" if close else ""
        return f".{top} is not a top-level domain{hint}"
    return None


def email_problem(value: str) -> str | None:
    """Why ``value`` is not an e-mail address, or ``None``."""
    address = value.strip()
    if address.count("@") != 1:
        return f"{value!r} is not an e-mail address (expected one name@host, e.g. name@example.org)"
    local, host = address.split("@")
    if not local or not _LOCAL.match(local) or local.startswith(".") or local.endswith(".") or ".." in local:
        return f"{value!r} is not an e-mail address: the part before @ is not valid"
    problem = host_problem(host)
    if problem is not None:
        return f"{value!r} is not a deliverable e-mail address: {problem}"
    return None


def phone_digits(value: str) -> str:
    """The digits of a number without its extension (for comparing two ways of writing it)."""
    return re.sub(r"\D", "", _EXTENSION.sub("", value))


def phone_problem(value: str) -> str | None:
    """Why ``value`` is not a telephone number, or ``None``."""
    number = _EXTENSION.sub("", value.strip())
    if not _PHONE.match(number):
        return (
            f"{value!r} is not a telephone number: use digits, spaces, +, -, ( ) and an optional "
            f"extension, e.g. +1 301-555-0100 ext. 12"
        )
    digits = len(phone_digits(number))
    if digits < MIN_PHONE_DIGITS or digits > MAX_PHONE_DIGITS:
        return (
            f"{value!r} has {digits} digits; a telephone number has {MIN_PHONE_DIGITS} to "
            f"{MAX_PHONE_DIGITS} (international form: +country code and number)"
        )
    return None


def url_problem(value: str) -> str | None:
    """Why ``value`` is not a complete web address, or ``None``."""
    address = value.strip()
    parsed = urllib.parse.urlsplit(address)
    if parsed.scheme.lower() not in ("http", "https"):
        return f"{value!r} is not a complete web address (expected it to start with https:// or http://)"
    if " " in address:
        return f"{value!r} is not a web address: it contains spaces"
    try:
        host = parsed.hostname or ""
    except ValueError:
        host = ""
    problem = host_problem(host)
    if problem is not None:
        return f"{value!r} is not a reachable web address: {problem}"
    return None
