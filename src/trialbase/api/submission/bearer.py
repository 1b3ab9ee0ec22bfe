"""Who is calling the submission API: an organization's API token, sent as ``Authorization: Bearer``.

Nothing else is accepted: a session cookie of the /prs pages is not read here, so a page of
another site cannot make a signed-in person's browser call the API (and no CSRF token is needed).
A missing token is answered 401 with ``WWW-Authenticate: Bearer realm=...``; a wrong, unknown or
revoked one 401 with ``error="invalid_token"`` (RFC 6750), never saying which of those it was.
"""

from __future__ import annotations

from starlette.requests import Request

from trialbase.api.submission.problems import Problem
from trialbase.registry import Actor, Registry

REALM = "Trialbase registry"


def credentials(request: Request) -> str:
    """The bearer token the request carries; raises a 401 ``Problem`` when there is none."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(
            401,
            "Send an API token of your organization as `Authorization: Bearer tb_...` "
            "(an organization administrator creates one at /prs/organization).",
            headers={"WWW-Authenticate": f'Bearer realm="{REALM}"'},
        )
    return token.strip()


def actor_for(registry: Registry, token: str) -> Actor:
    """The organization's actor the token stands for; raises a 401 ``Problem`` for a bad token."""
    actor = registry.api_tokens.authenticate(token)
    if actor is None:
        raise Problem(
            401,
            "The API token is not valid: it is unknown or has been revoked.",
            headers={
                "WWW-Authenticate": f'Bearer realm="{REALM}", error="invalid_token", '
                'error_description="unknown or revoked token"'
            },
        )
    return actor
