"""A service's /metrics, scraped after real requests and events (real Postgres and RabbitMQ)."""

import asyncio
import uuid
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.app import create_app
from cadence_shared.context import DATABASE_RESOURCE, ServiceContext
from cadence_shared.deps import SessionDep
from cadence_shared.errors import NotFound
from cadence_shared.events import Envelope, EventBus, UserDeleted
from cadence_shared.testing.metrics import sample
from cadence_shared.testing.plugin import serve_app
from cadence_shared.testing.waiting import eventually
from shared.tests.events.conftest import Harness

REQUESTS = "cadence_http_request_duration_seconds_count"


class NoSuchUser(NotFound):
    code = "test_no_such_user"
    title = "No such user"
    description = "The event names a user this test never had."


@pytest.fixture
def handler() -> str:
    # Counters are per process: a name of its own keeps other tests' events out of this one's.
    return f"metrics_{uuid.uuid4().hex[:8]}"


def build_app(harness: Harness, bus: EventBus, **settings: object) -> FastAPI:
    router = APIRouter()

    @router.get("/sessions")
    async def with_session(session: SessionDep) -> dict[str, bool]:
        return {"active": session.is_active}

    @router.get("/things/{thing_id}")
    async def thing(thing_id: int) -> dict[str, int]:
        if thing_id == 0:
            raise NoSuchUser("nothing")
        return {"id": thing_id}

    return create_app(
        harness.settings.model_copy(update=settings),
        routers=[router],
        bus=bus,
        standard=(DATABASE_RESOURCE,),
    )


async def scrape(client: httpx.AsyncClient) -> str:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


async def test_requests_are_counted_by_route_template_and_status(
    harness: Harness, handler: str
) -> None:
    app = build_app(harness, harness.bus({handler: harness.record(handler)}))
    async with serve_app(app) as client:
        before = await scrape(client)
        for thing_id in (1, 2, 3, 0):
            await client.get(f"/things/{thing_id}")
        await client.get("/no/such/route")
        after = await scrape(client)
    route = {"method": "GET", "route": "/things/{thing_id}"}

    def moved(status: str, **labels: str) -> float:
        return sample(after, REQUESTS, status=status, **labels) - sample(
            before, REQUESTS, status=status, **labels
        )

    assert moved("200", **route) == 3
    assert moved("404", **route) == 1
    assert moved("404", method="GET", route="(unmatched)") == 1  # one label for every stray path
    assert "/no/such/route" not in after
    assert "/things/1" not in after


async def test_outbox_backlog_is_read_when_scraped(harness: Harness, handler: str) -> None:
    app = build_app(
        harness, harness.bus({handler: harness.record(handler)}), events_relay_in_process=False
    )
    async with serve_app(app) as client:
        await harness.publish(3)
        scraped = await scrape(client)
    assert sample(scraped, "cadence_outbox_unsent") == 3
    assert sample(scraped, "cadence_outbox_oldest_unsent_age_seconds") > 0


async def test_events_published_applied_and_parked_are_counted(
    harness: Harness, handler: str
) -> None:
    doomed = uuid.uuid4()

    async def apply(session: AsyncSession, event: UserDeleted, envelope: Envelope) -> None:
        if event.user_id == doomed:
            raise NoSuchUser(f"no user {event.user_id}")
        await harness.record(handler)(session, event, envelope)

    app = build_app(harness, harness.bus({handler: apply}))
    handled = "cadence_events_handled_total"
    labels = {"handler": handler, "type": UserDeleted.type}
    async with serve_app(app) as client:
        published = "cadence_events_published_total"
        published_before = sample(await scrape(client), published, type=UserDeleted.type)
        async with harness.sessions() as session, session.begin():
            poison = UserDeleted(user_id=doomed, deleted_at=datetime.now(UTC))
            await harness.store.publish(session, poison)
        healthy = await harness.publish(4)

        async def counted() -> bool:
            scraped = await scrape(client)
            return (
                sample(scraped, handled, outcome="applied", **labels) == 4
                and sample(scraped, handled, outcome="parked", **labels) == 1
            )

        await eventually(counted, what="4 applied and 1 parked counted")
        scraped = await scrape(client)
    await harness.applied_exactly(healthy, handler)
    assert sample(scraped, "cadence_inbox_rows", handler=handler) == 4  # the parked one is not
    # The relay's counter is the process's: other tests' events of the type may be in it too.
    assert sample(scraped, published, type=UserDeleted.type) - published_before >= 5
    assert sample(scraped, handled, outcome="duplicate", **labels) == 0


async def test_pool_in_use_and_admission_wait_are_exported(harness: Harness, handler: str) -> None:
    # No relay in the process: its listening connection would be a second one in use.
    app = build_app(
        harness, harness.bus(), db_pool_size=1, db_max_overflow=0, events_relay_in_process=False
    )
    waited = "cadence_db_admission_wait_seconds_count"
    async with serve_app(app) as client:
        context: ServiceContext = app.state.context
        async with context.database.engine.connect() as held:
            await held.exec_driver_sql("SELECT 1")
            assert sample(await scrape(client), "cadence_db_pool_in_use") == 1
        scraped = await scrape(client)
        assert sample(scraped, "cadence_db_pool_in_use") == 0
        assert sample(scraped, "cadence_db_pool_idle") == 1
        waited_before = sample(scraped, waited)
        async with context.database.admission:  # the one slot taken: the request must queue
            request = asyncio.create_task(client.get("/sessions"))

            async def queued() -> bool:
                return sample(await scrape(client), "cadence_db_admission_waiting") == 1

            await eventually(queued, what="one request queued for a connection")
        assert (await request).json() == {"active": True}
        scraped = await scrape(client)
    assert sample(scraped, "cadence_db_admission_waiting") == 0
    assert sample(scraped, waited) - waited_before == 1
