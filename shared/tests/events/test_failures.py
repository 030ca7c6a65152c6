"""The bus when things break: the broker connection cut mid-stream, a consumer process killed."""

import asyncio
import signal
import subprocess
import sys
from pathlib import Path

from cadence_shared.testing.waiting import eventually
from shared.tests.events.conftest import Harness

# Run as a module from the repository root, so it imports the harness by the same name as here.
REPOSITORY = Path(__file__).parents[3]
CRASH_CONSUMER = "shared.tests.events.crash_consumer"


def close_connections_of(connection_name: str) -> int:
    """Closes the broker connections named ``connection_name`` (only this test's, so other test
    runs sharing the broker are left alone); returns how many."""
    listed = subprocess.run(
        ["rabbitmqctl", "-q", "list_connections", "pid", "client_properties"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pids = [line.split("\t")[0] for line in listed.splitlines() if connection_name in line]
    for pid in pids:
        subprocess.run(
            ["rabbitmqctl", "-q", "close_connection", pid, "test: broker outage"],
            capture_output=True,
            check=True,
        )
    return len(pids)


async def test_broker_outage_mid_stream_loses_and_duplicates_nothing(harness: Harness) -> None:
    async with harness.running(harness.bus()) as running:
        publishing = asyncio.create_task(harness.publish(1000, per_transaction=10))

        async def mid_stream() -> bool:
            return len(await harness.applied_ids()) >= 150

        await eventually(mid_stream, what="150 events applied before the outage")
        cut = await asyncio.to_thread(close_connections_of, f"{harness.schema}-events")
        envelopes = await publishing
        await harness.applied_exactly(envelopes)
        assert cut == 2  # the relay's connection and the consumer's
        assert running.reconnects >= 1
    assert len(envelopes) == 1000
    assert await harness.unsent() == 0
    assert await harness.inbox_count() == 1000


async def test_consumer_killed_mid_handler_gets_the_event_again_and_applies_it_once(
    harness: Harness,
) -> None:
    settings = harness.settings
    worker = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        CRASH_CONSUMER,
        settings.database_url,
        settings.amqp_url,
        harness.schema,
        settings.amqp_prefix,
        stdout=asyncio.subprocess.PIPE,
        cwd=REPOSITORY,
    )
    try:
        assert worker.stdout is not None
        assert (await asyncio.wait_for(worker.stdout.readline(), 20)).strip() == b"ready"
        async with harness.running(harness.bus({}), consume=False):
            [envelope] = await harness.publish(1)
            line = await asyncio.wait_for(worker.stdout.readline(), 10)
        assert line.decode().split() == ["in-handler", str(envelope.id)]
    finally:
        worker.send_signal(signal.SIGKILL)
        await worker.wait()
    assert worker.returncode == -signal.SIGKILL
    assert await harness.applied_ids() == []  # the killed handler's transaction never committed

    async with harness.running(harness.bus()) as running:
        await harness.applied_exactly([envelope])
    assert running.consumer is not None
    assert running.consumer.applied == 1
    assert await harness.inbox_count() == 1
