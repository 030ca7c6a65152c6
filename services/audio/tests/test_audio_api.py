"""The audio API against the real Postgres, Redis, RabbitMQ and a real analysis worker: uploads of
each format, analysis values through the API, bad files, isolation, search, similar, Range,
duplicates, deletion and erasure."""

import asyncio
import io
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
import soundfile
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from audio_service.models import events
from cadence_shared.events import UserDeleted
from cadence_shared.testing import TestUser
from cadence_shared.testing.waiting import eventually
from cadence_shared.worker import RunningWorker
from services.audio.tests.test_analysis import A_MINOR, RATE, chords, click_track, sine_at_lufs

AUDIO = "/api/v1/audio"
pytestmark = pytest.mark.usefixtures("worker")


def encoded(audio: np.ndarray, container: str, subtype: str | None = None) -> bytes:
    buffer = io.BytesIO()
    soundfile.write(buffer, audio, RATE, format=container, subtype=subtype)
    return buffer.getvalue()


async def upload(
    client: httpx.AsyncClient,
    user: TestUser,
    data: bytes,
    filename: str = "sample.wav",
    headers: dict[str, str] | None = None,
    **fields: str,
) -> httpx.Response:
    return await client.post(
        AUDIO,
        files={"file": (filename, data, "application/octet-stream")},
        data=fields,
        headers={**user.headers, **(headers or {})},
    )


async def settled(client: httpx.AsyncClient, user: TestUser, item_id: str) -> dict[str, Any]:
    """The item once its analysis ended (succeeded or failed)."""
    found: dict[str, Any] = {}

    async def done() -> bool:
        response = await client.get(f"{AUDIO}/{item_id}", headers=user.headers)
        assert response.status_code == 200, response.text
        found.update(response.json())
        return found["status"] in ("succeeded", "failed")

    await eventually(done, within_s=200, what=f"the analysis of {item_id}")
    return found


async def analysed(
    client: httpx.AsyncClient, user: TestUser, data: bytes, **kw: str
) -> dict[str, Any]:
    response = await upload(client, user, data, kw.pop("filename", "sample.wav"), None, **kw)
    assert response.status_code == 202, response.text
    item = await settled(client, user, response.json()["id"])
    assert item["status"] == "succeeded", item
    return item


FORMATS = [
    ("WAV", "PCM_16", "wav", "audio/wav"),
    ("AIFF", "PCM_16", "aiff", "audio/x-aiff"),
    ("FLAC", "PCM_24", "flac", "audio/flac"),
    ("OGG", "VORBIS", "ogg", "audio/ogg"),
    ("MP3", "MPEG_LAYER_III", "mp3", "audio/mpeg"),  # libsndfile 1.2 writes MP3 (lame)
]


@pytest.mark.parametrize(("container", "subtype", "format_", "content_type"), FORMATS)
async def test_each_format_uploads_and_is_analysed(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    container: str,
    subtype: str,
    format_: str,
    content_type: str,
) -> None:
    user = make_user()
    data = encoded(click_track(100, 6), container, subtype)
    response = await upload(
        client, user, data, f"click.{format_}", tags="drums, Click", title="Click"
    )
    assert response.status_code == 202, response.text
    queued = response.json()
    assert queued["status"] in ("queued", "processing")
    assert response.headers["location"] == f"{AUDIO}/{queued['id']}"
    assert (queued["title"], queued["tags"], queued["content_type"]) == (
        "Click",
        ["drums", "click"],
        content_type,
    )
    assert queued["size"] == len(data)
    item = await settled(client, user, queued["id"])
    assert item["status"] == "succeeded", item
    assert item["file"]["format"] == format_
    assert (item["file"]["sample_rate"], item["file"]["channels"]) == (RATE, 2)
    assert item["analysis"]["bpm"] == pytest.approx(100, abs=1)


async def test_analysis_values_through_the_api(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser]
) -> None:
    user = make_user()
    click = await analysed(client, user, encoded(click_track(120, 12), "WAV"))
    minor = await analysed(client, user, encoded(chords(A_MINOR * 2), "FLAC"), filename="am.flac")
    sine = await analysed(client, user, encoded(sine_at_lufs(-14.0), "WAV", "FLOAT"))
    assert click["analysis"]["bpm"] == pytest.approx(120, abs=1)
    assert click["analysis"]["bpm_confidence"] > 0.5
    assert (minor["analysis"]["key"], minor["analysis"]["mode"]) == ("A minor", "minor")
    assert sine["analysis"]["loudness_lufs"] == pytest.approx(-14.0, abs=0.5)
    assert sine["file"]["bit_depth"] == 32
    waveform = await client.get(f"{AUDIO}/{click['id']}/waveform?points=100", headers=user.headers)
    assert waveform.status_code == 200
    peaks = waveform.json()["peaks"]
    assert waveform.json()["points"] == len(peaks) == 100
    assert max(high for _, high in peaks) == pytest.approx(
        np.abs(click_track(120, 12)).max(), abs=0.02
    )
    assert all(low <= high for low, high in peaks)
    too_many = await client.get(f"{AUDIO}/{click['id']}/waveform?points=4001", headers=user.headers)
    assert too_many.status_code == 422


async def test_bad_files_fail_with_a_reason_and_the_worker_keeps_serving(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser]
) -> None:
    user = make_user()
    flac = bytearray(encoded(click_track(100, 6), "FLAC"))
    flac[200:] = (
        np.random.default_rng(3).integers(0, 256, len(flac) - 200, dtype=np.uint8).tobytes()
    )
    corrupt = await upload(client, user, bytes(flac), "broken.flac")
    silent = await upload(client, user, encoded(np.zeros((RATE * 2, 2)), "WAV"), "silence.wav")
    assert corrupt.status_code == silent.status_code == 202
    failed_corrupt = await settled(client, user, corrupt.json()["id"])
    failed_silent = await settled(client, user, silent.json()["id"])
    assert (failed_corrupt["status"], failed_corrupt["error_code"]) == ("failed", "audio_corrupt")
    assert "cannot be decoded" in failed_corrupt["error"]
    assert (failed_silent["status"], failed_silent["error_code"]) == ("failed", "audio_silent")
    assert failed_silent["analysis"] is None
    # A text file named .wav never gets stored; an empty file neither.
    text_named_wav = await upload(client, user, b"not audio at all " * 600, "notes.wav")
    assert (text_named_wav.status_code, text_named_wav.json()["code"]) == (
        415,
        "unsupported_file_type",
    )
    empty = await upload(client, user, b"", "empty.wav")
    assert (empty.status_code, empty.json()["code"]) == (422, "upload_empty")
    # A FLAC named .mp3 is judged by its bytes.
    named_wrong = await analysed(
        client, user, encoded(click_track(90, 4), "FLAC"), filename="x.mp3"
    )
    assert named_wrong["file"]["format"] == "flac"
    listed = await client.get(AUDIO, headers=user.headers)
    assert listed.json()["total"] == 3


async def test_another_users_ids_are_404_on_every_route(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser]
) -> None:
    owner, intruder = make_user(), make_user()
    item = await analysed(client, owner, encoded(click_track(110, 4), "WAV"))
    base = f"{AUDIO}/{item['id']}"
    for method, path in [
        ("GET", base),
        ("PATCH", base),
        ("DELETE", base),
        ("POST", f"{base}/analyze"),
        ("GET", f"{base}/content"),
        ("GET", f"{base}/waveform"),
        ("GET", f"{base}/similar"),
    ]:
        body = {"title": "mine now"} if method == "PATCH" else None
        response = await client.request(method, path, json=body, headers=intruder.headers)
        assert (response.status_code, response.json()["code"]) == (404, "audio_item_not_found"), (
            path
        )
    assert (await client.get(base, headers=owner.headers)).json()["title"] == item["title"]
    search = await client.get(f"{AUDIO}/search", headers=intruder.headers)
    assert search.json()["total"] == 0


async def test_search_filters_and_similar_ordering(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], engine: AsyncEngine
) -> None:
    user = make_user()
    fast = await analysed(client, user, encoded(click_track(150, 8), "WAV"), tags="drums,fast")
    slow = await analysed(client, user, encoded(click_track(90, 8), "WAV"), tags="drums")
    nearly_fast = await analysed(
        client, user, encoded(click_track(145, 8), "WAV"), title="fast two"
    )
    minor = await analysed(client, user, encoded(chords(A_MINOR * 2), "WAV"), tags="keys")

    async def found(query: str) -> list[str]:
        response = await client.get(f"{AUDIO}/search?{query}&sort=created_at", headers=user.headers)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert await found("bpm_min=140&bpm_max=160") == [fast["id"], nearly_fast["id"]]
    assert await found("tags=drums") == [fast["id"], slow["id"]]
    assert await found("tags=drums,fast") == [fast["id"]]
    assert await found("key=a&mode=minor") == [minor["id"]]
    assert await found("q=fast%20two") == [nearly_fast["id"]]
    # 150 and 90 BPM fill whole bars in 8 s (loops); 145 BPM does not (a one-shot).
    assert await found("kind=loop&max_duration=8.5&min_duration=7.5") == [fast["id"], slow["id"]]
    bad = await client.get(f"{AUDIO}/search?bpm_min=150&bpm_max=100", headers=user.headers)
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid_range")
    similar = await client.get(f"{AUDIO}/{fast['id']}/similar?limit=3", headers=user.headers)
    assert similar.status_code == 200, similar.text
    ranked = similar.json()
    assert ranked[0]["item"]["id"] == nearly_fast["id"]
    assert [entry["distance"] for entry in ranked] == sorted(entry["distance"] for entry in ranked)
    assert fast["id"] not in [entry["item"]["id"] for entry in ranked]
    async with engine.connect() as conn:  # the KNN query is answered by the cube GiST index
        await conn.execute(text("SET LOCAL enable_seqscan = off"))
        plan = await conn.execute(
            text(
                "EXPLAIN SELECT id FROM audio.audio_item WHERE features IS NOT NULL "
                "ORDER BY cube(features) <-> cube(ARRAY[0.5,0,0,0,0.6,0.5,0.5,0.2,0,0,0,0,0,0,0,0,0,0,0,0]::float8[]) LIMIT 3"
            )
        )
        assert "ix_audio_item_features" in " ".join(str(row[0]) for row in plan)


async def test_content_with_ranges_patch_and_reanalyse(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser]
) -> None:
    user = make_user()
    data = encoded(click_track(120, 4), "WAV")
    item = await analysed(client, user, data, filename="beat.wav")
    content = f"{AUDIO}/{item['id']}/content"
    whole = await client.get(content, headers=user.headers)
    assert (whole.status_code, whole.content) == (200, data)
    assert whole.headers["content-type"] == "audio/wav"
    part = await client.get(content, headers={**user.headers, "Range": "bytes=100-199"})
    assert (part.status_code, part.content) == (206, data[100:200])
    assert part.headers["content-range"] == f"bytes 100-199/{len(data)}"
    past = await client.get(content, headers={**user.headers, "Range": f"bytes={len(data)}-"})
    assert (past.status_code, past.headers["content-range"]) == (416, f"bytes */{len(data)}")
    patched = await client.patch(
        f"{AUDIO}/{item['id']}", json={"title": " Beat ", "tags": ["A", "b"]}, headers=user.headers
    )
    assert (patched.json()["title"], patched.json()["tags"]) == ("Beat", ["a", "b"])
    again = await client.post(f"{AUDIO}/{item['id']}/analyze", headers=user.headers)
    assert again.status_code == 202, again.text
    busy = await client.post(f"{AUDIO}/{item['id']}/analyze", headers=user.headers)
    assert busy.status_code in (202, 409)  # 409 while the first re-run is still queued/running
    redone = await settled(client, user, item["id"])
    assert redone["analysis"]["bpm"] == item["analysis"]["bpm"]
    assert redone["analysed_at"] > item["analysed_at"]


async def test_the_same_bytes_twice_give_the_existing_item(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], storage_dir: Path
) -> None:
    user, other = make_user(), make_user()
    data = encoded(click_track(130, 4), "WAV")
    first, second, third = await asyncio.gather(
        *(upload(client, user, data, f"take{n}.wav") for n in range(3))
    )
    ids = {response.json()["id"] for response in (first, second, third)}
    assert len(ids) == 1, "concurrent duplicates made one item"
    theirs = await upload(client, other, data)
    assert theirs.json()["id"] not in ids
    assert (
        len([p for p in (storage_dir / str(user.id)).iterdir() if not p.name.startswith(".")]) == 1
    )
    key = {"Idempotency-Key": str(uuid.uuid4())}
    fresh = encoded(click_track(131, 4), "WAV")
    once = await upload(client, user, fresh, headers=key)
    replay = await upload(client, user, fresh, headers=key)
    assert replay.headers.get("idempotent-replayed") == "true"
    assert replay.json()["id"] == once.json()["id"]


async def test_delete_removes_the_item_its_job_and_its_file(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], storage_dir: Path
) -> None:
    user = make_user()
    response = await upload(client, user, encoded(click_track(100, 4), "WAV"))
    item_id = response.json()["id"]
    deleted = await client.delete(f"{AUDIO}/{item_id}", headers=user.headers)
    assert deleted.status_code == 204
    assert (await client.get(f"{AUDIO}/{item_id}", headers=user.headers)).status_code == 404
    assert list((storage_dir / str(user.id)).iterdir()) == []


async def test_erasure_on_user_deleted(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    sessions: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
    storage_dir: Path,
    worker: RunningWorker,
) -> None:
    leaving, staying = make_user(), make_user()
    await analysed(client, leaving, encoded(click_track(100, 4), "WAV"))
    kept = await analysed(client, staying, encoded(click_track(101, 4), "WAV"))
    async with sessions() as session:
        await events.publish(session, UserDeleted(user_id=leaving.id, deleted_at=datetime.now(UTC)))
        await session.commit()

    async def erased() -> bool:
        async with engine.connect() as conn:
            rows = await conn.scalar(
                text(
                    "SELECT (SELECT count(*) FROM audio.audio_item WHERE user_id = :u)"
                    " + (SELECT count(*) FROM audio.job WHERE user_id = :u)"
                ),
                {"u": leaving.id},
            )
        folder = storage_dir / str(leaving.id)
        return rows == 0 and (not folder.exists() or not any(folder.iterdir()))

    await eventually(erased, within_s=20, what="the leaving user's items, jobs and files erased")
    assert (await client.get(f"{AUDIO}/{kept['id']}", headers=staying.headers)).status_code == 200
