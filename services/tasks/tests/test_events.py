"""The tasks service as an event consumer: a deleted account's tasks are erased, once."""

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import aio_pika
import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from cadence_shared.app import context_of
from cadence_shared.events import Envelope, UserDeleted
from cadence_shared.events.broker import Topology
from cadence_shared.events.relay import outgoing_message
from cadence_shared.testing import TestUser, serve_app
from cadence_shared.testing.waiting import eventually
from tasks_service.main import build_app
from tasks_service.models import events
from tasks_service.settings import Settings

URL = "/api/v1/tasks"


async def publish_as_auth(settings: Settings, envelope: Envelope) -> None:
    """Publishes the event to the exchange as the auth service's relay does."""
    async with await aio_pika.connect(settings.amqp_url) as connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(Topology.from_settings(settings).exchange)
        await exchange.publish(
            outgoing_message(envelope.model_dump(mode="json")),
            routing_key=envelope.type,
            mandatory=True,
        )


async def titles(client: httpx.AsyncClient, headers: dict[str, str]) -> list[str]:
    response = await client.get(URL, params={"include_deleted": "true"}, headers=headers)
    assert response.status_code == 200
    return sorted(item["title"] for item in response.json()["items"])


async def test_deleted_users_tasks_are_erased_once(
    settings: Settings, make_user: Callable[..., TestUser]
) -> None:
    alice, bob = make_user(), make_user()
    app = build_app(settings)
    async with serve_app(app) as client:
        await asyncio.wait_for(context_of(app).events.ready.wait(), 10)
        for user, title in ((alice, "Alice 1"), (alice, "Alice 2"), (bob, "Bob 1")):
            created = await client.post(URL, json={"title": title}, headers=user.headers)
            assert created.status_code == 201
        trashed = (await client.get(URL, headers=alice.headers)).json()["items"][0]["id"]
        assert (await client.delete(f"{URL}/{trashed}", headers=alice.headers)).status_code == 204

        deleted = Envelope.wrap(
            UserDeleted(user_id=alice.id, deleted_at=datetime.now(UTC)),
            source="auth",
            subject=str(alice.id),
        )
        await publish_as_auth(settings, deleted)

        async def alice_erased() -> bool:
            return await titles(client, alice.headers) == []

        await eventually(alice_erased, within_s=10, what="alice's tasks erased")
        assert await titles(client, bob.headers) == ["Bob 1"]

        # The same event again (a redelivery) changes nothing: it was applied once.
        created = await client.post(URL, json={"title": "After"}, headers=alice.headers)
        assert created.status_code == 201
        await publish_as_auth(settings, deleted)
        marker = Envelope.wrap(
            UserDeleted(user_id=uuid.uuid4(), deleted_at=datetime.now(UTC)), source="auth"
        )
        await publish_as_auth(settings, marker)

        async def inbox_rows(event_id: uuid.UUID) -> int:
            async with context_of(app).database.sessions() as session:
                count = await session.scalar(
                    select(func.count())
                    .select_from(events.inbox)
                    .where(events.inbox.c.event_id == event_id)
                )
                return int(count or 0)

        async def marker_handled() -> bool:
            return await inbox_rows(marker.id) == 1

        await eventually(marker_handled, within_s=10, what="the later event handled")
        assert await titles(client, alice.headers) == ["After"]
        assert await inbox_rows(deleted.id) == 1


async def test_tasks_stores_no_idempotency_key_responses_so_erasure_has_none_to_forget(
    app: FastAPI, client: httpx.AsyncClient, make_user: Callable[..., TestUser]
) -> None:
    """Writes here take a client id (a retry is a 409 task_id_taken), not an Idempotency-Key:
    the header is ignored and nothing of the user is kept in Redis. A service that stores
    responses forgets them on erasure (tests-e2e/test_suite.py checks every service)."""
    user = make_user()
    headers = {**user.headers, "Idempotency-Key": "retry-me"}
    for title in ("First", "Second"):
        response = await client.post(URL, json={"title": title}, headers=headers)
        assert response.status_code == 201, response.text
        assert "Idempotent-Replayed" not in response.headers
    assert await titles(client, user.headers) == ["First", "Second"]
    redis = context_of(app).redis
    assert [name async for name in redis.scan_iter(match=f"cadence:idempotency:*{user.id}*")] == []
