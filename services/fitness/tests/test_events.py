"""Events through the real broker: runs.run.completed.v1 (cardio, once), ocr.job.completed.v1
(drafts, confirmed in one call or discarded), auth.user.deleted.v1 (erasure and its tombstone)."""

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import aio_pika
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cadence_shared.app import context_of
from cadence_shared.events import Event, OcrJobCompleted, RunCompleted, UserDeleted
from cadence_shared.events.broker import Topology
from cadence_shared.events.relay import outgoing_message
from cadence_shared.testing import TestUser
from cadence_shared.testing.waiting import eventually
from fitness_service.models import events
from fitness_service.settings import Settings

Payload = Callable[..., dict[str, Any]]
CreateFood = Callable[..., Awaitable[dict[str, Any]]]
CountRows = Callable[..., Awaitable[int]]
RUN_START = datetime(2026, 5, 5, 6, 0, tzinfo=UTC)
MAY = {"from": "2026-05-01", "to": "2026-05-31", "group": "month"}


@pytest.fixture
async def publish(
    app: FastAPI, client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> Callable[..., Awaitable[uuid.UUID]]:
    """Publishes events through the outbox, relay and broker, as another service would."""
    await asyncio.wait_for(context_of(app).events.ready.wait(), 10)

    async def send(*contracts: Event) -> uuid.UUID:
        async with sessions() as session:
            envelopes = [await events.publish(session, contract) for contract in contracts]
            await session.commit()
        return envelopes[-1].id

    return send


@pytest.fixture
def handled(count_rows: CountRows) -> Callable[..., Awaitable[None]]:
    """Waits until ``handler`` has recorded event ``event_id`` in its inbox."""

    async def wait(handler: str, event_id: uuid.UUID) -> None:
        async def done() -> bool:
            return (
                await count_rows(
                    "SELECT count(*) FROM fitness.event_inbox WHERE handler = :h AND event_id = :e",
                    h=handler,
                    e=event_id,
                )
                == 1
            )

        await eventually(done, what=f"{handler} handling {event_id}")

    return wait


def run_completed(user_id: uuid.UUID, **fields: Any) -> RunCompleted:
    values: dict[str, Any] = {
        "run_id": uuid.uuid4(),
        "user_id": user_id,
        "started_at": RUN_START,
        "ended_at": RUN_START + timedelta(minutes=30),
        "distance_m": 5000,
    }
    values.update(fields)
    return RunCompleted(**values)


async def may_volume(client: httpx.AsyncClient, user: TestUser) -> dict[str, Any]:
    response = await client.get("/api/v1/progress/volume", params=MAY, headers=user.headers)
    assert response.status_code == 200, response.text
    period: dict[str, Any] = response.json()["periods"][0]
    return period


async def test_a_finished_run_counts_once_as_cardio(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    publish: Callable[..., Awaitable[uuid.UUID]],
    handled: Callable[..., Awaitable[None]],
) -> None:
    user = make_user()
    run = run_completed(user.id)
    # The same run announced twice (two events), and a second run.
    await publish(run, run)
    last = await publish(
        run_completed(
            user.id,
            distance_m=2500,
            started_at=RUN_START + timedelta(days=1),
            ended_at=RUN_START + timedelta(days=1, minutes=15),
        )
    )
    await handled("record-cardio", last)

    async def both_runs() -> bool:
        runs: int = (await may_volume(client, user))["runs"]
        return runs == 2

    await eventually(both_runs, what="two runs in May's volume")
    period = await may_volume(client, user)
    assert (period["cardio_minutes"], period["cardio_distance_km"]) == (45, 7.5)
    assert (period["sessions"], period["strength_volume_kg"]) == (0, 0)


async def test_the_same_run_event_delivered_three_times_is_applied_once(
    app: FastAPI,
    settings: Settings,
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    publish: Callable[..., Awaitable[uuid.UUID]],
    handled: Callable[..., Awaitable[None]],
    sessions: async_sessionmaker[AsyncSession],
    count_rows: CountRows,
) -> None:
    """One envelope on the wire three times (a relay that republished after a lost confirm):
    the inbox applies it once, the other two are acked as duplicates."""
    user = make_user()
    async with sessions() as session:
        envelope = await events.publish(session, run_completed(user.id))
        await session.commit()
    await handled("record-cardio", envelope.id)
    consumer = context_of(app).events.consumer
    assert consumer is not None
    seen = consumer.duplicates
    topology = Topology.from_settings(settings)
    async with await aio_pika.connect(settings.amqp_url) as connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(topology.exchange)
        for _ in range(2):
            message = outgoing_message(envelope.model_dump(mode="json"))
            await exchange.publish(message, routing_key=envelope.type, mandatory=True)
    await eventually(lambda: consumer.duplicates >= seen + 2, what="two duplicates acked")
    inbox = "SELECT count(*) FROM fitness.event_inbox WHERE event_id = :e"
    assert await count_rows(inbox, e=envelope.id) == 1
    cardio = "SELECT count(*) FROM fitness.cardio_activity WHERE user_id = :u"
    assert await count_rows(cardio, u=user.id) == 1
    assert (await may_volume(client, user))["runs"] == 1


def menu_job(user_id: uuid.UUID, **fields: Any) -> OcrJobCompleted:
    values: dict[str, Any] = {
        "job_id": uuid.uuid4(),
        "user_id": user_id,
        "kind": "menu",
        "target_date": date(2026, 5, 4),
        "meal": "Lunch",
        "menu": {
            "items": [
                {
                    "name": "Caesar salad",
                    "brand": "Cafe",
                    "kcal": 450,
                    "protein_g": 30,
                    "carbs_g": 20,
                    "fat_g": 28,
                },
                {
                    "name": "  Sparkling \n water ",
                    "serving_size": 330,
                    "serving_unit": "ml",
                    "quantity": 2,
                },
                {"name": " \t ", "kcal": 10},  # nothing readable: skipped
            ]
        },
        "completed_at": datetime(2026, 5, 4, 12, 5, tzinfo=UTC),
    }
    values.update(fields)
    return OcrJobCompleted(**values)


def sheet_job(user_id: uuid.UUID, **fields: Any) -> OcrJobCompleted:
    values: dict[str, Any] = {
        "job_id": uuid.uuid4(),
        "user_id": user_id,
        "kind": "workout_sheet",
        "target_date": date(2026, 5, 6),
        "workout_sheet": {
            "title": "Leg day",
            "exercises": [
                {
                    "name": "Squat",
                    "sets": [{"reps": 5, "weight_kg": 100}, {"reps": 5, "weight_kg": 105}],
                },
                {"name": "Lunge", "sets": [{"reps": 12}]},
            ],
        },
        "completed_at": datetime(2026, 5, 6, 18, 0, tzinfo=UTC),
    }
    values.update(fields)
    return OcrJobCompleted(**values)


async def test_a_menu_becomes_draft_foods_and_a_draft_log_confirmed_in_one_call(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    publish: Callable[..., Awaitable[uuid.UUID]],
    handled: Callable[..., Awaitable[None]],
) -> None:
    user = make_user()
    job = menu_job(user.id)
    await publish(job)
    await handled("draft-from-ocr", await publish(job))  # the same job again drafts nothing new

    listed = (await client.get("/api/v1/ocr-drafts", headers=user.headers)).json()
    assert [(d["job_id"], d["kind"], d["state"], d["date"]) for d in listed["items"]] == [
        (str(job.job_id), "menu", "pending", "2026-05-04")
    ]
    draft = (await client.get(f"/api/v1/ocr-drafts/{job.job_id}", headers=user.headers)).json()
    assert [(f["name"], f["status"], f["kcal"]) for f in draft["foods"]] == [
        ("Caesar salad", "draft", 450),
        ("Sparkling water", "draft", 0),
    ]
    assert draft["foods"][1]["serving_unit"] == "ml"
    assert [(e["meal"], e["quantity"], e["status"]) for e in draft["food_logs"]] == [
        ("Lunch", 1, "draft"),
        ("Lunch", 2, "draft"),
    ]
    assert draft["session"] is None

    # Drafts count nowhere: not in the catalog, not in the day's totals.
    assert (await client.get("/api/v1/foods", headers=user.headers)).json()["total"] == 0
    day = (await client.get("/api/v1/days/2026-05-04/diet", headers=user.headers)).json()
    assert (day["totals"]["kcal"], len(day["entries"]), len(day["drafts"])) == (0, 0, 2)

    confirmed = await client.post(f"/api/v1/ocr-drafts/{job.job_id}/confirm", headers=user.headers)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["state"] == "confirmed"
    assert {f["status"] for f in confirmed.json()["foods"]} == {"confirmed"}
    again = await client.post(f"/api/v1/ocr-drafts/{job.job_id}/confirm", headers=user.headers)
    assert (again.status_code, again.json()["decided_at"]) == (200, confirmed.json()["decided_at"])
    day = (await client.get("/api/v1/days/2026-05-04/diet", headers=user.headers)).json()
    assert (day["totals"]["kcal"], len(day["entries"]), day["drafts"]) == (450, 2, [])
    assert (await client.get("/api/v1/foods", headers=user.headers)).json()["total"] == 2
    discard = await client.delete(f"/api/v1/ocr-drafts/{job.job_id}", headers=user.headers)
    assert (discard.status_code, discard.json()["code"]) == (409, "ocr_draft_confirmed")


async def test_a_workout_sheet_becomes_a_draft_session_and_can_be_discarded(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    publish: Callable[..., Awaitable[uuid.UUID]],
    handled: Callable[..., Awaitable[None]],
    count_rows: CountRows,
) -> None:
    user = make_user()
    kept, dropped = sheet_job(user.id), sheet_job(user.id)
    failed = sheet_job(user.id, status="failed", workout_sheet=None, error="blurred")
    await handled("draft-from-ocr", await publish(kept, dropped, failed))

    draft = (await client.get(f"/api/v1/ocr-drafts/{kept.job_id}", headers=user.headers)).json()
    workout = draft["session"]
    assert (workout["name"], workout["status"], workout["started_at"]) == (
        "Leg day",
        "draft",
        "2026-05-06T12:00:00Z",
    )
    assert [(s["exercise"], s["reps"], s["weight_kg"]) for s in workout["sets"]] == [
        ("Squat", 5, 100),
        ("Squat", 5, 105),
        ("Lunge", 12, 0),
    ]
    assert workout["totals"]["volume_kg"] == 1025
    # Not yet a record, not yet volume, not in the session list.
    assert (await client.get("/api/v1/progress/records", headers=user.headers)).json() == []
    assert (await may_volume(client, user))["sessions"] == 0
    assert (await client.get("/api/v1/workout-sessions", headers=user.headers)).json()["total"] == 0
    drafts = await client.get(
        "/api/v1/workout-sessions", params={"status": "draft"}, headers=user.headers
    )
    assert drafts.json()["total"] == 2
    missing = await client.get(f"/api/v1/ocr-drafts/{failed.job_id}", headers=user.headers)
    assert missing.status_code == 404  # a failed job drafts nothing

    assert (
        await client.post(f"/api/v1/ocr-drafts/{kept.job_id}/confirm", headers=user.headers)
    ).status_code == 200
    assert (
        await client.delete(f"/api/v1/ocr-drafts/{dropped.job_id}", headers=user.headers)
    ).status_code == 204
    records = (await client.get("/api/v1/progress/records", headers=user.headers)).json()
    assert [(r["exercise"], r["heaviest_set"]["weight_kg"]) for r in records] == [
        ("Lunge", 0),
        ("Squat", 105),
    ]
    assert (await may_volume(client, user))["sessions"] == 1
    sql = "SELECT count(*) FROM fitness.workout_session WHERE user_id = :u"
    assert await count_rows(sql, u=user.id) == 1
    gone = await client.get(f"/api/v1/ocr-drafts/{dropped.job_id}", headers=user.headers)
    assert (gone.status_code, gone.json()["code"]) == (404, "ocr_draft_not_found")
    # The discarded job, announced again, does not come back.
    await handled("draft-from-ocr", await publish(dropped))
    assert await count_rows(sql, u=user.id) == 1


async def test_a_discarded_menu_leaves_no_food_and_no_entry(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    publish: Callable[..., Awaitable[uuid.UUID]],
    handled: Callable[..., Awaitable[None]],
    count_rows: CountRows,
) -> None:
    user = make_user()
    job = menu_job(user.id)
    await handled("draft-from-ocr", await publish(job))
    drafted = await client.get("/api/v1/foods", params={"status": "draft"}, headers=user.headers)
    assert drafted.json()["total"] == 2
    logs = await client.get("/api/v1/food-logs", params={"status": "draft"}, headers=user.headers)
    assert logs.json()["total"] == 2

    url = f"/api/v1/ocr-drafts/{job.job_id}"
    assert (await client.delete(url, headers=user.headers)).status_code == 204
    for status in ("draft", "confirmed"):
        for path in ("/api/v1/foods", "/api/v1/food-logs"):
            listed = await client.get(path, params={"status": status}, headers=user.headers)
            assert listed.json()["total"] == 0, (path, status)
    day = (await client.get("/api/v1/days/2026-05-04/diet", headers=user.headers)).json()
    assert (day["entries"], day["drafts"]) == ([], [])
    assert (await client.get(url, headers=user.headers)).status_code == 404
    assert (await client.post(f"{url}/confirm", headers=user.headers)).status_code == 404
    pending = await client.get("/api/v1/ocr-drafts", headers=user.headers)
    confirmed = await client.get(
        "/api/v1/ocr-drafts", params={"state": "confirmed"}, headers=user.headers
    )
    assert (pending.json()["total"], confirmed.json()["total"]) == (0, 0)
    # The job announced again drafts nothing: it is known, and discarded.
    await handled("draft-from-ocr", await publish(job))
    assert (
        await count_rows(
            "SELECT count(*) FROM fitness.food WHERE user_id = :u AND deleted_at IS NULL",
            u=user.id,
        )
        == 0
    )
    assert (
        await count_rows("SELECT count(*) FROM fitness.food_log WHERE user_id = :u", u=user.id) == 0
    )


USER_TABLES = (
    "food",
    "diet_plan",
    "food_log",
    "program",
    "workout_session",
    "workout_set",
    "personal_record",
    "body_metric",
    "cardio_activity",
    "ocr_draft",
)


async def user_rows(count_rows: CountRows, user_id: uuid.UUID) -> dict[str, int]:
    return {
        table: await count_rows(
            f"SELECT count(*) FROM fitness.{table} WHERE user_id = :u", u=user_id
        )
        for table in USER_TABLES
    }


async def fill_every_table(
    client: httpx.AsyncClient,
    user: TestUser,
    create_food: CreateFood,
    session_payload: Payload,
    set_payload: Payload,
    publish: Callable[..., Awaitable[uuid.UUID]],
) -> list[uuid.UUID]:
    """One row (at least) in every table of the user; returns the events it published."""
    food = await create_food(user)
    plan = {
        "name": "P",
        "days_of_week": ["monday"],
        "meals": [{"name": "M", "items": [{"food_id": food["id"], "quantity": 1}]}],
    }
    steps = [
        client.post("/api/v1/diet-plans", json=plan, headers=user.headers),
        client.post(
            "/api/v1/food-logs",
            json={"date": "2026-05-04", "meal": "M", "food_id": food["id"], "quantity": 1},
            headers={**user.headers, "Idempotency-Key": str(uuid.uuid4())},
        ),
        client.post("/api/v1/programs", json={"name": "P"}, headers=user.headers),
        client.post(
            "/api/v1/workout-sessions",
            json=session_payload(sets=[set_payload()]),
            headers={**user.headers, "Idempotency-Key": str(uuid.uuid4())},
        ),
        client.post(
            "/api/v1/body-metrics",
            json={"date": "2026-05-04", "weight_kg": 70},
            headers=user.headers,
        ),
    ]
    for step in steps:
        response = await step
        assert response.status_code == 201, response.text
    return [
        await publish(run_completed(user.id)),
        await publish(menu_job(user.id)),
    ]


async def stored_responses(app: FastAPI, user_id: uuid.UUID) -> int:
    """The user's Idempotency-Key entries in Redis (their keys name the user)."""
    redis = context_of(app).redis
    return len([name async for name in redis.scan_iter(match=f"cadence:idempotency:*{user_id}*")])


async def test_account_deletion_erases_everything_and_later_events_add_nothing(
    app: FastAPI,
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    create_food: CreateFood,
    session_payload: Payload,
    set_payload: Payload,
    publish: Callable[..., Awaitable[uuid.UUID]],
    handled: Callable[..., Awaitable[None]],
    count_rows: CountRows,
) -> None:
    leaving, staying = make_user(), make_user()
    for user in (leaving, staying):
        run_event, ocr_event = await fill_every_table(
            client, user, create_food, session_payload, set_payload, publish
        )
        await handled("record-cardio", run_event)
        await handled("draft-from-ocr", ocr_event)
    before = await user_rows(count_rows, staying.id)
    assert all(before.values()), before
    assert (await stored_responses(app, leaving.id), await stored_responses(app, staying.id)) == (
        2,
        2,
    )

    await handled(
        "erase-user-data",
        await publish(UserDeleted(user_id=leaving.id, deleted_at=datetime.now(UTC))),
    )
    assert set((await user_rows(count_rows, leaving.id)).values()) == {0}
    assert await user_rows(count_rows, staying.id) == before
    assert (await stored_responses(app, leaving.id), await stored_responses(app, staying.id)) == (
        0,
        2,
    )
    assert (
        await count_rows(
            "SELECT count(*) FROM fitness.erased_user WHERE user_id = :u", u=leaving.id
        )
        == 1
    )

    # A run finished offline and an OCR job, arriving after the deletion, and the deletion again.
    await handled("record-cardio", await publish(run_completed(leaving.id)))
    await handled("draft-from-ocr", await publish(sheet_job(leaving.id)))
    await handled(
        "erase-user-data",
        await publish(UserDeleted(user_id=leaving.id, deleted_at=datetime.now(UTC))),
    )
    assert set((await user_rows(count_rows, leaving.id)).values()) == {0}
