"""Playlists: CRUD, dense 0-based positions through add/move/remove, isolation between users."""

import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cadence_shared.testing import TestUser

Payload = Callable[..., dict[str, Any]]


@pytest.fixture
async def owner_with_tracks(
    make_user: Callable[..., TestUser], track_payload: Payload, register_tracks: Any
) -> tuple[TestUser, list[dict[str, Any]]]:
    user = make_user()
    tracks = await register_tracks(user.headers, *(track_payload(title=n) for n in "ABCDE"))
    return user, tracks


async def new_playlist(client: httpx.AsyncClient, user: TestUser, name: str = "Run") -> str:
    response = await client.post("/api/v1/playlists", json={"name": name}, headers=user.headers)
    assert response.status_code == 201, response.text
    playlist_id: str = response.json()["id"]
    return playlist_id


def order(playlist: dict[str, Any]) -> str:
    assert [entry["position"] for entry in playlist["tracks"]] == list(
        range(len(playlist["tracks"]))
    )
    return "".join(entry["track"]["title"] for entry in playlist["tracks"])


async def test_add_appends_or_inserts_and_positions_stay_dense(
    client: httpx.AsyncClient, owner_with_tracks: tuple[TestUser, list[dict[str, Any]]]
) -> None:
    user, (a, b, c, d, _) = owner_with_tracks
    playlist_id = await new_playlist(client, user)
    url = f"/api/v1/playlists/{playlist_id}/tracks"

    for track in (a, b, c):
        await client.post(url, json={"track_id": track["id"]}, headers=user.headers)
    inserted = await client.post(
        url, json={"track_id": d["id"], "position": 1}, headers=user.headers
    )

    assert inserted.status_code == 201
    assert order(inserted.json()) == "ADBC"
    assert inserted.json()["track_count"] == 4


async def test_a_track_is_at_most_once_in_a_playlist(
    client: httpx.AsyncClient, owner_with_tracks: tuple[TestUser, list[dict[str, Any]]]
) -> None:
    user, (a, *_) = owner_with_tracks
    playlist_id = await new_playlist(client, user)
    url = f"/api/v1/playlists/{playlist_id}/tracks"

    await client.post(url, json={"track_id": a["id"]}, headers=user.headers)
    again = await client.post(url, json={"track_id": a["id"]}, headers=user.headers)

    assert again.status_code == 409
    detail = await client.get(f"/api/v1/playlists/{playlist_id}", headers=user.headers)
    assert order(detail.json()) == "A"


async def test_add_rejects_unknown_tracks_and_positions_past_the_end(
    client: httpx.AsyncClient, owner_with_tracks: tuple[TestUser, list[dict[str, Any]]]
) -> None:
    user, (a, b, *_) = owner_with_tracks
    playlist_id = await new_playlist(client, user)
    url = f"/api/v1/playlists/{playlist_id}/tracks"
    await client.post(url, json={"track_id": a["id"]}, headers=user.headers)

    unknown = await client.post(url, json={"track_id": str(uuid.uuid4())}, headers=user.headers)
    too_far = await client.post(
        url, json={"track_id": b["id"], "position": 2}, headers=user.headers
    )
    negative = await client.post(
        url, json={"track_id": b["id"], "position": -1}, headers=user.headers
    )

    assert (unknown.status_code, too_far.status_code, negative.status_code) == (404, 422, 422)
    detail = await client.get(f"/api/v1/playlists/{playlist_id}", headers=user.headers)
    assert order(detail.json()) == "A"


@pytest.mark.parametrize(
    ("title", "position", "expected"),
    [
        ("A", 4, "BCDEA"),
        ("E", 0, "EABCD"),
        ("B", 3, "ACDBE"),
        ("D", 1, "ADBCE"),
        ("C", 2, "ABCDE"),
    ],
)
async def test_move_reorders_densely(
    client: httpx.AsyncClient,
    owner_with_tracks: tuple[TestUser, list[dict[str, Any]]],
    title: str,
    position: int,
    expected: str,
) -> None:
    user, tracks = owner_with_tracks
    playlist_id = await new_playlist(client, user)
    for track in tracks:
        await client.post(
            f"/api/v1/playlists/{playlist_id}/tracks",
            json={"track_id": track["id"]},
            headers=user.headers,
        )
    moving = next(track for track in tracks if track["title"] == title)

    moved = await client.patch(
        f"/api/v1/playlists/{playlist_id}/tracks/{moving['id']}",
        json={"position": position},
        headers=user.headers,
    )

    assert moved.status_code == 200, moved.text
    assert order(moved.json()) == expected
    again = await client.get(f"/api/v1/playlists/{playlist_id}", headers=user.headers)
    assert order(again.json()) == expected


async def test_move_out_of_range_is_422_and_changes_nothing(
    client: httpx.AsyncClient, owner_with_tracks: tuple[TestUser, list[dict[str, Any]]]
) -> None:
    user, (a, b, *_) = owner_with_tracks
    playlist_id = await new_playlist(client, user)
    for track in (a, b):
        await client.post(
            f"/api/v1/playlists/{playlist_id}/tracks",
            json={"track_id": track["id"]},
            headers=user.headers,
        )

    response = await client.patch(
        f"/api/v1/playlists/{playlist_id}/tracks/{a['id']}",
        json={"position": 2},
        headers=user.headers,
    )

    assert response.status_code == 422
    detail = await client.get(f"/api/v1/playlists/{playlist_id}", headers=user.headers)
    assert order(detail.json()) == "AB"


async def test_remove_closes_the_gap(
    client: httpx.AsyncClient, owner_with_tracks: tuple[TestUser, list[dict[str, Any]]]
) -> None:
    user, tracks = owner_with_tracks
    playlist_id = await new_playlist(client, user)
    for track in tracks:
        await client.post(
            f"/api/v1/playlists/{playlist_id}/tracks",
            json={"track_id": track["id"]},
            headers=user.headers,
        )

    removed = await client.delete(
        f"/api/v1/playlists/{playlist_id}/tracks/{tracks[1]['id']}", headers=user.headers
    )
    missing = await client.delete(
        f"/api/v1/playlists/{playlist_id}/tracks/{tracks[1]['id']}", headers=user.headers
    )

    assert removed.status_code == 200
    assert order(removed.json()) == "ACDE"
    assert missing.status_code == 404


async def test_create_rename_list_delete(
    client: httpx.AsyncClient, owner_with_tracks: tuple[TestUser, list[dict[str, Any]]]
) -> None:
    user, (a, *_) = owner_with_tracks
    first = await new_playlist(client, user, "Morning")
    second = await new_playlist(client, user, "Evening")
    await client.post(
        f"/api/v1/playlists/{first}/tracks", json={"track_id": a["id"]}, headers=user.headers
    )

    renamed = await client.patch(
        f"/api/v1/playlists/{first}", json={"name": "  Sunrise  "}, headers=user.headers
    )
    listed = await client.get("/api/v1/playlists", headers=user.headers)
    deleted = await client.delete(f"/api/v1/playlists/{second}", headers=user.headers)
    gone = await client.get(f"/api/v1/playlists/{second}", headers=user.headers)
    empty_name = await client.post("/api/v1/playlists", json={"name": " "}, headers=user.headers)

    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Sunrise"
    assert [(p["name"], p["track_count"]) for p in listed.json()["items"]] == [
        ("Sunrise", 1),
        ("Evening", 0),
    ]
    assert deleted.status_code == 204
    assert gone.status_code == 404
    assert empty_name.status_code == 422


async def test_another_users_playlist_is_404_for_everything(
    client: httpx.AsyncClient,
    owner_with_tracks: tuple[TestUser, list[dict[str, Any]]],
    make_user: Callable[..., TestUser],
) -> None:
    user, (a, b, *_) = owner_with_tracks
    playlist_id = await new_playlist(client, user)
    url = f"/api/v1/playlists/{playlist_id}"
    await client.post(f"{url}/tracks", json={"track_id": a["id"]}, headers=user.headers)
    other = make_user().headers

    responses = [
        await client.get(url, headers=other),
        await client.patch(url, json={"name": "mine"}, headers=other),
        await client.post(f"{url}/tracks", json={"track_id": b["id"]}, headers=other),
        await client.patch(f"{url}/tracks/{a['id']}", json={"position": 0}, headers=other),
        await client.delete(f"{url}/tracks/{a['id']}", headers=other),
        await client.delete(url, headers=other),
    ]
    listed = await client.get("/api/v1/playlists", headers=other)

    assert [response.status_code for response in responses] == [404] * 6
    assert listed.json()["total"] == 0
    detail = await client.get(url, headers=user.headers)
    assert detail.json()["name"] == "Run"
    assert order(detail.json()) == "A"


@pytest.mark.parametrize("position", [2**31, 9223372036854775808])
async def test_a_position_past_what_postgres_holds_is_422_and_changes_nothing(
    client: httpx.AsyncClient,
    owner_with_tracks: tuple[TestUser, list[dict[str, Any]]],
    position: int,
) -> None:
    user, tracks = owner_with_tracks
    playlist_id = await new_playlist(client, user)

    added = await client.post(
        f"/api/v1/playlists/{playlist_id}/tracks",
        json={"track_id": tracks[0]["id"], "position": position},
        headers=user.headers,
    )
    moved = await client.patch(
        f"/api/v1/playlists/{playlist_id}/tracks/{tracks[0]['id']}",
        json={"position": position},
        headers=user.headers,
    )
    playlist = await client.get(f"/api/v1/playlists/{playlist_id}", headers=user.headers)

    assert (added.status_code, moved.status_code) == (422, 422)
    assert added.headers["content-type"] == "application/problem+json"
    assert playlist.json()["tracks"] == []
