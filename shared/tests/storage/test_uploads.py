"""Uploads through a real app (Postgres for the record, Redis for idempotency keys), into both
storage backends: streamed, refused, cut off, replayed, hostile names, and the orphan sweep."""

import asyncio
import hashlib
import re
import socket
import unicodedata
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine

from cadence_shared.context import Resource, ServiceContext
from cadence_shared.events import Envelope, UserDeleted
from cadence_shared.storage import Storage, StoredObject, new_key, safe_filename
from cadence_shared.storage.resource import STORAGE, delete_files_of_deleted_user
from cadence_shared.testing import TestUser, serve_app
from cadence_shared.testing.tokens import TestIssuer
from cadence_shared.testing.waiting import eventually
from cadence_shared.uploads import recorded_in, sweep_orphans
from shared.tests.storage.conftest import Backend, chunks_of, read_all
from shared.tests.storage.uploads_app import (
    BOUNDARY,
    CONTENT_TYPE,
    FILES,
    MAX_FILE_BYTES,
    MIB,
    SCHEMA,
    UploadSettings,
    build_app,
    metadata,
    multipart,
    rows_of,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def text_bytes(size: int, seed: int = 0) -> bytes:
    line = f"line {seed} of a plain text file that repeats\n".encode()
    return (line * (size // len(line) + 1))[:size]


@pytest.fixture(scope="session")
async def upload_engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(database_url)
    async with engine.begin() as connection:
        await connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{SCHEMA}"'))
        await connection.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
def settings(
    database_url: str, redis_url: str, token_issuer: TestIssuer, upload_engine: AsyncEngine
) -> UploadSettings:
    return UploadSettings(
        database_url=database_url,
        redis_url=redis_url,
        jwks_url=token_issuer.jwks_url,
        log_json=False,
        log_level="WARNING",
    )


@dataclass
class Recording:
    """What the storage's ``put`` was handed, and when: the proof that a body streamed."""

    received: int = 0
    outcomes: list[str] = field(default_factory=list)


@pytest.fixture
def recording(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> Recording:
    seen = Recording()
    put = backend.storage.put

    async def counted(chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
        async for chunk in chunks:
            seen.received += len(chunk)
            yield chunk

    async def recording_put(key: str, chunks: AsyncIterator[bytes], **options: Any) -> StoredObject:
        try:
            stored = await put(key, counted(chunks), **options)
        except BaseException as exc:
            seen.outcomes.append(type(exc).__name__)
            raise
        seen.outcomes.append("stored")
        return stored

    monkeypatch.setattr(backend.storage, "put", recording_put)
    return seen


@pytest.fixture
def app(settings: UploadSettings, backend: Backend, recording: Recording) -> FastAPI:
    return build_app(settings, backend.storage)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with serve_app(app) as running:
        yield running


@pytest.fixture
def user(make_user: Callable[..., TestUser]) -> TestUser:
    return make_user()


def upload_headers(user: TestUser, **extra: str) -> dict[str, str]:
    return {**user.headers, **CONTENT_TYPE, **extra}


@dataclass
class World:
    """One test's app, storage, record of what storage received, database and caller."""

    client: httpx.AsyncClient
    backend: Backend
    recording: Recording
    engine: AsyncEngine
    user: TestUser

    async def nothing_kept(self) -> None:
        assert await self.backend.leftovers(f"{self.user.id}/") == []
        assert await rows_of(self.engine, self.user.id) == []


@pytest.fixture
def world(
    client: httpx.AsyncClient,
    backend: Backend,
    recording: Recording,
    upload_engine: AsyncEngine,
    user: TestUser,
) -> World:
    return World(client, backend, recording, upload_engine, user)


async def test_a_streamed_upload_is_stored_recorded_and_accepted(world: World) -> None:
    pieces = [text_bytes(MIB, seed) for seed in range(10)]  # 10 MiB: a multipart upload on S3
    received_before_last_piece: list[int] = []

    async def file_chunks() -> AsyncIterator[bytes]:
        for index, piece in enumerate(pieces):
            if index == len(pieces) - 1:
                received_before_last_piece.append(world.recording.received)
            yield piece

    body = multipart(file_chunks(), before={"language": "de"}, after={"taken_on": "2026-03-01"})
    response = await world.client.post("/files", content=body, headers=upload_headers(world.user))

    assert response.status_code == 202, response.text
    data = b"".join(pieces)
    answer = response.json()
    assert answer["status"] == "queued"
    assert response.headers["location"] == f"/files/{answer['id']}"
    assert (answer["size"], answer["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())
    assert (answer["content_type"], answer["language"]) == ("text/plain", "de")
    assert re.fullmatch(rf"{world.user.id}/[0-9a-f]{{32}}", answer["storage_key"])
    # Streamed: storage had 9 of the 10 MiB before the world.client sent its last one.
    assert received_before_last_piece == [9 * MIB]
    assert await read_all(world.backend.storage, answer["storage_key"]) == data
    [row] = await rows_of(world.engine, world.user.id)
    assert (row["storage_key"], row["filename"], row["status"]) == (
        answer["storage_key"],
        "notes.txt",
        "queued",
    )


async def test_a_file_over_the_cap_mid_stream_is_413_and_nothing_is_kept(world: World) -> None:
    # A generator body has no Content-Length: the cap can only bite while the bytes stream.
    too_big = (text_bytes(MIB, seed) for seed in range(MAX_FILE_BYTES // MIB + 1))
    response = await world.client.post(
        "/files", content=multipart(too_big), headers=upload_headers(world.user)
    )

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "upload_too_large"
    assert world.recording.outcomes == ["TooLarge"]
    assert world.recording.received > MAX_FILE_BYTES - MIB  # it was refused while streaming
    await world.nothing_kept()


async def test_a_body_announced_over_the_cap_is_413_before_it_is_read(
    client: httpx.AsyncClient, recording: Recording, user: TestUser
) -> None:
    headers = upload_headers(user, **{"Content-Length": str(MAX_FILE_BYTES + 4 * MIB)})

    async def never_sent() -> AsyncIterator[bytes]:
        raise AssertionError("the body was read")
        yield b""

    response = await client.post("/files", content=never_sent(), headers=headers)

    assert (response.status_code, response.json()["code"]) == (413, "upload_too_large")
    assert recording.outcomes == []


async def test_a_file_of_the_wrong_type_is_415_and_nothing_is_kept(world: World) -> None:
    # A zip named and labelled as a PNG: the bytes decide.
    zip_bytes = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 40
    files = {"file": ("holiday.png", zip_bytes, "image/png")}
    response = await world.client.post("/files", files=files, headers=world.user.headers)

    assert response.status_code == 415
    problem = response.json()
    assert (problem["code"], problem["sniffed"]) == ("unsupported_file_type", "application/zip")
    assert problem["accepted"] == ["image/png", "text/plain"]
    assert world.recording.outcomes == []  # refused before storage saw a byte
    await world.nothing_kept()


async def test_a_png_is_sniffed_as_a_png_whatever_it_is_called(
    client: httpx.AsyncClient, user: TestUser
) -> None:
    files = {"file": ("scan.txt", PNG + bytes(200), "text/plain")}
    response = await client.post("/files", files=files, headers=user.headers)
    assert (response.status_code, response.json()["content_type"]) == (202, "image/png")


async def test_an_empty_file_is_422_upload_empty(world: World) -> None:
    files = {"file": ("empty.txt", b"", "text/plain")}
    response = await world.client.post("/files", files=files, headers=world.user.headers)

    assert (response.status_code, response.json()["code"]) == (422, "upload_empty")
    assert world.recording.outcomes == []
    await world.nothing_kept()


async def test_a_body_cut_before_its_closing_boundary_keeps_nothing(world: World) -> None:
    pieces = [text_bytes(MIB, seed) for seed in range(3)]
    body = multipart(pieces, close=False)
    response = await world.client.post("/files", content=body, headers=upload_headers(world.user))

    assert (response.status_code, response.json()["code"]) == (400, "upload_incomplete")
    assert world.recording.outcomes == ["UploadIncomplete"]
    assert world.recording.received == 3 * MIB
    await world.nothing_kept()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_client_that_goes_away_halfway_leaves_no_object(
    settings: UploadSettings, world: World
) -> None:
    """Over a real socket to uvicorn: 10 of 11 MiB sent, the connection closed."""
    backend, user = world.backend, world.user
    port = _free_port()
    config = uvicorn.Config(
        build_app(settings, backend.storage), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    await eventually(lambda: server.started, what="uvicorn started")
    try:
        head = b"".join([chunk async for chunk in multipart([], close=False)])
        declared = len(head) + 11 * MIB + len(f"\r\n--{BOUNDARY}--\r\n")
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        request = (
            f"POST /files HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {declared}\r\n"
            f"Authorization: Bearer {user.token}\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n\r\n"
        )
        writer.write(request.encode() + head)
        for seed in range(10):
            writer.write(text_bytes(MIB, seed))
            await writer.drain()
        # Something of it is stored (a temporary file; on S3 an open multipart upload) ...
        await eventually(lambda: _stored_something(backend, user), what="a partial object")
        writer.close()
        await writer.wait_closed()
        # ... and once the client is gone, nothing is.
        await eventually(
            lambda: world.recording.outcomes == ["UploadIncomplete"], what="put refused"
        )
        await world.nothing_kept()
    finally:
        server.should_exit = True
        await serving


async def _stored_something(backend: Backend, user: TestUser) -> bool:
    return bool(await backend.leftovers(f"{user.id}/"))


async def test_invalid_fields_after_the_file_keep_nothing(world: World) -> None:
    body = multipart([text_bytes(1000)], after={"taken_on": "the day after tomorrow"})
    response = await world.client.post("/files", content=body, headers=upload_headers(world.user))

    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "validation_failed"
    assert [error["loc"] for error in problem["errors"]] == [["body", "taken_on"]]
    assert world.recording.outcomes == ["stored"]  # stored, then removed at once
    await world.nothing_kept()


async def test_a_record_step_that_fails_removes_the_object_at_once(world: World) -> None:
    files = {"file": ("notes.txt", text_bytes(5000), "text/plain")}
    response = await world.client.post(
        "/files", files=files, data={"refuse": "true"}, headers=world.user.headers
    )

    assert (response.status_code, response.json()["code"]) == (409, "uploadtest_refused")
    assert world.recording.outcomes == ["stored"]
    await world.nothing_kept()


@pytest.mark.parametrize(
    ("headers", "body", "status", "code"),
    [
        ({"Content-Type": "application/json"}, b"{}", 415, "multipart_required"),
        ({"Content-Type": "multipart/form-data"}, b"", 415, "multipart_required"),
        (CONTENT_TYPE, b"garbage without a boundary line", 400, "malformed_multipart"),
        (
            CONTENT_TYPE,
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="language"\r\n\r\nde\r\n'
            f"--{BOUNDARY}--\r\n".encode(),
            422,
            "upload_file_missing",
        ),
    ],
)
async def test_bodies_that_are_not_an_upload(
    client: httpx.AsyncClient,
    user: TestUser,
    headers: dict[str, str],
    body: bytes,
    status: int,
    code: str,
) -> None:
    response = await client.post("/files", content=body, headers={**user.headers, **headers})
    assert (response.status_code, response.json()["code"]) == (status, code), response.text


async def test_a_second_file_is_refused_and_nothing_is_kept(world: World) -> None:
    files = [
        ("file", ("a.txt", text_bytes(100), "text/plain")),
        ("file", ("b.txt", text_bytes(100, 1), "text/plain")),
    ]
    response = await world.client.post("/files", files=files, headers=world.user.headers)

    assert (response.status_code, response.json()["code"]) == (422, "upload_unexpected_part")
    await world.nothing_kept()


HOSTILE_NAMES = [
    "../../../etc/passwd",
    "..\\..\\windows\\system32\\evil.txt",
    "/absolute/path/report.txt",
    "evil\x00name\x1b[31m\x07.txt",
    "\u202etxt.exe",  # a right-to-left override hiding the real extension
    "zero\u200bwidth.txt",
    "a" * 1000 + ".txt",
    "é" * 1000 + ".txt",
    "...",
    "",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
async def test_hostile_names_are_kept_only_as_safe_metadata(
    client: httpx.AsyncClient, upload_engine: AsyncEngine, user: TestUser, name: str
) -> None:
    body = multipart([text_bytes(2000)], filename=name.encode())
    response = await client.post("/files", content=body, headers=upload_headers(user))

    assert response.status_code == 202, response.text
    kept = response.json()["filename"]
    assert kept == safe_filename(name)
    assert "/" not in kept and "\\" not in kept and not kept.startswith(".")
    assert not any(unicodedata.category(char) in {"Cc", "Cf"} for char in kept)
    assert 0 < len(kept.encode()) <= 255
    [row] = await rows_of(upload_engine, user.id)
    assert row["filename"] == kept
    assert re.fullmatch(rf"{user.id}/[0-9a-f]{{32}}", row["storage_key"])


async def test_idempotent_retry_replays_the_first_answer_and_stores_nothing_more(
    world: World,
) -> None:
    data = text_bytes(3 * MIB)
    key = {"Idempotency-Key": uuid.uuid4().hex}

    def send(content: bytes, language: str = "en") -> Any:
        # httpx picks a new random boundary each time, as a retrying world.client may.
        files = {"file": ("run.txt", content, "text/plain")}
        data = {"language": language}
        return world.client.post(
            "/files", files=files, data=data, headers={**world.user.headers, **key}
        )

    first = await send(data)
    again = await send(data)
    other_bytes = await send(text_bytes(3 * MIB, seed=9))
    other_field = await send(data, language="fr")

    assert first.status_code == 202 and "idempotent-replayed" not in first.headers
    assert (again.status_code, again.headers["idempotent-replayed"]) == (202, "true")
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert (other_bytes.status_code, other_bytes.json()["code"]) == (422, "idempotency_key_reused")
    assert (other_field.status_code, other_field.json()["code"]) == (422, "idempotency_key_reused")
    assert world.recording.outcomes == ["stored"]  # retries were hashed, never stored
    assert len(await rows_of(world.engine, world.user.id)) == 1
    assert (
        len([k for k in await world.backend.leftovers(f"{world.user.id}/") if "/." not in k]) == 1
    )


async def test_a_retry_while_the_first_upload_streams_is_409(
    client: httpx.AsyncClient, recording: Recording, upload_engine: AsyncEngine, user: TestUser
) -> None:
    gate = asyncio.Event()
    headers = upload_headers(user, **{"Idempotency-Key": uuid.uuid4().hex})

    async def stalled() -> AsyncIterator[bytes]:
        yield text_bytes(MIB)
        await gate.wait()
        yield text_bytes(MIB, 1)

    first = asyncio.create_task(
        client.post("/files", content=multipart(stalled()), headers=headers)
    )
    await eventually(lambda: recording.received > 0, what="the first upload streaming")
    retry = await client.post("/files", content=multipart([text_bytes(10)]), headers=headers)
    gate.set()
    answered = await first

    assert (retry.status_code, retry.json()["code"]) == (409, "idempotency_key_in_flight")
    assert retry.headers["retry-after"] == "1"
    assert answered.status_code == 202
    assert len(await rows_of(upload_engine, user.id)) == 1


async def test_the_sweep_removes_objects_no_row_records(
    client: httpx.AsyncClient, backend: Backend, upload_engine: AsyncEngine, user: TestUser
) -> None:
    files = {"file": ("kept.txt", text_bytes(4000), "text/plain")}
    recorded_key = (await client.post("/files", files=files, headers=user.headers)).json()[
        "storage_key"
    ]
    # What a crash between put and commit leaves: objects no row names.
    orphans = [new_key(user.id) for _ in range(3)]
    for key in orphans:
        await backend.storage.put(key, chunks_of(b"orphan"), max_bytes=100)
    recorded = recorded_in(upload_engine, FILES.c.storage_key)

    patient = await sweep_orphans(
        backend.storage, recorded=recorded, grace_s=3600, prefix=f"{user.id}/"
    )
    swept = await sweep_orphans(backend.storage, recorded=recorded, grace_s=0, prefix=f"{user.id}/")

    assert (patient.deleted, patient.too_recent) == ([], 4)  # within the grace: left alone
    assert (sorted(swept.deleted), swept.examined) == (sorted(orphans), 4)
    assert [await backend.storage.exists(key) for key in orphans] == [False] * 3
    assert await read_all(backend.storage, recorded_key) == text_bytes(4000)


async def test_deleting_a_user_deletes_every_object_of_theirs(
    client: httpx.AsyncClient, backend: Backend, make_user: Callable[..., TestUser]
) -> None:
    leaving, staying = make_user(), make_user()
    for who in (leaving, leaving, staying):
        files = {"file": ("a.txt", text_bytes(100), "text/plain")}
        assert (await client.post("/files", files=files, headers=who.headers)).status_code == 202

    storage: Storage = backend.storage
    assert await storage.delete_all_of(leaving.id) == 2

    assert await backend.leftovers(f"{leaving.id}/") == []
    assert len([item async for item in storage.list_objects(f"{staying.id}/")]) == 1


async def test_the_user_deleted_handler_deletes_every_object_of_the_user(
    settings: UploadSettings, backend: Backend, upload_engine: AsyncEngine
) -> None:
    leaving, staying = uuid.uuid4(), uuid.uuid4()
    for owner in (leaving, leaving, staying):
        await backend.storage.put(new_key(owner), chunks_of(b"bytes"), max_bytes=100)
    context = ServiceContext(settings, [Resource(STORAGE, lambda _: nullcontext(backend.storage))])
    event = UserDeleted(user_id=leaving, deleted_at=datetime.now(UTC))
    envelope = Envelope.wrap(event, source="auth", subject=str(leaving))

    async with context.opened(), AsyncSession(upload_engine) as session:
        for _ in range(2):  # a redelivery finds nothing left
            await delete_files_of_deleted_user(context, session, event, envelope)

    assert await backend.leftovers(f"{leaving}/") == []
    assert len([item async for item in backend.storage.list_objects(f"{staying}/")]) == 1


async def test_the_docs_describe_the_multipart_body(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    body = spec["paths"]["/files"]["post"]["requestBody"]["content"]["multipart/form-data"]
    properties = body["schema"]["properties"]
    assert properties["file"] == {"type": "string", "format": "binary"}
    assert {"language", "taken_on", "refuse"} <= set(properties)
    assert body["schema"]["required"] == ["file"]
