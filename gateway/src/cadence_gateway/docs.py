"""The suite's documentation: Swagger UI with a selector over every service's OpenAPI document.

The Swagger UI assets come from the ``swagger-ui-py`` package (no CDN: the page works offline);
each service's spec is fetched by the browser from the gateway at ``/openapi/<service>.json``.
"""

import json
from http import HTTPStatus
from importlib.resources import files
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from cadence_shared.problems import problem_response

SWAGGER_UI_ASSETS = Path(str(files("swagger_ui").joinpath("static")))
ASSETS_URL = "/docs/assets"

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Cadence API</title>
  <link rel="stylesheet" href="{assets}/swagger-ui.css">
  <link rel="icon" type="image/png" href="{assets}/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{assets}/swagger-ui-bundle.js"></script>
  <script src="{assets}/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({{
      urls: {urls},
      dom_id: "#swagger-ui",
      deepLinking: true,
      persistAuthorization: true,
      // Swagger UI's default shows a badge fetched from validator.swagger.io: no internet here.
      validatorUrl: null,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: "StandaloneLayout"
    }});
  </script>
</body>
</html>
"""


PROBLEM_DETAILS = {
    413: "The request body is larger than this route accepts.",
    502: "The service behind this route is not answering.",
    503: "The service behind this route is unavailable.",
    504: "The service behind this route did not answer in time.",
}


def docs_page(services: list[str]) -> str:
    urls = [{"url": f"/openapi/{name}.json", "name": name} for name in services]
    return PAGE.format(assets=ASSETS_URL, urls=json.dumps(urls))


def build_docs_app(services: list[str]) -> Starlette:
    """The gateway's pages: the docs, their assets, and problem+json bodies for gateway errors."""
    page = docs_page(services)

    async def docs(_request: Request) -> HTMLResponse:
        return HTMLResponse(page)

    async def problem(request: Request) -> Response:
        # Traefik's errors middleware asks here for the body of the errors it makes itself.
        status = int(request.path_params["status"])
        if not 400 <= status <= 599:
            return problem_response(404, "No route for this path.")
        return problem_response(status, PROBLEM_DETAILS.get(status, HTTPStatus(status).phrase))

    async def not_found(_request: Request, _exc: Exception) -> Response:
        return problem_response(404, "No route for this path.")

    return Starlette(
        routes=[
            Route("/docs", docs),
            Route("/docs/", docs),
            Route("/problem/{status:int}", problem),
            Mount(ASSETS_URL, StaticFiles(directory=SWAGGER_UI_ASSETS), name="assets"),
        ],
        exception_handlers={404: not_found},
    )
