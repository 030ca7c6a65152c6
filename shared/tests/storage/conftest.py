"""Both storage backends for one test suite: a directory in tmp_path, and a bucket on a real
S3-protocol server (moto's standalone server, in its own process, on a free port)."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cadence_shared.storage import (
    DownloadLinkInvalid,
    LocalStorage,
    ObjectNotFound,
    S3Storage,
    Storage,
)
from cadence_shared.storage.http import object_response, signed_download_endpoint
from cadence_shared.storage.testing import S3ServerUnavailable, moto_installed, running_moto_server

SIGNING_SECRET = b"storage-tests-signing-secret"
S3_ACCESS_KEY = "testing"
S3_SECRET_KEY = "testing"
S3_REGION = "us-east-1"


@dataclass(frozen=True)
class MotoServer:
    endpoint_url: str
    bucket: str


@pytest.fixture(scope="session")
def moto_server() -> Iterator[MotoServer]:
    if not moto_installed():  # a broken environment, never a reason to skip the S3 tests
        pytest.fail("moto[server] is not installed (`uv sync` brings it with the dev group)")
    try:
        with running_moto_server() as url:
            yield MotoServer(endpoint_url=url, bucket=f"cadence-test-{uuid.uuid4().hex[:12]}")
    except S3ServerUnavailable as exc:
        pytest.fail(str(exc))


def s3_storage(server: MotoServer, **options: int) -> S3Storage:
    return S3Storage(
        bucket=server.bucket,
        endpoint_url=server.endpoint_url,
        region=S3_REGION,
        access_key_id=S3_ACCESS_KEY,
        secret_access_key=S3_SECRET_KEY,
        **options,
    )


def download_app(storage: Storage) -> Starlette:
    """What a service mounts: local storage's signed links, and objects served with ranges."""

    async def serve(request: Request) -> Response:
        return await object_response(storage, request.path_params["key"], request)

    async def refused(request: Request, exc: Exception) -> Response:
        return JSONResponse({"code": "download_link_invalid"}, status_code=403)

    async def missing(request: Request, exc: Exception) -> Response:
        return JSONResponse({"code": "object_not_found"}, status_code=404)

    return Starlette(
        routes=[
            Route(
                "/download",
                signed_download_endpoint(storage, signing_secret=SIGNING_SECRET),
                methods=["GET", "HEAD"],
            ),
            Route("/objects/{key:path}", serve, methods=["GET", "HEAD"]),
        ],
        exception_handlers={DownloadLinkInvalid: refused, ObjectNotFound: missing},
    )


@dataclass
class Backend:
    """One backend under test, and what the tests need to look behind its interface."""

    name: str
    storage: Storage
    fetch: Callable[[str], Awaitable[httpx.Response]]  # GETs a download URL the backend made
    leftovers: Callable[[str], Awaitable[list[str]]]  # everything stored under a prefix


def _local_leftovers(root: Path) -> Callable[[str], Awaitable[list[str]]]:
    def files_under(prefix: str) -> list[str]:
        # Every file, dot-files (temporaries, metadata) included.
        return sorted(
            path.relative_to(root).as_posix()
            for path in root.rglob("*")
            if path.is_file() and path.relative_to(root).as_posix().startswith(prefix)
        )

    async def leftovers(prefix: str) -> list[str]:
        return await asyncio.to_thread(files_under, prefix)

    return leftovers


def _s3_leftovers(storage: S3Storage) -> Callable[[str], Awaitable[list[str]]]:
    async def leftovers(prefix: str) -> list[str]:
        # Objects, and multipart uploads still open (their parts are stored, and billed).
        client = await storage._client()
        objects = await client.list_objects_v2(Bucket=storage.bucket, Prefix=prefix)
        uploads = await client.list_multipart_uploads(Bucket=storage.bucket, Prefix=prefix)
        found = [item["Key"] for item in objects.get("Contents", [])]
        found += [f"upload:{item['Key']}" for item in uploads.get("Uploads", [])]
        return sorted(found)

    return leftovers


@pytest.fixture(params=["local", "s3"])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    if request.param == "local":
        root = tmp_path / "objects"
        local = LocalStorage(
            root, signing_secret=SIGNING_SECRET, download_base_url="http://testserver/download"
        )
        transport = httpx.ASGITransport(app=download_app(local))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield Backend("local", local, client.get, _local_leftovers(local.root))
        return
    server: MotoServer = request.getfixturevalue("moto_server")
    s3 = s3_storage(server)
    await s3.ensure_bucket()
    async with httpx.AsyncClient() as client:
        yield Backend("s3", s3, client.get, _s3_leftovers(s3))
    await s3.close()


@pytest.fixture
def owner() -> uuid.UUID:
    return uuid.uuid4()


async def chunks_of(data: bytes, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    for offset in range(0, len(data), size):
        yield data[offset : offset + size]


async def read_all(storage: Storage, key: str, **bounds: int | None) -> bytes:
    return b"".join([chunk async for chunk in storage.open(key, **bounds)])
