"""What only the local backend has: a directory that keys must not escape, and its own signed
download links."""

import os
import uuid
from pathlib import Path

import httpx
import pytest

from cadence_shared.storage import (
    DownloadLinkInvalid,
    InvalidKey,
    LocalStorage,
    ObjectNotFound,
    new_key,
    signed_download_url,
    verify_download,
)
from shared.tests.storage.conftest import SIGNING_SECRET, chunks_of, download_app, read_all

HOSTILE_KEYS = [
    "",
    "../outside",
    "owner/../../outside",
    "/etc/passwd",
    "owner//double",
    "owner/./here",
    "owner\\..\\outside",
    ".hidden/object",
    "owner/.object.meta",
    "owner/nul\x00byte",
    "owner/new\nline",
    "owner/",
    "owner/" + "x" * 600,
]


@pytest.fixture
def local(tmp_path: Path) -> LocalStorage:
    return LocalStorage(
        tmp_path / "objects", signing_secret=SIGNING_SECRET, download_base_url="/download"
    )


@pytest.mark.parametrize("key", HOSTILE_KEYS)
async def test_hostile_keys_are_refused_everywhere(local: LocalStorage, key: str) -> None:
    with pytest.raises(InvalidKey) as refused:
        await local.put(key, chunks_of(b"x"), max_bytes=10)
    assert refused.value.code == "invalid_storage_key"
    for attempt in (local.stat(key), local.exists(key), local.delete(key), read_all(local, key)):
        with pytest.raises(InvalidKey):
            await attempt
    with pytest.raises(InvalidKey):
        await local.download_url(key, expires_s=60, filename="a")
    assert not any(local.root.parent.rglob("outside"))


@pytest.mark.parametrize("prefix", ["", "/", "../", "owner/../", ".", "./"])
async def test_hostile_prefixes_are_refused(local: LocalStorage, prefix: str) -> None:
    await local.put(new_key(uuid.uuid4()), chunks_of(b"kept"), max_bytes=10)
    with pytest.raises(InvalidKey):
        await local.delete_prefix(prefix)
    assert len([path for path in local.root.rglob("*") if path.is_file()]) == 2  # object + meta


async def test_a_symlink_out_of_the_root_is_not_followed(
    local: LocalStorage, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_bytes(b"not yours")
    owner = uuid.uuid4()
    os.symlink(outside, local.root / str(owner))

    key = f"{owner}/secret"
    with pytest.raises(InvalidKey):
        await read_all(local, key)
    with pytest.raises(InvalidKey):
        await local.put(f"{owner}/planted", chunks_of(b"x"), max_bytes=10)
    assert sorted(path.name for path in outside.iterdir()) == ["secret"]


async def test_objects_are_written_whole_with_no_temporary_left(local: LocalStorage) -> None:
    owner = uuid.uuid4()
    key = new_key(owner)
    await local.put(key, chunks_of(b"a" * 100_000, 1000), max_bytes=100_000)
    names = sorted(path.name for path in (local.root / str(owner)).iterdir())
    opaque = key.split("/")[1]
    assert names == [f".{opaque}.meta", opaque]
    assert (local.root / key).stat().st_mode & 0o777 == 0o640


def test_signed_link_round_trip_and_refusals() -> None:
    key = new_key(uuid.uuid4())
    url = signed_download_url(
        "/download", key, filename="report.pdf", expires_s=60, secret=SIGNING_SECRET
    )
    query = dict(httpx.URL(url).params)
    grant = verify_download(query, secret=SIGNING_SECRET)
    assert (grant.key, grant.filename) == (key, "report.pdf")

    tampered = [
        {**query, "filename": "other.exe"},
        {**query, "expires": str(int(query["expires"]) + 3600)},
        {**query, "key": new_key(uuid.uuid4())},
        {**query, "signature": "0" * 64},
        {**query, "signature": "é"},
        {key: value for key, value in query.items() if key != "signature"},
        {**query, "expires": "soon"},
    ]
    for changed in tampered:
        with pytest.raises(DownloadLinkInvalid):
            verify_download(changed, secret=SIGNING_SECRET)
    with pytest.raises(DownloadLinkInvalid, match="bad signature"):
        verify_download(query, secret=b"another secret")
    with pytest.raises(DownloadLinkInvalid, match="expired"):
        verify_download(query, secret=SIGNING_SECRET, now=grant.expires_at)


async def test_a_tampered_link_is_refused_over_http(local: LocalStorage) -> None:
    owner, other = uuid.uuid4(), uuid.uuid4()
    mine, theirs = new_key(owner), new_key(other)
    for key in (mine, theirs):
        await local.put(key, chunks_of(key.encode()), max_bytes=100)
    url = await local.download_url(mine, expires_s=300, filename="a.txt")
    forged = url.replace(str(owner), str(other)).replace(mine.split("/")[1], theirs.split("/")[1])
    assert forged != url

    transport = httpx.ASGITransport(app=download_app(local))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        refused = await client.get(forged)
        allowed = await client.get(url)

    assert refused.status_code == 403
    assert refused.json() == {"code": "download_link_invalid"}
    assert (allowed.status_code, allowed.content) == (200, mine.encode())


async def test_a_folder_is_not_an_object(local: LocalStorage) -> None:
    owner = uuid.uuid4()
    key = new_key(owner)
    await local.put(key, chunks_of(b"inside"), max_bytes=10)
    for not_an_object in (str(owner), f"{key}/below"):
        assert await local.stat(not_an_object) is None
        assert not await local.exists(not_an_object)
        assert await local.delete(not_an_object) is False
        with pytest.raises(ObjectNotFound):
            await read_all(local, not_an_object)
    assert await read_all(local, key) == b"inside"
