"""The service the uploads benchmark sends files to: ``create_app`` with local storage and two
routes, run by uvicorn in a process of its own (``uvicorn uploads_app:build --factory``).

``POST /upload`` is the real path (``receive_upload``: multipart parsed as it arrives, sniffed,
streamed into storage); ``POST /upload-buffered`` reads the whole body first, as a naive route
would, so the benchmark can show that its RSS figure does see a body held in memory.
"""

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse

from cadence_shared.app import create_app
from cadence_shared.settings import CoreSettings
from cadence_shared.storage import StorageSettings, new_key
from cadence_shared.storage.resource import STORAGE_RESOURCE, StorageDep
from cadence_shared.uploads import NoFields, UploadPolicy, receive_upload

MIB = 1024 * 1024
POLICY = UploadPolicy(
    accept=frozenset({"application/octet-stream"}), max_bytes=200 * MIB, form=NoFields
)
OWNER = uuid.UUID(int=1)
router = APIRouter()


class BenchSettings(CoreSettings, StorageSettings):
    service_name: str = "uploadbench"


@router.post("/upload", status_code=202)
async def upload(request: Request, storage: StorageDep) -> JSONResponse:
    received = await receive_upload(request, storage, owner_id=OWNER, policy=POLICY)
    await storage.delete(received.stored.key)  # the disk stays empty between runs
    return JSONResponse({"size": received.stored.size, "sha256": received.stored.sha256}, 202)


@router.post("/upload-buffered", status_code=202)
async def upload_buffered(request: Request, storage: StorageDep) -> JSONResponse:
    body = await request.body()  # what the real route never does: the whole body in memory

    async def once() -> AsyncIterator[bytes]:
        yield body

    stored = await storage.put(new_key(OWNER), once(), max_bytes=POLICY.max_bytes + MIB)
    await storage.delete(stored.key)
    return JSONResponse({"size": stored.size}, 202)


def build() -> FastAPI:
    root = Path(os.environ["UPLOADBENCH_ROOT"])
    settings = BenchSettings(storage_local_dir=root, log_level="WARNING", log_json=False)
    return create_app(settings, routers=[router], standard=(), resources=[STORAGE_RESOURCE])
