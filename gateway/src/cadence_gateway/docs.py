"""The suite's documentation: Swagger UI with a selector over every service's OpenAPI document.

The Swagger UI assets come from the ``swagger-ui-py`` package (no CDN: the page works offline);
each service's spec is fetched by the browser from the gateway at ``/openapi/<service>.json``.
"""

import json
from pathlib import Path

import swagger_ui
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

SWAGGER_UI_ASSETS = Path(swagger_ui.__file__).parent / "static"
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
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: "StandaloneLayout"
    }});
  </script>
</body>
</html>
"""


def docs_page(services: list[str]) -> str:
    urls = [{"url": f"/openapi/{name}.json", "name": name} for name in services]
    return PAGE.format(assets=ASSETS_URL, urls=json.dumps(urls))


def build_docs_app(services: list[str]) -> Starlette:
    page = docs_page(services)

    async def docs(_request: object) -> HTMLResponse:
        return HTMLResponse(page)

    return Starlette(
        routes=[
            Route("/docs", docs),
            Route("/docs/", docs),
            Mount(ASSETS_URL, StaticFiles(directory=SWAGGER_UI_ASSETS), name="assets"),
        ]
    )
