"""The search page over HTTP: URLs in ClinicalTrials.gov's shape, facets, sort, pages, errors, escaping."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from tests.web.search_site import HOSTILE_TITLE, site_fixture  # noqa: F401  (the fixture)
from trialbase.web.search_form import SearchForm

RESULT_ID = re.compile(r'<li class="card" data-nct-id="(NCT\d{8})"')
ROW_ID = re.compile(r'<tr data-nct-id="(NCT\d{8})"')


def ids(page: str) -> list[str]:
    return RESULT_ID.findall(page) or ROW_ID.findall(page)


def total(page: str) -> int:
    match = re.search(r'class="results-count"[^>]*>([\d,]+) stud', page)
    assert match is not None, "no result count on the page"
    return int(match.group(1).replace(",", ""))


class Links(HTMLParser):
    """Every link on a page with its text (tags inside the link ignored)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((" ".join("".join(self._text).split()), self._href))
            self._href = None


def links(page: str) -> list[tuple[str, str]]:
    parser = Links()
    parser.feed(page)
    return parser.links


def test_a_condition_search_finds_its_studies(site: httpx.Client) -> None:
    page = site.get("/search", params={"cond": "heart failure"})
    assert page.status_code == 200
    assert ids(page.text) == ["NCT90000103"]
    assert total(page.text) == 1
    assert "Exercise for Heart Failure in Teenagers" in page.text


def test_every_search_state_round_trips_through_its_url(site: httpx.Client) -> None:
    states = [
        "/search?cond=heart&term=aspirin",
        "/search?intr=Aspirin&aggFilters=status%3Arec+not%2Cphase%3A3",
        "/search?locStr=Boston%2C+MA&distance=50",
        "/search?cond=heart&start=2021-01_2024-12-31&age=16&sort=StartDate%3Adesc&viewType=Table&columns=nct%2Cstatus&limit=25",
        "/search?titles=Sleep&outc=death&spons=Trialbase&lead=Trialbase&id=NCT90000201&page=1",
        "/search?aggFilters=studyType%3Aint%2Cresults%3Awith%2Cages%3Aadult%2Csex%3Aall%2Chealthy%3An&firstPost=2020_",
    ]
    for url in states:
        response = site.get(url)
        assert response.status_code == 200, (url, response.text[:500])
        form = SearchForm.parse(dict(parse_qsl(urlsplit(url).query)))
        # The canonical URL of the state reads back to the same state, and the page serves it as is.
        assert SearchForm.parse(dict(parse_qsl(form.query_string()))) == form
        again = site.get(form.url(), follow_redirects=False)
        assert again.status_code == 200, form.url()
        assert ids(again.text) == ids(response.text)


def test_the_plain_form_submission_redirects_to_the_canonical_url(site: httpx.Client) -> None:
    submitted = site.get(
        "/search",
        params=[
            ("cond", "heart"),
            ("term", ""),
            ("status", "rec"),
            ("status", "not"),
            ("phase", "3"),
            ("start_from", "2021-01"),
            ("start_to", ""),
        ],
        follow_redirects=False,
    )
    assert submitted.status_code == 303
    location = submitted.headers["location"]
    assert dict(parse_qsl(urlsplit(location).query)) == {
        "cond": "heart",
        "aggFilters": "status:rec not,phase:3",
        "start": "2021-01_",
    }
    page = site.get(location)
    assert ids(page.text) == ["NCT90000101"]


def test_a_clinicaltrials_gov_link_works_with_the_host_name_swapped(site: httpx.Client) -> None:
    kept = (
        "https://clinicaltrials.gov/search?cond=Insomnia&aggFilters=status:not&viewType=Table&limit=10&page=1"
    )
    response = site.get(kept.replace("https://clinicaltrials.gov", ""))
    assert response.status_code == 200
    found = ids(response.text)
    assert found == sorted(found)  # no query words: NCT order
    assert len(found) == 6
    assert total(response.text) == 6
    assert "<table" in response.text


def test_facet_links_narrow_the_search_and_show_counts(site: httpx.Client) -> None:
    page = site.get("/search", params={"cond": "heart"}).text
    assert set(ids(page)) == {"NCT90000101", "NCT90000103", "NCT90000104"}
    facet_links = {text: href for text, href in links(page) if href.startswith("/search?")}
    assert "Recruiting 2" in facet_links
    assert "Terminated 1" in facet_links
    terminated = facet_links["Terminated 1"]
    assert terminated == "/search?cond=heart&aggFilters=status%3Ater"
    assert ids(site.get(terminated).text) == ["NCT90000103"]
    recruiting_page = site.get(facet_links["Recruiting 2"]).text
    assert set(ids(recruiting_page)) == {"NCT90000101", "NCT90000104"}
    # The chosen option is marked, other facets are counted within it, and its link takes it away.
    chosen = [(text, href) for text, href in links(recruiting_page) if "(chosen" in text]
    assert len(chosen) == 1
    assert chosen[0][0].startswith("Recruiting")
    assert total(site.get(chosen[0][1]).text) == 3
    phase_links = {text for text, href in links(recruiting_page) if "phase%3A" in href}
    assert "Phase 3 1" in phase_links
    assert not any(text.startswith("Not Applicable") for text in phase_links)


def test_sort_by_date_and_paging_cover_every_study_once(site: httpx.Client) -> None:
    first = site.get("/search", params={"cond": "insomnia", "sort": "LastUpdatePostDate:desc"})
    assert total(first.text) == 12
    assert ids(first.text) == [f"NCT90000{number}" for number in range(212, 202, -1)]
    second_url = next(href for text, href in links(first.text) if text == "Next")
    second = site.get(second_url).text
    assert ids(second) == ["NCT90000202", "NCT90000201"]
    assert "page=2" in second_url
    page_two = next(href for text, href in links(first.text) if text == "Page 2")
    assert page_two == second_url
    ascending = site.get(
        "/search", params={"cond": "insomnia", "sort": "LastUpdatePostDate:asc", "page": "2"}
    )
    assert ids(ascending.text) == ["NCT90000211", "NCT90000212"]
    beyond = site.get("/search", params={"cond": "insomnia", "page": "9"})
    assert beyond.status_code == 200
    assert ids(beyond.text) == []
    assert total(beyond.text) == 12


def test_location_search_gives_the_nearest_site_and_its_distance(site: httpx.Client) -> None:
    near = site.get("/search", params={"locStr": "Boston, MA", "distance": "50"}).text
    assert set(ids(near)) == {"NCT90000101", "NCT90000102"}
    assert "Nearest site: Worcester Clinic, Worcester, United States" in near
    assert re.search(r"Worcester Clinic.*?<strong>(3\d\.\d) mi</strong>", near, re.S)
    wider = site.get(
        "/search", params={"locStr": "Boston, Massachusetts, United States", "distance": "250"}
    ).text
    assert set(ids(wider)) == {"NCT90000101", "NCT90000102", "NCT90000103"}
    by_point = site.get("/search", params={"lat": "40.7128", "lng": "-74.006", "distance": "10"}).text
    assert ids(by_point) == ["NCT90000103"]
    unknown = site.get("/search", params={"locStr": "Xyzzyville, Nowhere"})
    assert unknown.status_code == 400
    assert "is not a place this registry knows" in unknown.text


def test_why_a_study_matched_is_shown_with_the_words_marked(site: httpx.Client) -> None:
    page = site.get("/search", params={"cond": "liver failure"}).text
    assert "Why this study matched" in page
    assert "<mark>Liver</mark> <mark>Failure</mark>" in page


def test_an_expert_query_error_is_shown_inline_with_its_column(site: httpx.Client) -> None:
    response = site.get("/search", params={"term": "heart AND (aspirin"})
    assert response.status_code == 400
    marker = re.search(r'<pre class="query-marker"[^>]*><code>(.*?)</code></pre>', response.text, re.S)
    assert marker is not None
    query_line, caret_line = marker.group(1).split("\n")
    assert query_line == "heart AND (aspirin"
    assert "found the end of the query at column 19" in response.text
    assert caret_line.index("<span") == 18  # under column 19, just past the last character
    assert 'aria-describedby="error-term"' in response.text
    unknown_area = site.get("/search", params={"term": "AREA[NoSuchField]x"})
    assert unknown_area.status_code == 400
    assert "NoSuchField" in unknown_area.text


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"distance": "far"}, "distance"),
        ({"page": "0"}, "page"),
        ({"start": "2021-13-01_"}, "start"),
        ({"aggFilters": "status:maybe"}, "aggFilters"),
        ({"sort": "BriefTitle"}, "sort"),
        ({"viewType": "Map"}, "viewType"),
        ({"lat": "91", "lng": "0"}, "lat"),
        ({"columns": "nct,shoeSize"}, "columns"),
        ({"age": "-3"}, "age"),
    ],
)
def test_bad_parameters_are_named_not_a_server_error(
    site: httpx.Client, params: dict[str, str], field: str
) -> None:
    response = site.get("/search", params=params)
    assert response.status_code == 400
    assert f'id="error-{field}"' in response.text


def test_hostile_record_text_is_escaped(site: httpx.Client) -> None:
    for url in ("/search?cond=heart", "/search?cond=heart&viewType=Table", "/"):
        page = site.get(url).text
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;alert(" in page or url == "/"
    assert HOSTILE_TITLE not in site.get("/search?cond=heart").text


def test_the_table_shows_the_chosen_columns(site: httpx.Client) -> None:
    page = site.get(
        "/search", params={"cond": "liver", "viewType": "Table", "columns": "nct,phases,results"}
    ).text
    header = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)  # type: ignore[union-attr]
    assert re.findall(r'<th scope="col">([^<]*)</th>', header) == ["#", "NCT number", "Phases", "Results"]
    assert re.search(r"<td>Phase 2</td>\s*<td>Yes</td>", page)


def test_the_eligibility_age_keeps_studies_that_accept_it(site: httpx.Client) -> None:
    teenagers = site.get("/search", params={"cond": "heart", "age": "15"}).text
    assert ids(teenagers) == ["NCT90000103"]
    adults = site.get("/search", params={"cond": "heart", "age": "40"}).text
    assert "NCT90000103" not in ids(adults)
    assert "NCT90000101" in ids(adults)


def test_home_and_expert_search_pages(site: httpx.Client) -> None:
    home = site.get("/").text
    for part in ('action="/search"', 'name="cond"', 'name="locStr"'):
        assert part in home
    assert re.search(r'facts__number">16</span>', home)
    expert = site.get("/expert-search", params={"term": "heart AND aspirin"}).text
    assert ">heart AND aspirin</textarea>" in expert
