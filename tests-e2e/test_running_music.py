"""Tracks and runs through the gateway: a run's plays reach the listening stats by event, and a
deleted account's runs and playlists are erased in both services' databases."""

import subprocess
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from harness import Stack, User

START = datetime(2026, 5, 4, 7, 0, tzinfo=UTC)


def at(minutes: float) -> str:
    return (START + timedelta(minutes=minutes)).isoformat()


def wait_until(check: Callable[[], Any], *, seconds: float = 20, what: str) -> Any:
    """Polls ``check`` until it returns something truthy; fails after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        assert time.monotonic() < deadline, f"not within {seconds} s: {what}"
        time.sleep(0.2)


def count_rows(stack: Stack, sql: str) -> int:
    output = subprocess.run(
        ["psql", stack.database_url, "-tAc", sql], capture_output=True, text=True, check=True
    ).stdout
    return int(output.strip())


def register_two_tracks(api: httpx.Client, user: User) -> tuple[dict[str, Any], dict[str, Any]]:
    """One track at the cadence (170 BPM) and one at half of it (86 BPM)."""
    tag = uuid.uuid4().hex[:8]
    registered = api.post(
        "/api/v1/tracks/register",
        json={
            "tracks": [
                {
                    "apple_music_id": f"e2e-{tag}-{n}",
                    "title": f"Song {n}",
                    "artist": "E2E",
                    "duration_ms": 200_000,
                    "bpm": bpm,
                    "bpm_confidence": 0.8,
                }
                for n, bpm in enumerate((170, 86))
            ]
        },
        headers=user.headers,
    )
    assert registered.status_code == 200, registered.text
    fast, half_time = registered.json()["tracks"]
    return fast, half_time


def assert_a_playlist_matches_both(
    api: httpx.Client, user: User, fast: dict[str, Any], half_time: dict[str, Any]
) -> None:
    playlist = api.post("/api/v1/playlists", json={"name": "Tempo"}, headers=user.headers).json()
    for track in (fast, half_time):
        added = api.post(
            f"/api/v1/playlists/{playlist['id']}/tracks",
            json={"track_id": track["id"]},
            headers=user.headers,
        )
        assert added.status_code == 201, added.text
    matched = api.get(
        "/api/v1/tracks/match",
        params={"cadence": 170, "tolerance": 2, "playlist_id": playlist["id"]},
        headers=user.headers,
    ).json()
    assert [(m["track"]["id"], m["factor"]) for m in matched["items"]] == [
        (fast["id"], 1.0),
        (half_time["id"], 2.0),
    ]


def run_playing(fast: dict[str, Any], half_time: dict[str, Any]) -> dict[str, Any]:
    """A 30-minute run whose first two segments play the two tracks (one by Apple Music id)."""
    return {
        "id": str(uuid.uuid4()),
        "started_at": at(0),
        "ended_at": at(30),
        "distance_m": 5200,
        "avg_hr": 152,
        "max_hr": 174,
        "avg_cadence": 171,
        "calories": 360,
        "segments": [
            {
                "apple_music_id": fast["apple_music_id"],
                "started_at": at(0),
                "ended_at": at(4),
                "avg_hr": 148,
                "avg_cadence": 172,
            },
            {
                "track_id": half_time["id"],
                "started_at": at(4),
                "ended_at": at(8),
                "avg_hr": 155,
                "avg_cadence": 168,
            },
        ],
    }


def assert_upload_is_idempotent(api: httpx.Client, user: User, run: dict[str, Any]) -> None:
    headers = {**user.headers, "Idempotency-Key": run["id"]}
    uploaded = api.post("/api/v1/runs", json=run, headers=headers)
    replayed = api.post("/api/v1/runs", json=run, headers=headers)
    assert uploaded.status_code == 201, uploaded.text
    assert replayed.status_code == 201
    assert replayed.headers["idempotent-replayed"] == "true"
    assert replayed.json() == uploaded.json()


def assert_plays_reach_the_stats(
    api: httpx.Client, user: User, fast: dict[str, Any], half_time: dict[str, Any]
) -> None:
    def stats() -> dict[str, dict[str, Any]] | None:
        items = api.get("/api/v1/tracks/stats/me", headers=user.headers).json()["items"]
        by_track = {item["track"]["id"]: item for item in items}
        return by_track if len(by_track) == 2 else None

    by_track = wait_until(stats, what="the run's plays in /tracks/stats/me")
    assert (by_track[fast["id"]]["plays"], by_track[fast["id"]]["avg_cadence"]) == (1, 172)
    assert (by_track[half_time["id"]]["plays"], by_track[half_time["id"]]["avg_hr"]) == (1, 155)


def assert_deletion_erases_the_users_data(
    stack: Stack, api: httpx.Client, user: User, fast: dict[str, Any]
) -> None:
    deleted = api.request(
        "DELETE", "/api/v1/users/me", json={"password": user.password}, headers=user.headers
    )
    assert deleted.status_code == 204, deleted.text

    user_rows = (
        f"SELECT (SELECT count(*) FROM runs.run WHERE user_id = '{user.id}')"
        f" + (SELECT count(*) FROM tracks.playlist WHERE user_id = '{user.id}')"
        f" + (SELECT count(*) FROM tracks.track_play WHERE user_id = '{user.id}')"
    )
    wait_until(lambda: count_rows(stack, user_rows) == 0, what="the user's data erased")
    # The catalog is shared by every user: the tracks stay.
    assert count_rows(stack, f"SELECT count(*) FROM tracks.track WHERE id = '{fast['id']}'") == 1


def test_a_run_feeds_the_listening_stats_and_deletion_erases_it(
    stack: Stack, api: httpx.Client, new_user: Callable[..., User]
) -> None:
    user = new_user()
    fast, half_time = register_two_tracks(api, user)
    assert_a_playlist_matches_both(api, user, fast, half_time)
    assert_upload_is_idempotent(api, user, run_playing(fast, half_time))
    assert_plays_reach_the_stats(api, user, fast, half_time)
    assert_deletion_erases_the_users_data(stack, api, user, fast)
