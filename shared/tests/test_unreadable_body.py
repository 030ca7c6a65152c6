"""A body FastAPI cannot even decode (JSON bytes that are not UTF-8: found by schemathesis on
every PATCH with a body) is the documented 422 validation problem, not an undocumented 400."""

import httpx
from fastapi import APIRouter
from pydantic import BaseModel

from cadence_shared.app import create_app
from cadence_shared.settings import ServiceSettings, service_config
from cadence_shared.testing import serve_app


class BodySettings(ServiceSettings):
    model_config = service_config("BODY_")
    service_name: str = "body"


class Thing(BaseModel):
    name: str


async def test_a_body_that_is_not_utf8_json_is_a_422_problem() -> None:
    router = APIRouter()

    @router.patch("/things")
    async def patch(thing: Thing) -> str:
        return thing.name

    app = create_app(BodySettings(), routers=[router], standard=())
    async with serve_app(app) as client:
        answers: list[httpx.Response] = [
            await client.patch(
                "/things", content=body, headers={"content-type": "application/json"}
            )
            for body in (b"}K\xff\xfe", b'{"name": "\xe9"}', b"{not json")
        ]
        assert (await client.patch("/things", json={"name": "ok"})).json() == "ok"
    for answer in answers:
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["code"] == "validation_failed"
        assert answer.json()["errors"][0]["loc"][0] == "body"
