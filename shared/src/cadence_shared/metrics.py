"""Prometheus metrics of a process, at ``GET /metrics`` on the process's own port.

A service serves them beside its health routes, a worker on its health port, the authorizer on
its own: never through the gateway (no route of ``gateway/routes.toml`` reaches ``/metrics``, and
a test checks that), so the public never sees them. Prometheus adds the ``job`` (the process) and
``instance`` labels when it scrapes; the metrics name only what varies inside a process.

Every process is one Python process (``--workers 1``), so the default registry is the whole truth.
The outbox gauges are read from Postgres when scraped, not on every event.
"""

import contextlib
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import QueuePool

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from cadence_shared.context import ServiceContext

# Request latencies of a service: a one-row read is ~1 ms, an upload can take seconds.
LATENCY_BUCKETS_S = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
JOB_BUCKETS_S = (0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)
UNMATCHED_ROUTE = "(unmatched)"  # a 404 of no route: one label value, not one per path tried

HTTP_REQUESTS = Histogram(
    "cadence_http_request_duration_seconds",
    "HTTP requests answered, by route template and status (_count is the request count).",
    ["method", "route", "status"],
    buckets=LATENCY_BUCKETS_S,
)
EVENTS_PUBLISHED = Counter(
    "cadence_events_published", "Events the outbox relay published (confirmed).", ["type"]
)
EVENTS_HANDLED = Counter(
    "cadence_events_handled",
    "Events a consumer's handler took, by outcome: applied, duplicate, retried, parked.",
    ["handler", "type", "outcome"],
)
OUTBOX_UNSENT = Gauge("cadence_outbox_unsent", "Outbox rows not yet published.")
OUTBOX_OLDEST_AGE = Gauge(
    "cadence_outbox_oldest_unsent_age_seconds", "Age of the oldest unpublished outbox row."
)
JOBS_FINISHED = Histogram(
    "cadence_job_duration_seconds",
    "Jobs a worker ran, by kind and outcome (done, failed, timedout, lost, released).",
    ["kind", "outcome"],
    buckets=JOB_BUCKETS_S,
)
JOBS_RUNNING = Gauge("cadence_jobs_running", "Jobs running in this worker now.", ["kind"])
TOKEN_VERIFICATIONS = Counter(
    "cadence_token_verifications",
    "Bearer tokens the authorizer checked, by outcome: ok, missing, invalid, unavailable.",
    ["outcome"],
)
TOKEN_CACHE = Counter(
    "cadence_token_cache_lookups",
    "Token verifications answered from the verifier's cache (hit) or by a signature check (miss).",
    ["outcome"],
)
JWKS_FETCHES = Counter(
    "cadence_jwks_fetches", "Fetches of the auth service's signing keys, by outcome.", ["outcome"]
)
DB_POOL_IN_USE = Gauge("cadence_db_pool_in_use", "Pooled database connections checked out now.")
DB_POOL_IDLE = Gauge("cadence_db_pool_idle", "Pooled database connections open and idle now.")
DB_ADMISSION_WAITING = Gauge(
    "cadence_db_admission_waiting", "Requests queued for a database connection now."
)
DB_ADMISSION_WAIT = Histogram(
    "cadence_db_admission_wait_seconds",
    "How long requests that found every connection taken queued for one (_count: how many did).",
    buckets=LATENCY_BUCKETS_S,
)
INBOX_ROWS = Gauge("cadence_inbox_rows", "Events recorded in a handler's inbox.", ["handler"])
JOBS_QUEUED = Gauge(
    "cadence_jobs_queued", "Jobs waiting for a worker (due or retrying later), by kind.", ["kind"]
)

# The label children of the request histogram, by (method, route, status): ``labels()`` takes a
# lock and validates its arguments on every call, a plain dict lookup does not.
_request_children: dict[tuple[str, str, int], Any] = {}


def observe_request(method: str, route: str | None, status: int | None, duration_s: float) -> None:
    key = (method, route or UNMATCHED_ROUTE, status or 500)
    child = _request_children.get(key)
    if child is None:
        child = _request_children[key] = HTTP_REQUESTS.labels(key[0], key[1], str(key[2]))
    child.observe(duration_s)


def read_pool(engine: "AsyncEngine") -> None:
    """The engine's pool now (a pool without counts, e.g. ``NullPool``, leaves the gauges)."""
    pool = engine.pool
    if isinstance(pool, QueuePool):
        DB_POOL_IN_USE.set(pool.checkedout())
        DB_POOL_IDLE.set(pool.checkedin())


def set_by_label(gauge: Gauge, values: dict[str, int]) -> None:
    """Sets a one-label gauge to ``values`` exactly: a label absent now disappears (no await in
    between, so no scrape sees the gauge half set)."""
    gauge.clear()
    for label, value in values.items():
        gauge.labels(label).set(value)


async def refresh(context: "ServiceContext | None") -> None:
    """Reads the gauges of the context's pool and of the tables of its bus (outbox, inbox)."""
    from cadence_shared.context import DATABASE, EVENTS

    if context is not None and context.has(DATABASE):
        read_pool(context.database.engine)
    if context is None or not context.has(EVENTS):
        return
    # A database that is down leaves the gauges as they were: the rest of the scrape still counts.
    with contextlib.suppress(SQLAlchemyError, OSError):
        backlog = await context.events.outbox_check()
        OUTBOX_UNSENT.set(backlog["unsent"])
        OUTBOX_OLDEST_AGE.set(backlog["oldest_unsent_age_s"])
        set_by_label(INBOX_ROWS, await context.events.inbox_sizes())


async def exposition(
    context: "ServiceContext | None" = None, *readers: Callable[[], Awaitable[None]]
) -> bytes:
    """The text Prometheus scrapes, gauges refreshed first (``readers``: a process's own, e.g. a
    worker's job queue depth)."""
    await refresh(context)
    for read in readers:
        with contextlib.suppress(SQLAlchemyError, OSError):
            await read()
    return generate_latest()


router = APIRouter(include_in_schema=False)


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    return Response(await exposition(request.app.state.context), media_type=CONTENT_TYPE_LATEST)
