"""The tasks service as an event consumer: a deleted account's tasks are erased, once."""

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import aio_pika
import httpx
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
