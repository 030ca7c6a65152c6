"""The suite's docs (GET /docs on the gateway) in headless Chromium, as a developer uses them.

Every service's spec renders from the selector, the page fetches nothing but from the gateway
(it must work with no internet), and the Authorize dialog's OAuth2 password flow against the auth
service's /api/v1/auth/token lets "Try it out" call a protected route.

Chromium is Debian's `chromium` package (`deploy/local/bootstrap.sh --test` installs it), driven
by Playwright's Python package, which ships its driver: never `playwright install` a browser.
"""

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import (
    Browser,
    Locator,
    Page,
    Request,
    Response,
    expect,
    sync_playwright,
)

from harness import Stack, User

CHROMIUM = "/usr/bin/chromium"
# The browser opens the docs under a name that is not loopback, as users reach a deployed gateway
# (Swagger UI changes behaviour on localhost, e.g. it then never fetches its online validator
# badge); the name resolves to the gateway's address inside this browser only.
DOCS_HOST = "cadence.test"
# Playwright adds --headless and a fresh temporary --user-data-dir for every launch.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
UI_TIMEOUT_MS = 10_000
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
SCREENSHOT = Path(__file__).resolve().parents[1] / ".run" / "docs-page.png"


@dataclass
class DocsPage:
    """The docs page open in a fresh browser context, with every request it has made."""

    page: Page
    requests: list[Request]
    responses: list[Response]
    failed: list[Request]

    def show(self, service: str, spec: dict[str, Any]) -> None:
        """Picks the service in the definition selector and waits for its spec to render."""
        self.page.select_option("select#select", label=service)
        expect(self.page.locator(".info .title")).to_contain_text(spec["info"]["title"])
        expect(self.page.locator(".opblock").first).to_be_visible()

    def operation(self, method: str, path: str) -> Locator:
        return self.page.locator(
            f".opblock-{method}",
            has=self.page.locator(f'.opblock-summary-path[data-path="{path}"]'),
        )

    def shown_operations(self) -> set[tuple[str, str]]:
        shown: list[list[str]] = self.page.locator(".opblock").evaluate_all(
            """blocks => blocks.map(block => [
                block.querySelector('.opblock-summary-method').textContent.toLowerCase(),
                block.querySelector('.opblock-summary-path').dataset.path,
            ])"""
        )
        return {(method, path) for method, path in shown}


def operations(spec: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (method, path)
        for path, item in spec["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }


def server_address(response: Response) -> str | None:
    address = response.server_addr()
    return address["ipAddress"] if address else None


@pytest.fixture(scope="module")
def browser(stack: Stack) -> Iterator[Browser]:
    gateway = urlsplit(stack.base_url).hostname
    resolve = f"--host-resolver-rules=MAP {DOCS_HOST} {gateway}"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_FLAGS, resolve]
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def specs(stack: Stack, api: httpx.Client) -> dict[str, dict[str, Any]]:
    """Every service's OpenAPI document, as the gateway serves it to the page."""
    documents = {}
    for service in stack.table.services:
        response = api.get(f"/openapi/{service}.json")
        assert response.status_code == 200, response.text
        documents[service] = response.json()
    return documents


def docs_url(stack: Stack) -> str:
    """The docs page under DOCS_HOST, on the gateway's port."""
    gateway = urlsplit(stack.base_url)
    return gateway._replace(netloc=f"{DOCS_HOST}:{gateway.port}", path="/docs").geturl()


@pytest.fixture
def docs(browser: Browser, stack: Stack) -> Iterator[DocsPage]:
    # A context of its own per test: the page keeps the authorization in local storage.
    context = browser.new_context()
    context.set_default_timeout(UI_TIMEOUT_MS)
    expect.set_options(timeout=UI_TIMEOUT_MS)
    page = context.new_page()
    requests: list[Request] = []
    responses: list[Response] = []
    failed: list[Request] = []
    # Playwright wants Python functions as handlers (it tags them), not bound builtins.
    page.on("request", lambda request: requests.append(request))
    page.on("response", lambda response: responses.append(response))
    page.on("requestfailed", lambda request: failed.append(request))
    page.goto(docs_url(stack))
    yield DocsPage(page, requests, responses, failed)
    context.close()


def test_every_services_spec_renders_its_operations(
    docs: DocsPage, specs: dict[str, dict[str, Any]]
) -> None:
    for service, spec in specs.items():
        docs.show(service, spec)
        expected = operations(spec)
        expect(docs.page.locator(".opblock")).to_have_count(len(expected))
        assert docs.page.locator(".errors-wrapper").count() == 0, service
        assert docs.shown_operations() == expected, service


def test_the_page_fetches_nothing_beyond_the_gateway(
    docs: DocsPage, stack: Stack, specs: dict[str, dict[str, Any]]
) -> None:
    for service, spec in specs.items():
        docs.show(service, spec)
    gateway = urlsplit(stack.base_url)
    fetched = [urlsplit(request.url) for request in docs.requests]
    # Inline images (data: URLs in the stylesheet) are not fetched from anywhere.
    assert {url.netloc for url in fetched if url.scheme != "data"} == {
        urlsplit(docs_url(stack)).netloc
    }
    # Where the answers really came from, as the browser's network log records it.
    servers = {server_address(r) for r in docs.responses if not r.url.startswith("data:")}
    assert servers == {gateway.hostname}
    paths = {url.path for url in fetched}
    assert {"/docs", "/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css"} <= paths
    assert {f"/openapi/{service}.json" for service in specs} <= paths
    assert [request.url for request in docs.failed] == []


def test_authorize_with_a_users_password_then_try_it_out(
    docs: DocsPage,
    api: httpx.Client,
    new_user: Callable[..., User],
    specs: dict[str, dict[str, Any]],
) -> None:
    user = new_user()
    title = f"Read in the docs {uuid.uuid4().hex[:8]}"
    created = api.post("/api/v1/tasks", json={"title": title}, headers=user.headers)
    assert created.status_code == 201, created.text
    page = docs.page
    docs.show("tasks", specs["tasks"])

    page.locator(".auth-wrapper .btn.authorize").click()
    dialog = page.locator(".modal-ux")
    dialog.locator("#oauth_username").fill(user.email)
    dialog.locator("#oauth_password").fill(user.password)
    dialog.locator(".auth-btn-wrapper .btn.authorize").click()
    expect(dialog.locator("button", has_text="Logout")).to_be_visible()
    expect(dialog).to_contain_text("Authorized")
    dialog.locator(".auth-btn-wrapper .btn-done").click()

    list_tasks = docs.operation("get", "/api/v1/tasks")
    list_tasks.locator(".opblock-summary").click()
    list_tasks.locator(".try-out__btn").click()
    list_tasks.locator(".execute").click()
    response = list_tasks.locator(".live-responses-table tbody")
    expect(response.locator(".response-col_status")).to_have_text("200")
    body = json.loads(response.locator(".highlight-code .microlight").inner_text())
    assert [task["title"] for task in body["items"]] == [title]
    # For a person to look at: the page as it rendered the live response.
    response.scroll_into_view_if_needed()
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOT)

    # The dialog logged in through the gateway, and "Try it out" sent the token it got.
    (login,) = [r for r in docs.requests if urlsplit(r.url).path == "/api/v1/auth/token"]
    form = parse_qs(login.post_data or "")
    assert (login.method, form["grant_type"], form["username"]) == (
        "POST",
        ["password"],
        [user.email],
    )
    issued = login.response()
    assert issued is not None
    assert issued.status == 200
    (listed,) = [r for r in docs.requests if urlsplit(r.url).path == "/api/v1/tasks"]
    assert listed.headers["authorization"] == f"Bearer {issued.json()['access_token']}"
