"""A consumer process for the crash test: its handler writes its effect, says so, then hangs.

Run from the repository root as ``python -m shared.tests.events.crash_consumer <database_url>
<amqp_url> <schema> <prefix>``; the test kills it with SIGKILL while the handler's transaction is
open and the message unacked.
"""

import asyncio
import sys

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.events import Envelope, UserDeleted
from shared.tests.events.conftest import Harness, harness_settings


async def main(database_url: str, amqp_url: str, schema: str, prefix: str) -> None:
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))  # stdout: ours
    harness = Harness(harness_settings(database_url, amqp_url, schema, prefix))
    record = harness.record("record")

    async def record_then_hang(
        session: AsyncSession, event: UserDeleted, envelope: Envelope
    ) -> None:
        await record(session, event, envelope)
        await session.flush()
        print(f"in-handler {envelope.id}", flush=True)
        await asyncio.Event().wait()

    async with harness.running(harness.bus({"record": record_then_hang}), relay=False):
        print("ready", flush=True)
        await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
