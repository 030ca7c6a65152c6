"""Serving an object over HTTP with byte ranges, from both backends, through a Starlette app."""

import hashlib
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from cadence_shared.storage import new_key
from cadence_shared.storage.http import RangeNotSatisfiable, parse_range
from shared.tests.storage.conftest import Backend, chunks_of, download_app

BODY = bytes(range(256)) * 4  # 1024 bytes


@pytest.fixture
async def served(
    backend: Backend, owner: uuid.UUID
) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    key = new_key(owner)
    await backend.storage.put(
        key, chunks_of(BODY, 100), max_bytes=len(BODY), content_type="audio/wav"
    )
    transport = httpx.ASGITransport(app=download_app(backend.storage))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client, f"/objects/{key}"


ETAG = f'"{hashlib.sha256(BODY).hexdigest()}"'


async def test_whole_object(served: tuple[httpx.AsyncClient, str]) -> None:
    client, path = served
    response = await client.get(path)
    assert response.status_code == 200
    assert response.content == BODY
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["etag"] == ETAG
    assert response.headers["content-length"] == "1024"
    assert response.headers["content-type"] == "audio/wav"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-range" not in response.headers


@pytest.mark.parametrize(
    ("header", "content_range", "expected"),
    [
        ("bytes=0-0", "bytes 0-0/1024", BODY[:1]),
        ("bytes=0-99", "bytes 0-99/1024", BODY[:100]),
        ("bytes=500-599", "bytes 500-599/1024", BODY[500:600]),
        ("bytes=1023-1023", "bytes 1023-1023/1024", BODY[1023:]),
        ("bytes=1000-", "bytes 1000-1023/1024", BODY[1000:]),
        ("bytes=-10", "bytes 1014-1023/1024", BODY[-10:]),
        ("bytes=-5000", "bytes 0-1023/1024", BODY),
        ("bytes=1000-99999", "bytes 1000-1023/1024", BODY[1000:]),
    ],
)
async def test_byte_ranges(
    served: tuple[httpx.AsyncClient, str], header: str, content_range: str, expected: bytes
) -> None:
    client, path = served
    response = await client.get(path, headers={"Range": header})
    assert response.status_code == 206
    assert response.headers["content-range"] == content_range
    assert response.headers["content-length"] == str(len(expected))
    assert response.content == expected


@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=5000-6000", "bytes=-0"])
async def test_unsatisfiable_range_is_416(
    served: tuple[httpx.AsyncClient, str], header: str
) -> None:
    client, path = served
    response = await client.get(path, headers={"Range": header})
    assert response.status_code == 416
    assert response.headers["content-range"] == "bytes */1024"
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "range_not_satisfiable"


@pytest.mark.parametrize(
    "header", ["bytes=0-1,5-6", "bytes=9-3", "items=0-1", "bytes=a-b", "bytes="]
)
async def test_ranges_it_ignores_get_the_whole_body(
    served: tuple[httpx.AsyncClient, str], header: str
) -> None:
    client, path = served
    response = await client.get(path, headers={"Range": header})
    assert (response.status_code, response.content) == (200, BODY)


async def test_conditional_requests(served: tuple[httpx.AsyncClient, str]) -> None:
    client, path = served
    unchanged = await client.get(path, headers={"If-None-Match": ETAG})
    assert (unchanged.status_code, unchanged.content) == (304, b"")

    resumed = await client.get(path, headers={"Range": "bytes=10-19", "If-Range": ETAG})
    assert (resumed.status_code, resumed.content) == (206, BODY[10:20])
    stale = await client.get(path, headers={"Range": "bytes=10-19", "If-Range": '"other"'})
    assert (stale.status_code, stale.content) == (200, BODY)


async def test_head_sends_the_headers_only(served: tuple[httpx.AsyncClient, str]) -> None:
    client, path = served
    response = await client.head(path, headers={"Range": "bytes=0-9"})
    assert response.status_code == 206
    assert response.headers["content-length"] == "10"
    assert response.content == b""


async def test_a_missing_object_is_404(served: tuple[httpx.AsyncClient, str]) -> None:
    client, _ = served
    response = await client.get(f"/objects/{new_key(uuid.uuid4())}")
    assert (response.status_code, response.json()) == (404, {"code": "object_not_found"})


def test_parse_range_edges() -> None:
    assert parse_range(None, 10) is None
    assert parse_range("bytes=0-", 10) == (0, 10)
    with pytest.raises(RangeNotSatisfiable):
        parse_range("bytes=0-", 0)
    with pytest.raises(RangeNotSatisfiable):
        parse_range("bytes=-1", 0)
