"""The service's fixtures (the web app in this process and a real worker in its own, against the
real Postgres, RabbitMQ and Redis), and small images of known text (cadence_shared.media)."""

import asyncio
import json
import os
import socket
import struct
import sys
import zlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from PIL import Image
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cadence_shared.app import context_of
from cadence_shared.media import encode, page
from cadence_shared.storage import Storage
from cadence_shared.storage.base import owner_prefix
from cadence_shared.storage.resource import STORAGE
from cadence_shared.testing import TestUser
from cadence_shared.testing.service import service_fixtures
from cadence_shared.testing.waiting import eventually
from ocr_service.main import build_app
from ocr_service.settings import Settings

_, app, client, sessions, engine = service_fixtures("ocr", Settings, build_app)

JOBS = "/api/v1/ocr/jobs"


@pytest.fixture(scope="session")
def settings(
    service_settings: Callable[[str], dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    return Settings(
        **service_settings("ocr"),
        storage_local_dir=tmp_path_factory.mktemp("ocr-storage"),
        worker_health_host="127.0.0.1",
        worker_health_port=0,
        worker_concurrency=1,
        # A stuck job fails loudly within the test's wait instead of hanging the run.
        jobs_time_limit_s=30,
        jobs_lease_s=5,
        jobs_sweep_interval_s=0.2,
        jobs_retry_delays_s=[0.2],
        jobs_progress_interval_s=0.05,
        events_relay_poll_s=0.2,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def worker_environment(settings: Settings) -> dict[str, str]:
    """The test settings as OCR_* variables, for the worker's own process."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("OCR_")}
    for name, value in settings.model_dump(exclude_unset=True).items():
        text = json.dumps(value) if isinstance(value, list) else str(value)
        env[f"OCR_{name.upper()}"] = text
    return env


async def worker_ready(process: asyncio.subprocess.Process, port: int) -> bool:
    if process.returncode is not None:
        pytest.fail(f"the ocr worker exited with {process.returncode}")
    try:
        async with httpx.AsyncClient(timeout=2) as probe:
            return (await probe.get(f"http://127.0.0.1:{port}/health/ready")).status_code == 200
    except httpx.TransportError:
        return False


@pytest.fixture(scope="session")
async def worker(settings: Settings, client: httpx.AsyncClient) -> AsyncIterator[int]:
    """The ocr worker as the stack runs it (``cadence-worker ocr_service.worker:worker``), in a
    process of its own; its health port."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).with_name("cadence-worker")),
        "ocr_service.worker:worker",
        "--concurrency",
        "1",
        "--health-port",
        str(port),
        env=worker_environment(settings),
        stdout=asyncio.subprocess.DEVNULL,
    )
    try:
        await eventually(
            lambda: worker_ready(process, port), within_s=60, what="the ocr worker ready"
        )
        yield port
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()


@pytest.fixture(scope="session")
def storage(app: FastAPI, client: httpx.AsyncClient) -> Storage:
    return context_of(app).get(STORAGE)


class Ocr:
    """The API's steps the tests share."""

    def __init__(self, client: httpx.AsyncClient, storage: Storage, engine: AsyncEngine) -> None:
        self.client = client
        self.storage = storage
        self.engine = engine

    async def upload(
        self,
        user: TestUser,
        data: bytes,
        *,
        kind: str = "menu",
        fields: dict[str, str] | None = None,
        filename: str = "photo.png",
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        return await self.client.post(
            f"/api/v1/ocr/{'menu' if kind == 'menu' else 'workout'}",
            files={"file": (filename, data, "application/octet-stream")},
            data=fields or {},
            headers={**user.headers, **(headers or {})},
        )

    async def job(self, user: TestUser, job_id: str) -> dict[str, Any]:
        response = await self.client.get(f"{JOBS}/{job_id}", headers=user.headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def finished(
        self, user: TestUser, job_id: str, *, within_s: float = 40
    ) -> dict[str, Any]:
        """The job once it ended (succeeded, failed or cancelled)."""

        async def ended() -> bool:
            return (await self.job(user, job_id))["status"] in ("succeeded", "failed", "cancelled")

        await eventually(ended, within_s=within_s, every_s=0.1, what=f"job {job_id} finished")
        return await self.job(user, job_id)

    async def read(self, user: TestUser, data: bytes, **options: Any) -> dict[str, Any]:
        """Uploaded, and followed until it ended."""
        response = await self.upload(user, data, **options)
        assert response.status_code == 202, response.text
        return await self.finished(user, response.json()["id"])

    async def objects_of(self, user: TestUser) -> list[str]:
        return [item.key async for item in self.storage.list_objects(owner_prefix(user.id))]

    async def count(self, sql: str, **params: Any) -> int:
        async with self.engine.connect() as conn:
            return int((await conn.execute(text(sql), params)).scalar_one())


@pytest.fixture
def ocr(client: httpx.AsyncClient, storage: Storage, engine: AsyncEngine, worker: int) -> Ocr:
    return Ocr(client, storage, engine)


def png_header_only(width: int, height: int) -> bytes:
    """A valid PNG signature and header claiming ``width`` x ``height`` px, with almost no
    pixels behind it: what a decompression bomb looks like before it is decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


Page = Callable[..., Image.Image]
Encode = Callable[..., bytes]


@pytest.fixture
def draw_page() -> Page:
    return page


@pytest.fixture
def encode_image() -> Encode:
    return encode


@pytest.fixture(name="png_header_only")
def png_header_only_fixture() -> Callable[[int, int], bytes]:
    return png_header_only
