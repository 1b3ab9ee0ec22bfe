"""The ``{nctId}`` in an extension path: read leniently, aliases redirected, unknown ones a 404."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse

from trialbase.api.extensions.parameters import bad_request, not_found
from trialbase.domain.nct_id import InvalidNctId, parse_nct_id
from trialbase.store import Store


def study_id(request: Request, store: Store) -> str | RedirectResponse:
    """The canonical NCT id of the stored study the ``nct_id`` path parameter names, or a
    permanent redirect when it names an alias (an NCT id merged into another study)."""
    text = request.path_params["nct_id"]
    try:
        nct_id = parse_nct_id(text)
    except InvalidNctId:
        raise bad_request(f"`{text}` is not a valid NCT number (expected e.g. NCT04822922)") from None
    if store.listings([nct_id]):
        return nct_id
    canonical = store.resolve_alias(nct_id)
    if canonical is not None:
        target = request.url.replace(path=request.url.path.replace(text, canonical, 1))
        return RedirectResponse(str(target), status_code=301)
    raise not_found(f"Study {nct_id} not found")
