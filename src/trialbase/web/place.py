"""Where a location search looks: ``locStr`` (a place name), ``country``/``state``/``city`` and
``lat``/``lng``, resolved offline with the project's gazetteer (GeoNames, see ``ingest.geocode``).

* ``lat`` and ``lng`` (what ClinicalTrials.gov's own links carry) are used as they are;
* otherwise a city (``Boston, MA``, ``Lyon, France``, ``Boston, Massachusetts, United States``,
  or a city alone: the most populous place of that name) is looked up and searched within
  ``distance`` miles (50 unless given);
* a country or state alone (``France``, ``Ohio``) has no single point: the studies with a site
  there are searched for by name.
"""

from __future__ import annotations

from trialbase.ingest.geocode import geocode, is_region, locate_anywhere
from trialbase.web.search_form import DEFAULT_DISTANCE, FieldError, FormError, Place, SearchForm


def resolve_place(form: SearchForm) -> Place | None:
    """The place ``form`` searches near, or None when it has no location. Raises ``FormError``
    (on ``locStr``) for a place the gazetteer does not know."""
    radius = form.distance or DEFAULT_DISTANCE
    if form.lat is not None and form.lng is not None:
        return Place(lat=form.lat, lng=form.lng, radius_mi=radius)
    parts = [part.strip() for part in form.loc_str.split(",") if part.strip()]
    if not (parts or form.country or form.state or form.city):
        return None
    city = form.city or (parts[0] if parts else "")
    if not city or (not form.city and len(parts) == 1 and is_region(city)):
        return Place(country=form.country, state=form.state, text=form.loc_str)
    point = _locate(city, parts[1:], form.state, form.country)
    if point is None:
        written = form.loc_str or city
        raise FormError(
            [
                FieldError(
                    "locStr",
                    f"{written!r} is not a place this registry knows: write a city with its state or "
                    "country, e.g. “Boston, MA” or “Lyon, France”, or a country alone",
                )
            ]
        )
    return Place(lat=point[0], lng=point[1], radius_mi=radius)


def _locate(city: str, rest: list[str], state: str, country: str) -> tuple[float, float] | None:
    attempts: list[tuple[str | None, str | None]] = []
    if state or country:
        attempts.append((state or None, country or None))
    if len(rest) >= 2:
        attempts.append((rest[0], rest[-1]))
    if len(rest) >= 1:
        attempts += [(None, rest[-1]), (rest[0], None)]
    for state_name, country_name in attempts:
        point = geocode(city, state_name, country_name)
        if point is not None:
            return point
    if not attempts:
        return locate_anywhere(city)
    return None
