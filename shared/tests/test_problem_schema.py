"""Every domain error's body conforms to the published Problem schema: field ``errors`` a domain
error names without a ``type`` get the error's code as their type (schemathesis found
NullNotAllowed's 422 off the schema on every PATCH that refuses a null)."""

import httpx
import jsonschema
import pytest
from fastapi import APIRouter

from cadence_shared.app import create_app
from cadence_shared.errors import DomainError, InvalidInput, NullNotAllowed
from cadence_shared.openapi import PROBLEM, SCHEMA_REF, problem_components
from cadence_shared.settings import ServiceSettings, service_config
from cadence_shared.testing import serve_app

PROBLEM_SCHEMA = {"$ref": SCHEMA_REF + PROBLEM, "components": {"schemas": problem_components()}}


class SchemaSettings(ServiceSettings):
    model_config = service_config("SCHEMA_")
    service_name: str = "schema"


class PositionTooFar(InvalidInput):
    code = "position_too_far_probe"
    title = "Position too far"


ERRORS: list[DomainError] = [
    NullNotAllowed("title", "status"),
    PositionTooFar("too far", errors=[{"loc": ["body", "position"], "msg": "must be <= 3"}]),
    PositionTooFar("typed", errors=[{"loc": ["body", "x"], "msg": "bad", "type": "own"}]),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda error: str(error.detail))
async def test_a_domain_errors_body_is_a_problem_by_the_published_schema(
    error: DomainError,
) -> None:
    router = APIRouter()

    @router.get("/fail")
    async def fail() -> None:
        raise error

    async with serve_app(create_app(SchemaSettings(), routers=[router], standard=())) as client:
        answer: httpx.Response = await client.get("/fail")
    assert answer.status_code == 422
    jsonschema.validate(answer.json(), PROBLEM_SCHEMA)
    given = error.extensions["errors"][0].get("type", error.code)
    assert answer.json()["errors"][0]["type"] == given
