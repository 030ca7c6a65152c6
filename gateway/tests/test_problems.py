"""The problem codes: the catalog the gateway ships, its pages at /problems, and the gateway's own
problem bodies, each typed with a code the catalog describes."""

import json
from collections.abc import AsyncIterator
from html.parser import HTMLParser

import httpx
import pytest

from cadence_gateway.catalog import CATALOG_FILE, load_catalog, parse_catalog
from cadence_gateway.docs import build_docs_app
from cadence_gateway.policy import GATEWAY_PROBLEMS
from cadence_gateway.render import REPO_ROOT
from cadence_gateway.routes import load_route_table

CATALOG_PATH = REPO_ROOT / "gateway" / "src" / "cadence_gateway" / CATALOG_FILE
JSON = {"Accept": "application/json"}
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
async def pages() -> AsyncIterator[httpx.AsyncClient]:
    app = build_docs_app(sorted(load_route_table().services), load_catalog())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        yield client


class _Rows(HTMLParser):
    """The cells of every table row of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_the_shipped_catalog_is_the_committed_file() -> None:
    committed = json.loads(CATALOG_PATH.read_text())["problems"]
    assert load_catalog().as_json()["problems"] == committed
    assert [entry["code"] for entry in committed] == sorted(entry["code"] for entry in committed)


def test_every_problem_the_gateway_makes_has_its_code_in_the_catalog() -> None:
    catalog = load_catalog()
    for status, problem in GATEWAY_PROBLEMS.items():
        entry = catalog.by_code.get(problem.code)
        assert entry is not None, f"{status}: {problem.code} is not in {CATALOG_FILE}"
        assert entry.status == status
        assert problem.body["title"] == entry.title
        assert problem.body["type"] == entry.type == f"/problems/{problem.code}"


async def test_the_page_lists_every_code(pages: httpx.AsyncClient) -> None:
    page = await pages.get("/problems", headers=BROWSER)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["vary"] == "Accept"
    parser = _Rows()
    parser.feed(page.text)
    header, *rows = parser.rows
    assert header == ["code", "status", "title", "description", "services"]
    expected = [
        [e.code, str(e.status), e.title, e.description, ", ".join(e.services)]
        for e in load_catalog().entries
    ]
    assert rows == expected
    assert 'href="/problems/task_not_found"' in page.text


async def test_the_page_as_json_is_the_catalog(pages: httpx.AsyncClient) -> None:
    listing = await pages.get("/problems", headers=JSON)
    assert listing.status_code == 200
    assert listing.headers["content-type"] == "application/json"
    assert listing.json() == json.loads(CATALOG_PATH.read_text())
    # A trailing slash is the same page.
    assert (await pages.get("/problems/", headers=JSON)).json() == listing.json()


async def test_a_code_resolves_to_its_page(pages: httpx.AsyncClient) -> None:
    entry = load_catalog().by_code["task_not_found"]
    page = await pages.get("/problems/task_not_found")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    for text in (entry.code, entry.title, entry.description, str(entry.status), "tasks"):
        assert text in page.text
    as_json = await pages.get("/problems/task_not_found", headers=JSON)
    assert as_json.json() == {
        "code": "task_not_found",
        "status": 404,
        "title": entry.title,
        "description": entry.description,
        "services": ["tasks"],
    }


async def test_an_unknown_code_is_a_404_problem(pages: httpx.AsyncClient) -> None:
    for headers in (BROWSER, JSON):
        unknown = await pages.get("/problems/no_such_code", headers=headers)
        assert unknown.status_code == 404
        assert unknown.headers["content-type"] == "application/problem+json"
        body = unknown.json()
        assert body["code"] == "not_found"
        assert body["type"] == "/problems/not_found"
        assert "no_such_code" in body["detail"]


@pytest.mark.parametrize(
    ("accept", "json_wanted"),
    [
        ("application/json", True),
        ("text/html;q=0.5, application/json", True),
        ("application/*", True),
        ("*/*", False),
        ("", False),
        (BROWSER["Accept"], False),
        ("application/json;q=0.2, text/*;q=0.3", False),
        ("application/json;q=oops", False),
    ],
)
async def test_json_only_when_accept_prefers_it(
    pages: httpx.AsyncClient, accept: str, json_wanted: bool
) -> None:
    response = await pages.get("/problems/unauthorized", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(
        "application/json" if json_wanted else "text/html"
    )


async def test_traefiks_error_pages_carry_the_code_and_type(pages: httpx.AsyncClient) -> None:
    for status in (413, 502, 503, 504):
        response = await pages.get(f"/problem/{status}")
        assert response.status_code == status
        body = response.json()
        assert body["code"] == GATEWAY_PROBLEMS[status].code
        assert body["type"] == f"/problems/{body['code']}"
        assert body["detail"] == GATEWAY_PROBLEMS[status].detail
    unknown = await pages.get("/api/v9/nothing")
    assert unknown.json()["code"] == "not_found"


def test_the_catalog_takes_what_a_newer_generator_writes() -> None:
    text = json.dumps(
        {
            "problems": [
                {"code": "b_code", "status": 409, "title": "B", "services": ["tasks"], "new": 1},
                {"code": "a_code", "status": 404, "title": "A", "description": "d"},
                {"code": "b_code", "status": 409, "title": "B", "services": ["runs", "tasks"]},
            ],
            "version": 2,
        }
    )
    catalog = parse_catalog(text)
    assert [entry.code for entry in catalog.entries] == ["a_code", "b_code"]
    assert catalog.by_code["a_code"].services == ()
    assert catalog.by_code["b_code"].description == ""
    assert catalog.by_code["b_code"].services == ("tasks", "runs")


def test_a_catalog_entry_without_a_code_is_refused() -> None:
    with pytest.raises(ValueError, match="code"):
        parse_catalog(json.dumps({"problems": [{"status": 404, "title": "A"}]}))
