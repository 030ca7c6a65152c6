"""Programs; sessions (client ids, idempotent upload, concurrent duplicates, last write wins per
set, totals); personal records after edits and deletes."""

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cadence_shared.testing import TestUser
from cadence_shared.testing.waiting import eventually
from fitness_service.base import lock_user

Payload = Callable[..., dict[str, Any]]
CountRows = Callable[..., Awaitable[int]]
T0 = datetime(2026, 5, 4, 7, 0, tzinfo=UTC)

PROGRAM = {
    "name": "Push pull",
    "description": "Four days",
    "split": {"monday": "Push", "thursday": "Pull"},
    "days": [
        {
            "name": "Push",
            "exercises": [{"name": "Bench press", "sets": 5, "reps": 5, "weight_kg": 80}],
        },
        {"name": "Pull", "exercises": [{"name": "Row", "sets": 4, "reps": 8, "rest_s": 90}]},
    ],
}


async def test_program_crud(client: httpx.AsyncClient, make_user: Callable[..., TestUser]) -> None:
    user = make_user()
    created = await client.post("/api/v1/programs", json=PROGRAM, headers=user.headers)
    assert created.status_code == 201, created.text
    program = created.json()
    assert program["split"] == {"monday": "Push", "thursday": "Pull"}
    assert program["days"][1]["exercises"][0] == {
        "name": "Row",
        "sets": 4,
        "reps": 8,
        "weight_kg": None,
        "rest_s": 90,
    }
    url = f"/api/v1/programs/{program['id']}"
    assert (await client.get(url, headers=user.headers)).json() == program

    replaced = await client.put(
        url, json={**PROGRAM, "name": "Full body", "split": {}}, headers=user.headers
    )
    assert (replaced.status_code, replaced.json()["name"], replaced.json()["split"]) == (
        200,
        "Full body",
        {},
    )
    listed = (await client.get("/api/v1/programs", headers=user.headers)).json()
    assert [p["name"] for p in listed["items"]] == ["Full body"]
    assert (await client.delete(url, headers=user.headers)).status_code == 204
    assert (await client.get(url, headers=user.headers)).json()["code"] == "program_not_found"


async def test_a_split_naming_an_undefined_day_is_422(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser]
) -> None:
    body = {**PROGRAM, "split": {"monday": "Legs"}}
    response = await client.post("/api/v1/programs", json=body, headers=make_user().headers)
    assert response.status_code == 422
    assert "Legs" in str(response.json()["errors"])


async def test_upload_stores_sets_and_totals(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    session_payload: Payload,
    set_payload: Payload,
) -> None:
    user = make_user()
    program = (await client.post("/api/v1/programs", json=PROGRAM, headers=user.headers)).json()
    body = session_payload(
        sets=[
            set_payload("Squat", 5, 100),
            set_payload("Squat", 3, 120.5),
            set_payload("Plank", 1, 0),
        ],
        program_id=program["id"],
        notes="felt strong",
    )
    response = await client.post("/api/v1/workout-sessions", json=body, headers=user.headers)
    assert response.status_code == 201, response.text
    workout = response.json()
    assert workout["totals"] == {"volume_kg": 500 + 361.5, "sets": 3, "duration_s": 3600}
    assert [(s["exercise"], s["position"]) for s in workout["sets"]] == [
        ("Squat", 0),
        ("Squat", 1),
        ("Plank", 2),
    ]
    assert (workout["program_id"], workout["notes"], workout["status"]) == (
        program["id"],
        "felt strong",
        "confirmed",
    )
    fetched = await client.get(f"/api/v1/workout-sessions/{body['id']}", headers=user.headers)
    assert fetched.json() == workout

    unknown = session_payload(program_id=str(uuid.uuid4()))
    refused = await client.post("/api/v1/workout-sessions", json=unknown, headers=user.headers)
    assert (refused.status_code, refused.json()["code"]) == (422, "unknown_program")


async def test_upload_is_idempotent_by_session_id_and_by_key(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    session_payload: Payload,
    set_payload: Payload,
    count_rows: CountRows,
) -> None:
    user, other = make_user(), make_user()
    body = session_payload(sets=[set_payload()])
    first = await client.post("/api/v1/workout-sessions", json=body, headers=user.headers)
    again = await client.post(
        "/api/v1/workout-sessions", json={**body, "name": "Other"}, headers=user.headers
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    taken = await client.post("/api/v1/workout-sessions", json=body, headers=other.headers)
    assert (taken.status_code, taken.json()["code"]) == (409, "workout_session_id_taken")

    keyed = {**user.headers, "Idempotency-Key": str(uuid.uuid4())}
    fresh = session_payload(sets=[set_payload()])
    once = await client.post("/api/v1/workout-sessions", json=fresh, headers=keyed)
    twice = await client.post("/api/v1/workout-sessions", json=fresh, headers=keyed)
    assert (once.status_code, twice.status_code) == (201, 201)
    assert twice.headers["idempotent-replayed"] == "true" and twice.json() == once.json()
    reused = await client.post(
        "/api/v1/workout-sessions", json={**fresh, "name": "Changed"}, headers=keyed
    )
    assert (reused.status_code, reused.json()["code"]) == (422, "idempotency_key_reused")
    sql = "SELECT count(*) FROM fitness.workout_session WHERE user_id = :u"
    assert await count_rows(sql, u=user.id) == 2
    assert await count_rows(sql, u=other.id) == 0


async def test_ten_concurrent_duplicates_store_one_session(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    session_payload: Payload,
    set_payload: Payload,
    count_rows: CountRows,
) -> None:
    user = make_user()
    for headers in ({**user.headers, "Idempotency-Key": str(uuid.uuid4())}, user.headers):
        body = session_payload(sets=[set_payload(), set_payload(reps=3)])
        responses = await asyncio.gather(
            *(
                client.post("/api/v1/workout-sessions", json=body, headers=headers)
                for _ in range(10)
            )
        )
        codes = sorted(response.status_code for response in responses)
        assert set(codes) <= {200, 201, 409}, codes  # 409: the same key still in flight
        assert codes.count(201) >= 1
        stored = [r.json() for r in responses if r.status_code in (200, 201)]
        assert all(item == stored[0] for item in stored)
        assert (
            await count_rows(
                "SELECT count(*) FROM fitness.workout_session WHERE id = :id",
                id=uuid.UUID(body["id"]),
            )
            == 1
        )
        assert (
            await count_rows(
                "SELECT count(*) FROM fitness.workout_set WHERE session_id = :id",
                id=uuid.UUID(body["id"]),
            )
            == 2
        )


WAITING_ON_A_USER_LOCK = (
    "SELECT count(*) FROM pg_locks AS l JOIN pg_database AS d ON d.oid = l.database"
    " WHERE d.datname = current_database() AND l.locktype = 'advisory' AND NOT l.granted"
)


async def test_a_key_still_in_flight_is_409_then_the_first_answer_replays(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    session_payload: Payload,
    set_payload: Payload,
    sessions: async_sessionmaker[AsyncSession],
    count_rows: CountRows,
) -> None:
    """The first upload is held inside its transaction (on the user's lock, taken here first),
    so the retry with the same key arrives while it is provably still running."""
    user = make_user()
    keyed = {**user.headers, "Idempotency-Key": str(uuid.uuid4())}
    body = session_payload(sets=[set_payload()])
    async with sessions() as holder:
        await lock_user(holder, user.id)
        first = asyncio.create_task(
            client.post("/api/v1/workout-sessions", json=body, headers=keyed)
        )
        await eventually(
            lambda: _waiting(count_rows), what="the first upload waiting on the user's lock"
        )
        retry = await client.post("/api/v1/workout-sessions", json=body, headers=keyed)
        assert (retry.status_code, retry.json()["code"]) == (409, "idempotency_key_in_flight")
        assert retry.headers["retry-after"] == "1"
        assert not first.done()
        await holder.rollback()  # frees the lock: the first upload goes on
    answered = await first
    assert answered.status_code == 201, answered.text
    replayed = await client.post("/api/v1/workout-sessions", json=body, headers=keyed)
    assert (replayed.status_code, replayed.headers["idempotent-replayed"]) == (201, "true")
    assert replayed.json() == answered.json()
    sql = "SELECT count(*) FROM fitness.workout_session WHERE user_id = :u"
    assert await count_rows(sql, u=user.id) == 1


async def _waiting(count_rows: CountRows) -> bool:
    return await count_rows(WAITING_ON_A_USER_LOCK) >= 1


async def test_a_set_id_of_another_session_is_409_and_nothing_is_stored(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    session_payload: Payload,
    set_payload: Payload,
    count_rows: CountRows,
) -> None:
    user, other = make_user(), make_user()
    shared_set = set_payload()
    first = session_payload(sets=[shared_set])
    assert (
        await client.post("/api/v1/workout-sessions", json=first, headers=user.headers)
    ).status_code == 201
    second = session_payload(sets=[set_payload(), shared_set])
    response = await client.post("/api/v1/workout-sessions", json=second, headers=other.headers)
    assert (response.status_code, response.json()["code"]) == (409, "workout_set_id_taken")
    assert response.json()["set_ids"] == [shared_set["id"]]
    assert (
        await count_rows(
            "SELECT count(*) FROM fitness.workout_session WHERE user_id = :u", u=other.id
        )
        == 0
    )


async def test_patch_last_write_wins_per_set_with_out_of_order_updates(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    session_payload: Payload,
    set_payload: Payload,
) -> None:
    user = make_user()
    squat = set_payload("Squat", 5, 100, at=T0)
    body = session_payload(sets=[squat])
    await client.post("/api/v1/workout-sessions", json=body, headers=user.headers)
    url = f"/api/v1/workout-sessions/{body['id']}"

    def version(minutes: int, weight: float, **fields: Any) -> dict[str, Any]:
        at = (T0 + timedelta(minutes=minutes)).isoformat()
        return {**squat, "weight_kg": weight, "updated_at": at, **fields}

    async def patch(*sets: dict[str, Any], **fields: Any) -> dict[str, Any]:
        response = await client.patch(
            url, json={"sets": list(sets), **fields}, headers=user.headers
        )
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    # Written at minutes 3, 1, 2 by two devices, arriving in that order: 3 wins.
    assert (await patch(version(3, 110)))["sets"][0]["weight_kg"] == 110
    stale = await patch(version(1, 90))
    assert (stale["sets"][0]["weight_kg"], stale["sets"][0]["updated_at"]) == (
        110,
        (T0 + timedelta(minutes=3)).isoformat().replace("+00:00", "Z"),
    )
    assert (await patch(version(2, 95)))["sets"][0]["weight_kg"] == 110
    same_time = await patch(version(3, 200))  # an equal clock is not later: ignored
    assert same_time["totals"]["volume_kg"] == 550

    # A new set is added, a delete at minute 5 removes the squat; an older edit cannot revive it.
    lunge = set_payload("Lunge", 10, 20, at=T0 + timedelta(minutes=4))
    added = await patch(lunge, name="Leg day")
    assert [s["exercise"] for s in added["sets"]] == ["Squat", "Lunge"]
    assert (added["name"], added["totals"]["volume_kg"], added["totals"]["sets"]) == (
        "Leg day",
        750,
        2,
    )
    deleted = await patch(version(5, 110, deleted=True))
    assert [s["exercise"] for s in deleted["sets"]] == ["Lunge"]
    assert (await patch(version(4, 120)))["totals"]["sets"] == 1
    revived = await patch(version(6, 130))
    assert (revived["totals"]["sets"], revived["totals"]["volume_kg"]) == (2, 650 + 200)


async def test_patch_checks_the_session_fields(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], session_payload: Payload
) -> None:
    user = make_user()
    body = session_payload()
    await client.post("/api/v1/workout-sessions", json=body, headers=user.headers)
    url = f"/api/v1/workout-sessions/{body['id']}"
    early = (T0 - timedelta(hours=1)).isoformat()
    before = await client.patch(url, json={"ended_at": early}, headers=user.headers)
    assert (before.status_code, before.json()["code"]) == (422, "session_ends_before_start")
    null = await client.patch(url, json={"name": None}, headers=user.headers)
    assert (null.status_code, null.json()["code"]) == (422, "null_not_allowed")
    opened = await client.patch(url, json={"ended_at": None}, headers=user.headers)
    assert opened.json()["totals"]["duration_s"] is None
    assert (await client.get(url, headers=user.headers)).json()["name"] == "Legs"


async def test_list_sessions_by_day_in_a_time_zone(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], session_payload: Payload
) -> None:
    user = make_user()
    # 22:30 UTC on 31 May is 00:30 on 1 June in Paris.
    late = datetime(2026, 5, 31, 22, 30, tzinfo=UTC)
    for start in (late, late - timedelta(days=1), late + timedelta(days=2)):
        response = await client.post(
            "/api/v1/workout-sessions", json=session_payload(start=start), headers=user.headers
        )
        assert response.status_code == 201

    async def started(**params: str) -> list[str]:
        response = await client.get("/api/v1/workout-sessions", params=params, headers=user.headers)
        assert response.status_code == 200, response.text
        return [item["started_at"][:16] for item in response.json()["items"]]

    assert await started(**{"from": "2026-06-01", "to": "2026-06-01"}) == []
    assert await started(**{"from": "2026-06-01", "to": "2026-06-01", "tz": "Europe/Paris"}) == [
        "2026-05-31T22:30"
    ]
    assert await started() == ["2026-06-02T22:30", "2026-05-31T22:30", "2026-05-30T22:30"]
    page = await client.get(
        "/api/v1/workout-sessions", params={"limit": 1, "offset": 1}, headers=user.headers
    )
    assert (page.json()["total"], len(page.json()["items"])) == (3, 1)
    assert "sets" not in page.json()["items"][0]
    bad = await client.get(
        "/api/v1/workout-sessions", params={"tz": "Nowhere/City"}, headers=user.headers
    )
    assert (bad.status_code, bad.json()["code"]) == (422, "unknown_time_zone")


async def records(client: httpx.AsyncClient, user: TestUser) -> dict[str, dict[str, Any]]:
    response = await client.get("/api/v1/progress/records", headers=user.headers)
    assert response.status_code == 200, response.text
    return {record["exercise"]: record for record in response.json()}


async def upload_bench_history(
    client: httpx.AsyncClient, user: TestUser, session_payload: Payload, set_payload: Payload
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Two sessions: 120 x 1 and 80 x 10, then two days later 3 x (100 x 5) (spelt otherwise).
    Returns both sessions and the 120 kg set."""
    heavy = set_payload("Bench press", 1, 120, at=T0)
    first = session_payload(sets=[heavy, set_payload("Bench press", 10, 80, at=T0)], start=T0)
    second_start = T0 + timedelta(days=2)
    second = session_payload(
        sets=[set_payload("bench  PRESS", 5, 100, at=second_start) for _ in range(3)],
        start=second_start,
    )
    for body in (first, second):
        response = await client.post("/api/v1/workout-sessions", json=body, headers=user.headers)
        assert response.status_code == 201, response.text
    return first, second, heavy


async def test_personal_records_follow_an_edit_down(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    session_payload: Payload,
    set_payload: Payload,
) -> None:
    user = make_user()
    first, second, heavy = await upload_bench_history(client, user, session_payload, set_payload)
    [bench] = (await records(client, user)).values()
    assert (bench["heaviest_set"]["weight_kg"], bench["heaviest_set"]["session_id"]) == (
        120,
        first["id"],
    )
    # Epley: 120 * (1 + 1/30) = 124 beats 80 * (1 + 10/30) = 106.67 and 100 * (1 + 5/30).
    assert round(bench["best_e1rm"]["e1rm_kg"], 2) == 124.0
    volume = bench["best_session_volume"]
    assert (volume["volume_kg"], volume["session_id"]) == (1500, second["id"])

    # The 120 kg single is edited down to 90: heaviest is now 100 (second session), and the best
    # e1rm becomes 100 * (1 + 5/30) = 116.67.
    later = (T0 + timedelta(minutes=1)).isoformat()
    edited = await client.patch(
        f"/api/v1/workout-sessions/{first['id']}",
        json={"sets": [{**heavy, "weight_kg": 90, "updated_at": later}]},
        headers=user.headers,
    )
    assert edited.status_code == 200
    [bench] = (await records(client, user)).values()
    assert bench["exercise"] == "bench  PRESS"  # as written on the heaviest set
    assert (bench["heaviest_set"]["weight_kg"], bench["heaviest_set"]["session_id"]) == (
        100,
        second["id"],
    )
    assert round(bench["best_e1rm"]["e1rm_kg"], 2) == 116.67


async def test_personal_records_follow_deletes(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    session_payload: Payload,
    set_payload: Payload,
) -> None:
    user = make_user()
    first, second, _ = await upload_bench_history(client, user, session_payload, set_payload)

    # The second session is deleted: back to the first session's sets only.
    deleted = await client.delete(f"/api/v1/workout-sessions/{second['id']}", headers=user.headers)
    assert deleted.status_code == 204
    bench = (await records(client, user))["Bench press"]
    assert bench["heaviest_set"]["weight_kg"] == 120
    assert round(bench["best_e1rm"]["e1rm_kg"], 2) == 124.0
    assert bench["best_session_volume"]["volume_kg"] == 120 + 800

    # The 120 kg set deleted: 80 x 10 is the best; then every set deleted: no record left.
    url = f"/api/v1/workout-sessions/{first['id']}"
    sets = (await client.get(url, headers=user.headers)).json()["sets"]
    gone = (T0 + timedelta(minutes=2)).isoformat()
    await client.patch(
        url, json={"sets": [{**sets[0], "updated_at": gone, "deleted": True}]}, headers=user.headers
    )
    bench = (await records(client, user))["Bench press"]
    assert (bench["heaviest_set"]["weight_kg"], round(bench["best_e1rm"]["e1rm_kg"], 2)) == (
        80,
        106.67,
    )
    emptied = await client.patch(
        url,
        json={"sets": [{**item, "updated_at": gone, "deleted": True} for item in sets]},
        headers=user.headers,
    )
    assert emptied.json()["totals"] == {"volume_kg": 0, "sets": 0, "duration_s": 3600}
    assert await records(client, user) == {}
