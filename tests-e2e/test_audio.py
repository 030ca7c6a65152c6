"""The audio service through the gateway of the running stack: a recording linked to a track of
the catalog is uploaded, followed on the live WebSocket (queued → processing → succeeded) while
the analysis worker works, and its BPM becomes the track's (source ``analysis``); deleting the
account erases the items and their stored files."""

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

import asyncpg
import httpx

from cadence_shared.media import click_track
from harness import Stack, User, follow_until_done, wait_until

AUDIO = "/api/v1/audio"
STORAGE = "storage/audio"  # under the stack's .run: the local backend's directory


def items_of(stack: Stack, user_id: uuid.UUID) -> int:
    async def count() -> int:
        connection = await asyncpg.connect(stack.database_url)
        try:
            rows: int = await connection.fetchval(
                "SELECT count(*) FROM audio.audio_item WHERE user_id = $1", user_id
            )
            return rows
        finally:
            await connection.close()

    return asyncio.run(count())


def registered_track(api: httpx.Client, user: User) -> dict[str, Any]:
    """A catalog track whose client-claimed BPM (93, low confidence) is wrong."""
    track = {
        "apple_music_id": f"e2e-audio-{uuid.uuid4().hex[:8]}",
        "title": "Clicks",
        "artist": "E2E",
        "duration_ms": 12_000,
        "bpm": 93,
        "bpm_confidence": 0.2,
    }
    registered = api.post("/api/v1/tracks/register", json={"tracks": [track]}, headers=user.headers)
    assert registered.status_code == 200, registered.text
    [stored] = registered.json()["tracks"]
    return dict(stored)


def test_an_analysed_upload_sets_its_tracks_bpm_and_leaves_with_the_account(
    stack: Stack, api: httpx.Client, new_user: Callable[..., User]
) -> None:
    user = new_user()
    track = registered_track(api, user)
    location = ""

    def upload() -> str:
        nonlocal location
        files = {"file": ("clicks.wav", click_track(120), "audio/wav")}
        form = {"apple_music_id": track["apple_music_id"], "tags": "drums,e2e"}
        response = api.post(AUDIO, files=files, data=form, headers=user.headers)
        assert response.status_code == 202, response.text
        assert response.json()["status"] == "queued"
        location = response.headers["Location"]
        return str(response.json()["id"])

    updates = asyncio.run(follow_until_done(stack, user, upload, seconds=150))
    statuses = [update["status"] for update in updates]
    assert statuses[-1] == "succeeded", updates
    assert "processing" in statuses and statuses.index("processing") < len(statuses) - 1
    assert {update["resource"] for update in updates} == {"audio.item"}

    item = api.get(location, headers=user.headers).json()
    assert abs(item["analysis"]["bpm"] - 120) <= 1, item
    by_id = f"/api/v1/tracks/by-apple-id/{track['apple_music_id']}"

    def analysed() -> dict[str, Any] | None:
        now = api.get(by_id, headers=user.headers).json()
        return now if now["bpm_source"] == "analysis" else None

    now = wait_until(analysed, what="the track's BPM taken from the analysis")
    assert abs(now["bpm"] - 120) <= 1

    deleted = api.request(
        "DELETE", "/api/v1/users/me", json={"password": user.password}, headers=user.headers
    )
    assert deleted.status_code == 204, deleted.text
    wait_until(lambda: items_of(stack, user.id) == 0, what="the user's items erased")
    stored = stack.log_file.parents[1] / STORAGE / str(user.id)
    wait_until(
        lambda: not stored.exists() or not any(stored.iterdir()), what="the user's files erased"
    )
