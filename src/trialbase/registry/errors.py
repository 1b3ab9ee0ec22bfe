"""What the registry services refuse, each with a message for people.

A face maps them to answers: ``NotFound`` to 404 (also for records of another organization, so
their existence is never revealed), ``Forbidden`` to 403, ``Conflict`` to 409, ``InvalidInput``
to 400 with every issue, ``Throttled`` to 429.
"""

from __future__ import annotations

from trialbase.domain.issue import Issue


class RegistryError(Exception):
    """Base of every refusal; ``str(error)`` is the message to show."""


class NotFound(RegistryError):
    """No such thing, or nothing this actor may see."""


class Forbidden(RegistryError):
    """The actor may see it but not do this."""


class Conflict(RegistryError):
    """The thing changed since it was read, or its state does not allow the action."""


class InvalidInput(RegistryError):
    """Input that cannot be accepted; ``issues`` names every problem by field path."""

    def __init__(self, message: str, issues: list[Issue] | None = None) -> None:
        super().__init__(message)
        self.issues = issues or []


class AuthenticationFailed(RegistryError):
    """Wrong user name or password (which one is never said)."""


class LockedOut(RegistryError):
    """Too many failed sign-ins for this user name."""


class Throttled(RegistryError):
    """Too many sign-in attempts from this client address."""
