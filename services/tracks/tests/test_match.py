"""Tempo match: half and double time, inclusive tolerance edges, order, playlist filter."""

import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cadence_shared.testing import TestUser

Payload = Callable[..., dict[str, Any]]

pytestmark = pytest.mark.usefixtures("empty_catalog")


async def match(
    client: httpx.AsyncClient, user: TestUser, **params: Any
) -> list[tuple[str, float, float]]:
    response = await client.get("/api/v1/tracks/match", params=params, headers=user.headers)
    assert response.status_code == 200, response.text
    return [
        (item["track"]["title"], item["factor"], item["distance"])
        for item in response.json()["items"]
    ]


async def test_matches_same_half_and_double_time_within_tolerance(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: Any,
) -> None:
    user = make_user()
    await register_tracks(
        user.headers,
        track_payload(title="exact", bpm=170, bpm_confidence=0.9),
        track_payload(title="upper edge", bpm=174, bpm_confidence=0.9),
        track_payload(title="lower edge", bpm=166, bpm_confidence=0.9),
        track_payload(title="just outside", bpm=174.25, bpm_confidence=0.9),
        track_payload(title="half time", bpm=85.5, bpm_confidence=0.9),  # x2 = 171
        track_payload(title="half time edge", bpm=87, bpm_confidence=0.9),  # x2 = 174
        track_payload(title="half time outside", bpm=87.25, bpm_confidence=0.9),  # x2 = 174.5
        track_payload(title="double time", bpm=336, bpm_confidence=0.9),  # /2 = 168
        track_payload(title="double time edge", bpm=348, bpm_confidence=0.9),  # /2 = 174
        track_payload(title="double time outside", bpm=349, bpm_confidence=0.9),  # /2 = 174.5
        track_payload(title="no bpm"),
    )

    found = await match(client, user, cadence=170, tolerance=4)

    assert {title: (factor, distance) for title, factor, distance in found} == {
        "exact": (1.0, 0.0),
        "half time": (2.0, 1.0),
        "double time": (0.5, 2.0),
        "upper edge": (1.0, 4.0),
        "lower edge": (1.0, 4.0),
        "half time edge": (2.0, 4.0),
        "double time edge": (0.5, 4.0),
    }
    assert [distance for _, _, distance in found] == [0.0, 1.0, 2.0, 4.0, 4.0, 4.0, 4.0]


async def test_zero_tolerance_is_an_exact_match(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: Any,
) -> None:
    user = make_user()
    await register_tracks(
        user.headers,
        track_payload(title="on", bpm=160),
        track_payload(title="half", bpm=80),
        track_payload(title="off", bpm=160.5),
    )

    found = await match(client, user, cadence=160, tolerance=0)

    assert sorted(found) == [("half", 2.0, 0.0), ("on", 1.0, 0.0)]


async def test_equal_distance_ranks_higher_confidence_first_and_limit_cuts(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: Any,
) -> None:
    user = make_user()
    await register_tracks(
        user.headers,
        track_payload(title="sure below", bpm=178, bpm_confidence=0.95),
        track_payload(title="unsure above", bpm=182, bpm_confidence=0.3),
        track_payload(title="no confidence", bpm=180),
        track_payload(title="mid", bpm=90, bpm_confidence=0.5),  # x2 = 180
        track_payload(title="far", bpm=183, bpm_confidence=1.0),
    )

    found = await match(client, user, cadence=180, tolerance=3, limit=4)

    assert found == [
        ("mid", 2.0, 0.0),
        ("no confidence", 1.0, 0.0),
        ("sure below", 1.0, 2.0),
        ("unsure above", 1.0, 2.0),
    ]


async def test_the_nearest_win_when_many_tracks_match(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: Any,
) -> None:
    user = make_user()
    # 160 tracks 1/8 BPM apart around cadence 170; at equal distance the higher BPM is surer.
    await register_tracks(
        user.headers,
        *(
            track_payload(title=f"t{i}", bpm=160 + i / 8, bpm_confidence=i / 200)
            for i in range(160)
        ),
    )

    found = await match(client, user, cadence=170, tolerance=10, limit=5)

    assert [title for title, _, _ in found] == ["t80", "t81", "t79", "t82", "t78"]


async def test_only_from_one_of_my_playlists(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: Any,
) -> None:
    user, other = make_user(), make_user()
    in_list, _not_in_list, half_in_list = await register_tracks(
        user.headers,
        track_payload(title="in list", bpm=171),
        track_payload(title="not in list", bpm=170),
        track_payload(title="half in list", bpm=85),
    )
    playlist = (
        await client.post("/api/v1/playlists", json={"name": "Tempo"}, headers=user.headers)
    ).json()
    for track in (in_list, half_in_list):
        added = await client.post(
            f"/api/v1/playlists/{playlist['id']}/tracks",
            json={"track_id": track["id"]},
            headers=user.headers,
        )
        assert added.status_code == 201

    found = await match(client, user, cadence=170, tolerance=4, playlist_id=playlist["id"])
    others = await client.get(
        "/api/v1/tracks/match",
        params={"cadence": 170, "playlist_id": playlist["id"]},
        headers=other.headers,
    )
    unknown = await client.get(
        "/api/v1/tracks/match",
        params={"cadence": 170, "playlist_id": str(uuid.uuid4())},
        headers=user.headers,
    )

    assert found == [("half in list", 2.0, 0.0), ("in list", 1.0, 1.0)]
    assert others.status_code == 404
    assert unknown.status_code == 404
    # Documented (schemathesis found the 404 missing from the match's responses).
    spec = (await client.get("/openapi.json")).json()
    assert "404" in spec["paths"]["/api/v1/tracks/match"]["get"]["responses"]


@pytest.mark.parametrize(
    "params",
    [{}, {"cadence": 0}, {"cadence": 170, "tolerance": -1}, {"cadence": 170, "limit": 101}],
)
async def test_bad_parameters_are_422(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], params: dict[str, Any]
) -> None:
    response = await client.get("/api/v1/tracks/match", params=params, headers=make_user().headers)
    assert response.status_code == 422


@pytest.mark.parametrize("cadence", ["5e-324", "1e-300", "0.5"])
async def test_a_vanishing_cadence_is_a_422_not_a_500(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    track_payload: Payload,
    register_tracks: Any,
    cadence: str,
) -> None:
    """Found by schemathesis: ``cadence=5e-324`` (above the old bound of 0) underflowed in
    Postgres and answered 500; cadences start at 1 step a minute."""
    user = make_user()
    await register_tracks(user.headers, track_payload(title="any", bpm=170, bpm_confidence=0.9))
    response = await client.get(
        "/api/v1/tracks/match", params={"cadence": cadence}, headers=user.headers
    )
    assert response.status_code == 422, response.text
    assert await match(client, user, cadence="1") == []
