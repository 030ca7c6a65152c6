"""The check every use of ``cadence_shared.fastread`` has a test for: same bytes as the schema."""

import httpx
from pydantic import BaseModel


def assert_same_json(response: httpx.Response, expected: BaseModel) -> None:
    """``response`` (a fast read's answer) is a 200 JSON body byte for byte what pydantic writes
    for ``expected``, the response schema built from the same rows through the ORM."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    written = expected.model_dump_json().encode()
    body = response.content
    assert body == written, f"the fast read wrote\n  {body!r}\nthe schema writes\n  {written!r}"
