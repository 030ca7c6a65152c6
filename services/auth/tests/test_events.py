"""The outbox relay carries auth's events to RabbitMQ (the real broker)."""

import asyncio
import json
from typing import Any

import aio_pika
import httpx

from auth_service.settings import Settings
from cadence_shared.events.broker import Topology, declare_exchange


async def test_registered_and_deleted_events_reach_the_broker(
    client: httpx.AsyncClient, accounts: Any, settings: Settings
) -> None:
    connection = await aio_pika.connect(settings.amqp_url)
    async with connection:
        channel = await connection.channel()
        exchange = await declare_exchange(channel, Topology.from_settings(settings))
        queue = await channel.declare_queue(exclusive=True)
        await queue.bind(exchange, routing_key="auth.user.#")
        account = await accounts.register()
        deleted = await client.request(
            "DELETE",
            "/api/v1/users/me",
            json={"password": account.password},
            headers=account.headers,
        )
        assert deleted.status_code == 204
        seen: list[dict[str, Any]] = []
        async with asyncio.timeout(10):
            while len([e for e in seen if e["subject"] == str(account.user_id)]) < 2:
                message = await queue.get(fail=False)
                if message is None:
                    await asyncio.sleep(0.05)
                    continue
                await message.ack()
                seen.append(json.loads(message.body))
        mine = [e for e in seen if e["subject"] == str(account.user_id)]
        assert [e["type"] for e in mine] == ["auth.user.registered.v1", "auth.user.deleted.v1"]
        assert mine[1]["data"]["user_id"] == str(account.user_id)
        assert mine[0]["source"] == "auth"
