"""The OpenAPI document the kit finishes: errors derived from what each route declares."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from cadence_shared.app import create_app
from cadence_shared.auth import Principal
from cadence_shared.deps import CurrentPrincipal, SessionDep, require_roles
from cadence_shared.errors import NotFound
from cadence_shared.idempotency import IdempotencyDep
from cadence_shared.openapi import answers, problems
from cadence_shared.problems import PROBLEM_JSON
from cadence_shared.settings import ServiceSettings, service_config
from cadence_shared.uploads import NoFields, UploadPolicy, UploadRequest, upload_route


class DemoSettings(ServiceSettings):
    model_config = service_config("DEMO_")
    service_name: str = "demo"


class Thing(BaseModel):
    name: str


UPLOAD = UploadPolicy(accept=frozenset({"image/png"}), max_bytes=1024, form=NoFields)


@answers(429)
async def limited() -> None:
    """A dependency that refuses callers over a limit."""


router = APIRouter(prefix="/api/v1/things", tags=["things"])


@router.get("/open", summary="Nothing can go wrong")
async def open_route() -> dict[str, str]:
    """Takes nothing."""
    return {}


@router.post("", summary="Create", responses=problems(409))
async def create(data: Thing, session: SessionDep, principal: CurrentPrincipal) -> Thing:
    """Declares its conflict."""
    return data


@router.get("/{thing_id}", summary="Read")
async def read(
    thing_id: uuid.UUID, principal: Annotated[Principal, Depends(require_roles("admin"))]
) -> Thing:
    """An admin's read."""
    return Thing(name=str(thing_id))


@router.put("/{thing_id}", summary="Replace", dependencies=[Depends(limited)])
async def replace(thing_id: uuid.UUID, data: Thing, idempotency: IdempotencyDep) -> Thing:
    """Idempotent."""
    return data


@router.post("/upload", summary="Upload", openapi_extra=UPLOAD.openapi())
async def upload(
    request: Annotated[UploadRequest[NoFields], Depends(upload_route(UPLOAD))],
) -> dict[str, str]:
    """Takes a file."""
    return {}


def _spec() -> dict[str, Any]:
    app = create_app(DemoSettings(), routers=[router], tags={"things": "Things of the demo."})
    return app.openapi()


def _errors(spec: dict[str, Any], method: str, path: str) -> list[str]:
    responses = spec["paths"][path][method]["responses"]
    return sorted(status for status in responses if status >= "400")


def test_errors_are_derived_from_what_each_route_declares() -> None:
    spec = _spec()
    things = "/api/v1/things"
    assert _errors(spec, "get", f"{things}/open") == []
    assert _errors(spec, "post", things) == ["401", "409", "422", "503"]
    assert _errors(spec, "get", f"{things}/{{thing_id}}") == ["401", "403", "404", "422"]
    put = _errors(spec, "put", f"{things}/{{thing_id}}")
    assert put == ["400", "401", "404", "409", "422", "429", "503"]
    assert _errors(spec, "post", f"{things}/upload") == [
        "400", "401", "409", "413", "415", "422", "503"
    ]  # fmt: skip


def test_errors_are_problem_json_and_fastapis_422_is_gone() -> None:
    spec = _spec()
    assert "HTTPValidationError" not in str(spec)
    response = spec["paths"]["/api/v1/things"]["post"]["responses"]["422"]
    assert response == {"$ref": "#/components/responses/ValidationFailed"}
    failed = spec["components"]["responses"]["ValidationFailed"]["content"][PROBLEM_JSON]
    assert failed["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert failed["example"]["errors"][0]["loc"] == ["body", "title"]
    problem = spec["components"]["schemas"]["Problem"]
    assert problem["required"] == ["type", "title", "status", "detail", "code"]
    assert "Retry-After" in spec["components"]["responses"]["RateLimited"]["headers"]


def test_operation_ids_servers_tags_and_health() -> None:
    spec = _spec()
    ids = {op["operationId"] for item in spec["paths"].values() for op in item.values()}
    assert ids == {
        "things-open_route", "things-create", "things-read", "things-replace", "things-upload"
    }  # fmt: skip
    assert spec["servers"] == [
        {"url": "http://127.0.0.1:8000", "description": "The Cadence gateway"}
    ]
    assert spec["tags"] == [{"name": "things", "description": "Things of the demo."}]
    assert not [path for path in spec["paths"] if path.startswith("/health")]
    assert "problem+json" in spec["info"]["description"]


def test_problems_documents_domain_errors_under_their_status_with_their_codes() -> None:
    class ItemGone(NotFound):
        code = "item_gone"

    class ItemHidden(NotFound):
        code = "item_hidden"

    documented = problems(ItemGone, ItemHidden, 409)
    assert set(documented) == {404, 409}
    assert documented[404]["description"].endswith(": `item_gone`, `item_hidden`")
    assert "`" not in documented[409]["description"]
