"""The gateway's own pages, served by the authorizer process: the suite's documentation (Swagger UI
over the merged OpenAPI document, the gateway's own and every service's), the event catalog
(``/docs/asyncapi.json``, ``/docs/events``: ``cadence_gateway.events_catalog``), the problem codes
(``/problems``) and the problem+json bodies Traefik asks for (``/problem/{status}``).

The Swagger UI assets come from the ``swagger-ui-py`` package (no CDN: the page works offline);
each service's spec is fetched by the browser from the gateway at ``/openapi/<service>.json``, the
merged one (``GET /openapi.json``, see ``cadence_gateway.openapi``) is read the same way.
"""

from importlib.resources import files
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from cadence_gateway.catalog import ProblemCatalog
from cadence_gateway.events_catalog import (
    ASYNCAPI_PATH,
    EVENTS_PAGE_PATH,
    events_page,
    load_asyncapi,
)
from cadence_gateway.openapi import (
    GATEWAY_SPEC_PATH,
    MERGED_SPEC_PATH,
    MergedSpec,
    SpecConflict,
    gateway_spec,
)
from cadence_gateway.policy import PROBLEM_PAGE, gateway_problem
from cadence_gateway.templating import render_text
from cadence_shared.problems import PROBLEMS_PATH, problem_response

SWAGGER_UI_ASSETS = Path(str(files("swagger_ui").joinpath("static")))
ASSETS_URL = "/docs/assets"
HTML = "text/html"
JSON = "application/json"
# A problem page's answer depends on Accept: caches must keep the HTML and the JSON apart.
VARY_ACCEPT = {"Vary": "Accept"}


def docs_page(services: list[str]) -> str:
    """Swagger UI offering the merged document first, then the gateway's, then each service's."""
    urls = [
        {"url": MERGED_SPEC_PATH, "name": "suite (every service)"},
        {"url": GATEWAY_SPEC_PATH, "name": "gateway"},
        *({"url": f"/openapi/{name}.json", "name": name} for name in services),
    ]
    links = {"Event catalog (AsyncAPI)": EVENTS_PAGE_PATH, "Problem codes": PROBLEMS_PATH}
    return render_text("pages/docs.html.j2", assets=ASSETS_URL, urls=urls, links=links)


def _quality(accept: str, media_type: str) -> float:
    """How much ``accept`` wants ``media_type``: the q of the most specific range that covers it."""
    kind = media_type.split("/")[0]
    specificity = {media_type: 2, f"{kind}/*": 1, "*/*": 0}
    best, quality = -1, 0.0
    for part in accept.split(","):
        media_range, _, params = part.partition(";")
        rank = specificity.get(media_range.strip().lower(), -1)
        if rank > best:
            best, quality = rank, _q(params)
    return quality


def _q(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def wants_json(request: Request) -> bool:
    """JSON when Accept ranks it above HTML; HTML for a browser, curl, or no Accept at all."""
    accept = request.headers.get("accept", "*/*")
    return _quality(accept, JSON) > _quality(accept, HTML)


def _spec_routes(services: list[str], merged: MergedSpec | None, servers: list[Any]) -> list[Route]:
    own = gateway_spec(services, servers=servers)

    async def gateway_document(_request: Request) -> JSONResponse:
        return JSONResponse(own)

    async def merged_document(_request: Request) -> Response:
        if merged is None:
            return problem_response(404, "This gateway serves no merged document.")
        try:
            return JSONResponse(await merged.get())
        except (httpx.HTTPError, ValueError) as exc:
            # A service that is down (or not yet up) leaves the suite's document incomplete.
            reason = str(exc) if isinstance(exc, SpecConflict) else type(exc).__name__
            detail = f"A service's OpenAPI document could not be read or merged: {reason}."
            return problem_response(503, detail, headers={"Retry-After": "5"})

    return [Route(GATEWAY_SPEC_PATH, gateway_document), Route(MERGED_SPEC_PATH, merged_document)]


def _event_routes(asyncapi: dict[str, Any]) -> list[Route]:
    """The event catalog, as AsyncAPI JSON and as a page rendered from it."""
    page = events_page(asyncapi)

    async def document(_request: Request) -> JSONResponse:
        return JSONResponse(asyncapi)

    async def listing(_request: Request) -> HTMLResponse:
        return HTMLResponse(page)

    return [Route(ASYNCAPI_PATH, document), Route(EVENTS_PAGE_PATH, listing)]


def build_docs_app(
    services: list[str],
    catalog: ProblemCatalog,
    *,
    merged: MergedSpec | None = None,
    servers: list[Any] | None = None,
    asyncapi: dict[str, Any] | None = None,
) -> Starlette:
    """The gateway's pages: the docs, the documents, the event catalog, their assets, the
    problem codes, and problem+json bodies for gateway errors."""
    page = docs_page(services)

    async def docs(_request: Request) -> HTMLResponse:
        return HTMLResponse(page)

    async def problem_codes(request: Request) -> Response:
        if wants_json(request):
            return JSONResponse(catalog.as_json(), headers=VARY_ACCEPT)
        listing = render_text("pages/problems.html.j2", entries=catalog.entries)
        return HTMLResponse(listing, headers=VARY_ACCEPT)

    async def problem_code(request: Request) -> Response:
        code = request.path_params["code"]
        entry = catalog.by_code.get(code)
        if entry is None:
            detail = f"No problem has the code {code!r}: {PROBLEMS_PATH} lists them all."
            return problem_response(404, detail, headers=VARY_ACCEPT)
        if wants_json(request):
            return JSONResponse(entry.model_dump(mode="json"), headers=VARY_ACCEPT)
        text = render_text("pages/problem.html.j2", entry=entry, catalog_path=PROBLEMS_PATH)
        return HTMLResponse(text, headers=VARY_ACCEPT)

    async def gateway_error(request: Request) -> Response:
        # Traefik's errors middleware asks here for the body of the errors it makes itself.
        status = int(request.path_params["status"])
        problem = gateway_problem(status if 400 <= status <= 599 else 404)
        return problem_response(problem.status, problem.detail, code=problem.code)

    async def not_found(_request: Request, _exc: Exception) -> Response:
        problem = gateway_problem(404)
        return problem_response(404, problem.detail, code=problem.code)

    return Starlette(
        routes=[
            Route("/docs", docs),
            Route("/docs/", docs),
            *_spec_routes(services, merged, servers or []),
            *_event_routes(asyncapi if asyncapi is not None else load_asyncapi()),
            Route(PROBLEMS_PATH, problem_codes),
            Route(f"{PROBLEMS_PATH}/", problem_codes),
            Route(PROBLEMS_PATH + "/{code}", problem_code),
            Route(f"{PROBLEM_PAGE}/{{status:int}}", gateway_error),
            Mount(ASSETS_URL, StaticFiles(directory=SWAGGER_UI_ASSETS), name="assets"),
        ],
        exception_handlers={404: not_found},
    )
