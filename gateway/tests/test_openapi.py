"""The suite's merged OpenAPI document and the gateway's own."""

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cadence_gateway.catalog import load_catalog
from cadence_gateway.docs import build_docs_app, docs_page
from cadence_gateway.openapi import MergedSpec, SpecConflict, gateway_spec, merge_specs

SERVERS = [{"url": "http://127.0.0.1:8000"}]


def _spec(path: str, operation_id: str, schemas: dict[str, Any], tag: str) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{next(iter(schemas))}"}
    operation = {
        "operationId": operation_id,
        "tags": [tag],
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": ref}}}
        },
    }
    return {
        "openapi": "3.1.0",
        "paths": {path: {"get": operation}},
        "tags": [{"name": tag, "description": tag}],
        "components": {"schemas": schemas},
    }


def test_merging_renames_components_that_differ_and_shares_those_that_agree() -> None:
    problem = {"type": "object", "title": "Problem"}
    tasks = _spec("/a", "tasks-get", {"Item": {"type": "string"}, "Problem": problem}, "tasks")
    runs = _spec("/b", "runs-get", {"Item": {"type": "integer"}, "Problem": problem}, "runs")
    merged = merge_specs({"tasks": tasks, "runs": runs}, servers=SERVERS)
    schemas = merged["components"]["schemas"]
    assert set(schemas) == {"TasksItem", "RunsItem", "Problem"}
    assert schemas["TasksItem"] == {"type": "string"}
    ok = merged["paths"]["/b"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"] == {"$ref": "#/components/schemas/RunsItem"}
    assert [tag["name"] for tag in merged["tags"]] == ["runs", "tasks"]
    assert merged["servers"] == SERVERS


@pytest.mark.parametrize(
    ("path", "operation_id", "tag"),
    [("/a", "runs-get", "runs"), ("/b", "tasks-get", "runs"), ("/b", "runs-get", "tasks")],
)
def test_merging_refuses_a_path_operation_id_or_tag_of_two_services(
    path: str, operation_id: str, tag: str
) -> None:
    tasks = _spec("/a", "tasks-get", {"Item": {"type": "string"}}, "tasks")
    other = _spec(path, operation_id, {"Other": {"type": "string"}}, tag)
    with pytest.raises(SpecConflict):
        merge_specs({"tasks": tasks, "runs": other}, servers=SERVERS)


def test_the_docs_page_offers_the_merged_and_gateway_documents_first() -> None:
    page = docs_page(["runs", "tasks"])
    assert page.index('"/openapi.json"') < page.index('"/docs/gateway.json"')
    assert page.index('"/docs/gateway.json"') < page.index('"/openapi/runs.json"')


def test_the_gateway_document_lists_its_health_paths() -> None:
    spec = gateway_spec(["runs", "tasks"], servers=SERVERS)
    assert {"/health", "/health/{service}", "/openapi.json"} <= spec["paths"].keys()
    readiness = spec["paths"]["/health/{service}"]["get"]
    assert readiness["parameters"][0]["schema"]["enum"] == ["runs", "tasks"]


async def test_without_a_source_the_merged_document_is_a_problem() -> None:
    app = build_docs_app(["tasks"], load_catalog(), servers=SERVERS)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        own = await client.get("/docs/gateway.json")
        merged = await client.get("/openapi.json")
    assert own.status_code == 200 and own.json()["servers"] == SERVERS
    assert merged.status_code == 404
    assert merged.headers["content-type"] == "application/problem+json"


def _source(specs: dict[str, dict[str, Any]]) -> httpx.ASGITransport:
    """The gateway's /openapi/<service>.json, answered in-process (500 for a missing one)."""

    async def document(request: Request) -> Response:
        spec = specs.get(request.path_params["service"])
        return JSONResponse(spec) if spec is not None else Response(status_code=500)

    return httpx.ASGITransport(app=Starlette(routes=[Route("/openapi/{service}.json", document)]))


async def test_the_merged_document_is_read_from_the_services_documents() -> None:
    specs = {
        "tasks": _spec("/a", "tasks-get", {"Item": {"type": "string"}}, "tasks"),
        "runs": _spec("/b", "runs-get", {"Run": {"type": "string"}}, "runs"),
    }
    merged = MergedSpec(
        ["runs", "tasks"], "http://gateway", SERVERS, 60.0, transport=_source(specs)
    )
    app = build_docs_app(["runs", "tasks"], load_catalog(), merged=merged, servers=SERVERS)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        answer = await client.get("/openapi.json")
    assert answer.status_code == 200
    assert set(answer.json()["paths"]) == {"/a", "/b"}


async def test_a_service_without_its_document_makes_the_merged_one_a_503() -> None:
    specs = {"tasks": _spec("/a", "tasks-get", {"Item": {"type": "string"}}, "tasks")}
    merged = MergedSpec(
        ["runs", "tasks"], "http://gateway", SERVERS, 60.0, transport=_source(specs)
    )
    app = build_docs_app(["runs", "tasks"], load_catalog(), merged=merged, servers=SERVERS)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        answer = await client.get("/openapi.json")
    assert answer.status_code == 503
    assert answer.json()["code"] == "service_unavailable"
    assert answer.headers["retry-after"] == "5"
