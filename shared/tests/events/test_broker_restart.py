"""The broker itself restarted mid-stream, on a RabbitMQ node this test starts itself: events
published while the node goes down and comes back; every one applied exactly once (outbox,
durable queues, persistent messages, publisher confirms, inbox).

CI streams 1,000 events (about 40 s with the node's two boots); the full 10,000 take about
160 s on the 2-core machine: ``CADENCE_BROKER_RESTART_EVENTS=10000 pytest <this file>``.
"""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from cadence_shared.testing.rabbitmq_node import RabbitNode, rabbitmq_node
from cadence_shared.testing.waiting import eventually
from shared.tests.events.conftest import Harness, harness_settings

EVENTS = int(os.environ.get("CADENCE_BROKER_RESTART_EVENTS", "1000"))


@pytest.fixture
async def node(tmp_path: Path) -> AsyncIterator[RabbitNode]:
    async with rabbitmq_node(tmp_path) as node:
        yield node


async def test_a_broker_restart_mid_stream_loses_and_duplicates_nothing(
    node: RabbitNode, database_url: str
) -> None:
    schema = f"ev_{uuid.uuid4().hex[:8]}"
    harness = Harness(harness_settings(database_url, node.url, schema, schema))
    await harness.create_tables()
    try:
        async with harness.running(harness.bus()) as running:
            publishing = asyncio.create_task(harness.publish(EVENTS, per_transaction=50))

            async def mid_stream() -> bool:
                return len(await harness.applied_ids()) >= EVENTS // 5

            await eventually(mid_stream, within_s=120, what="a fifth applied before the restart")
            node.stop()
            await node.start()
            envelopes = await publishing
            await harness.applied_exactly(envelopes, within_s=300)
            assert running.reconnects >= 1
        assert len(envelopes) == EVENTS
        assert await harness.unsent() == 0
        assert await harness.inbox_count() == EVENTS
    finally:
        await harness.dispose()
