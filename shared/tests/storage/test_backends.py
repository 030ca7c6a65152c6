"""One suite, run against both backends: a local directory and an S3 bucket on moto's server."""

import asyncio
import hashlib
import tracemalloc
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from cadence_shared.storage import (
    LocalStorage,
    ObjectNotFound,
    S3Storage,
    StoredObject,
    TooLarge,
    new_key,
)
from cadence_shared.testing.waiting import eventually
from shared.tests.storage.conftest import Backend, chunks_of, read_all

MIB = 1024 * 1024


def pattern(size: int, seed: int = 0) -> bytes:
    """``size`` bytes in which every offset differs from its neighbours (ranges are checkable)."""
    block = bytes((seed + index * 7) % 251 for index in range(251))
    return (block * (size // len(block) + 1))[:size]


async def generated(total: int, chunk: int = 256 * 1024) -> AsyncIterator[bytes]:
    """``total`` bytes made chunk by chunk, so the test itself never holds the body."""
    block = pattern(chunk, seed=3)
    sent = 0
    while sent < total:
        piece = block[: min(chunk, total - sent)]
        sent += len(piece)
        yield piece


async def test_round_trip_keeps_bytes_size_sha256_and_type(
    backend: Backend, owner: uuid.UUID
) -> None:
    data = pattern(300_000)
    key = new_key(owner)

    stored = await backend.storage.put(
        key, chunks_of(data), max_bytes=len(data), content_type="image/png"
    )

    expected = StoredObject(key, len(data), hashlib.sha256(data).hexdigest(), "image/png")
    assert stored == expected
    assert await backend.storage.stat(key) == expected
    assert await backend.storage.exists(key)
    assert await read_all(backend.storage, key) == data


async def test_empty_body_round_trips(backend: Backend, owner: uuid.UUID) -> None:
    key = new_key(owner)
    stored = await backend.storage.put(key, chunks_of(b""), max_bytes=10)
    assert (stored.size, stored.sha256) == (0, hashlib.sha256(b"").hexdigest())
    assert await read_all(backend.storage, key) == b""


async def test_a_50_mib_body_streams_through_without_being_held(
    backend: Backend, owner: uuid.UUID
) -> None:
    total = 50 * MIB
    expected = hashlib.sha256()
    async for piece in generated(total):
        expected.update(piece)
    key = new_key(owner)

    tracemalloc.start()
    try:
        stored = await backend.storage.put(key, generated(total), max_bytes=total)
        read_back = hashlib.sha256()
        read_size = 0
        async for chunk in backend.storage.open(key):
            read_back.update(chunk)
            read_size += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert (stored.size, stored.sha256) == (total, expected.hexdigest())
    assert (read_size, read_back.hexdigest()) == (total, expected.hexdigest())
    # S3 holds one 8 MiB part and the HTTP layer's copy of it at a time; local storage a chunk.
    assert peak < total * 0.4, f"peak traced memory {peak / MIB:.1f} MiB for a 50 MiB body"


@pytest.mark.parametrize(
    ("cap", "sent"),
    [(12 * MIB, 20 * MIB), (100_000, 300_000)],
    ids=["past-a-multipart-part", "within-the-first-part"],
)
async def test_size_cap_mid_stream_leaves_nothing(
    backend: Backend, owner: uuid.UUID, cap: int, sent: int
) -> None:
    key = new_key(owner)
    with pytest.raises(TooLarge) as refused:
        await backend.storage.put(key, generated(sent), max_bytes=cap)

    assert refused.value.max_bytes == cap
    assert refused.value.code == "upload_too_large"
    assert await backend.storage.stat(key) is None
    assert not await backend.storage.exists(key)
    # No object, no temporary file, no multipart upload left open.
    assert await backend.leftovers(f"{owner}/") == []


async def test_a_body_of_exactly_the_cap_is_taken(backend: Backend, owner: uuid.UUID) -> None:
    data = pattern(4096)
    stored = await backend.storage.put(new_key(owner), chunks_of(data, 1000), max_bytes=4096)
    assert stored.size == 4096


async def test_a_failing_upload_stream_leaves_nothing(backend: Backend, owner: uuid.UUID) -> None:
    async def broken() -> AsyncIterator[bytes]:
        async for piece in generated(10 * MIB):
            yield piece
        raise ConnectionResetError("client went away")

    key = new_key(owner)
    with pytest.raises(ConnectionResetError):
        await backend.storage.put(key, broken(), max_bytes=100 * MIB)
    assert await backend.leftovers(f"{owner}/") == []


async def test_a_cancelled_upload_leaves_nothing(backend: Backend, owner: uuid.UUID) -> None:
    halfway = asyncio.Event()

    async def stalls_halfway() -> AsyncIterator[bytes]:
        async for piece in generated(10 * MIB):  # past the first multipart part on S3
            yield piece
        halfway.set()
        await asyncio.Event().wait()  # a client that stops sending

    upload = asyncio.create_task(
        backend.storage.put(new_key(owner), stalls_halfway(), max_bytes=100 * MIB)
    )
    await asyncio.wait_for(halfway.wait(), timeout=30)
    upload.cancel()
    with pytest.raises(asyncio.CancelledError):
        await upload

    async def nothing_left() -> bool:  # the clean-up is shielded: it may finish just after
        return await backend.leftovers(f"{owner}/") == []

    await eventually(nothing_left, within_s=10, what="the cancelled upload's clean-up")


async def test_put_replaces_an_object(backend: Backend, owner: uuid.UUID) -> None:
    key = new_key(owner)
    await backend.storage.put(key, chunks_of(b"first"), max_bytes=100)
    await backend.storage.put(key, chunks_of(b"second!"), max_bytes=100)
    assert await read_all(backend.storage, key) == b"second!"
    stat = await backend.storage.stat(key)
    assert stat is not None
    assert stat.size == 7


BODY = pattern(1000)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, 1, BODY[:1]),
        (0, 10, BODY[:10]),
        (500, 600, BODY[500:600]),
        (999, 1000, BODY[999:]),
        (990, None, BODY[990:]),
        (None, 5, BODY[:5]),
        (995, 5000, BODY[995:]),
        (1000, None, b""),
        (2000, 3000, b""),
        (10, 10, b""),
    ],
)
async def test_range_reads(
    backend: Backend, owner: uuid.UUID, start: int | None, end: int | None, expected: bytes
) -> None:
    key = new_key(owner)
    await backend.storage.put(key, chunks_of(BODY, 100), max_bytes=len(BODY))
    assert await read_all(backend.storage, key, start=start, end=end) == expected


async def test_delete(backend: Backend, owner: uuid.UUID) -> None:
    key = new_key(owner)
    await backend.storage.put(key, chunks_of(b"bytes"), max_bytes=100)

    assert await backend.storage.delete(key) is True
    assert await backend.storage.stat(key) is None
    assert await backend.storage.delete(key) is False
    with pytest.raises(ObjectNotFound):
        await read_all(backend.storage, key)
    assert await backend.leftovers(f"{owner}/") == []


async def test_reading_a_missing_object_is_object_not_found(
    backend: Backend, owner: uuid.UUID
) -> None:
    with pytest.raises(ObjectNotFound) as missing:
        await read_all(backend.storage, new_key(owner))
    assert missing.value.code == "object_not_found"


async def test_delete_prefix_removes_one_owner_only(backend: Backend) -> None:
    leaving, staying = uuid.uuid4(), uuid.uuid4()
    leaving_keys = [new_key(leaving) for _ in range(3)]
    staying_keys = [new_key(staying) for _ in range(2)]
    for key in leaving_keys + staying_keys:
        await backend.storage.put(key, chunks_of(key.encode()), max_bytes=1000)

    assert await backend.storage.delete_prefix(f"{leaving}/") == 3

    assert [await backend.storage.exists(key) for key in leaving_keys] == [False] * 3
    assert await backend.leftovers(f"{leaving}/") == []
    for key in staying_keys:
        assert await read_all(backend.storage, key) == key.encode()
    assert await backend.storage.delete_prefix(f"{leaving}/") == 0


async def test_delete_all_of_removes_every_object_of_one_user(backend: Backend) -> None:
    leaving, staying = uuid.uuid4(), uuid.uuid4()
    leaving_keys = [new_key(leaving) for _ in range(4)]
    staying_key = new_key(staying)
    for key in [*leaving_keys, staying_key]:
        await backend.storage.put(key, chunks_of(key.encode()), max_bytes=1000)
    # An upload of the leaving user still streaming when the deletion comes.
    gate = asyncio.Event()

    async def stalled() -> AsyncIterator[bytes]:
        yield pattern(9 * MIB)  # past S3's first part (8 MiB): a multipart upload is open
        await gate.wait()
        yield b"never"

    pending = asyncio.create_task(
        backend.storage.put(new_key(leaving), stalled(), max_bytes=20 * MIB)
    )
    await eventually(
        lambda: _has_leftovers(backend, f"{leaving}/", beyond=4), what="the stalled upload"
    )

    assert await backend.storage.delete_all_of(leaving) == 4

    assert await backend.leftovers(f"{leaving}/") == []
    assert await read_all(backend.storage, staying_key) == staying_key.encode()
    assert await backend.storage.delete_all_of(leaving) == 0
    pending.cancel()
    with pytest.raises((asyncio.CancelledError, Exception)):
        await pending
    assert await backend.leftovers(f"{leaving}/") == []


async def _has_leftovers(backend: Backend, prefix: str, *, beyond: int) -> bool:
    found = await backend.leftovers(prefix)
    # Local storage keeps a metadata file beside each object; S3 lists the open upload.
    return len(found) > beyond * (2 if backend.name == "local" else 1)


async def test_list_objects_lists_complete_objects_with_their_age(backend: Backend) -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    keys = sorted([new_key(first), new_key(first), new_key(second)])
    before = datetime.now(UTC).replace(microsecond=0)
    for key in keys:
        await backend.storage.put(key, chunks_of(b"x" * 10), max_bytes=100)

    listed = [item async for item in backend.storage.list_objects(f"{first}/")]
    everything = [item.key async for item in backend.storage.list_objects()]

    assert sorted(item.key for item in listed) == sorted(
        k for k in keys if k.startswith(str(first))
    )
    assert {item.size for item in listed} == {10}
    assert all(before <= item.modified_at <= datetime.now(UTC) for item in listed)
    assert set(keys) <= set(everything)
    assert not any(key.rsplit("/", 1)[-1].startswith(".") for key in everything)


async def test_remove_incomplete_clears_what_a_crashed_put_left(
    backend: Backend, owner: uuid.UUID
) -> None:
    key = new_key(owner)
    await _leave_an_unfinished_upload(backend, key)
    assert await backend.leftovers(f"{owner}/") != []

    if backend.name == "local":
        # moto reports every multipart upload as initiated on 2010-11-10, so the age check is
        # only observable on the local backend (on S3 it compares the server's Initiated).
        assert await backend.storage.remove_incomplete(older_than_s=3600) == 0
    assert await backend.storage.remove_incomplete(older_than_s=0) == 1

    assert await backend.leftovers(f"{owner}/") == []


async def _leave_an_unfinished_upload(backend: Backend, key: str) -> None:
    """What a process killed inside ``put`` leaves: its temporary file, or its open upload."""
    storage = backend.storage
    if isinstance(storage, LocalStorage):
        path = storage.root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp").write_bytes(b"half")
        return
    assert isinstance(storage, S3Storage)
    client = await storage._client()
    created = await client.create_multipart_upload(Bucket=storage.bucket, Key=key)
    await client.upload_part(
        Bucket=storage.bucket, Key=key, UploadId=created["UploadId"], PartNumber=1, Body=b"half"
    )


async def test_download_url_downloads_the_object_as_its_filename(
    backend: Backend, owner: uuid.UUID
) -> None:
    data = pattern(70_000)
    key = new_key(owner)
    await backend.storage.put(
        key, chunks_of(data), max_bytes=len(data), content_type="application/pdf"
    )

    url = await backend.storage.download_url(key, expires_s=300, filename="Résumé final.pdf")
    response = await backend.fetch(url)

    assert response.status_code == 200
    assert response.content == data
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''R%C3%A9sum%C3%A9%20final.pdf" in disposition


async def test_download_url_expires(backend: Backend, owner: uuid.UUID) -> None:
    key = new_key(owner)
    await backend.storage.put(key, chunks_of(b"short-lived"), max_bytes=100)
    url = await backend.storage.download_url(key, expires_s=1, filename="a.txt")
    if backend.name == "s3":
        # moto checks no query-string signature (nor its expiry); S3 does. What is checkable here:
        # the URL is signed for exactly the asked lifetime, from now.
        query = parse_qs(urlsplit(url).query)
        signed_at = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        assert query["X-Amz-Expires"] == ["1"]
        assert abs((datetime.now(UTC) - signed_at).total_seconds()) < 60
        assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
        return

    async def refused() -> bool:
        response = await backend.fetch(url)
        assert response.status_code in {200, 403}, response.text
        return response.status_code == 403

    await eventually(refused, within_s=10, every_s=0.25, what="the download link expiring")
