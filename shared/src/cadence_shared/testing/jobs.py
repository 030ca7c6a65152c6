"""A small service with real jobs, for the platform's own tests and benchmark.

- ``checksum``: the proof job. The sha256 and size of an object in storage, read from the work
  directory the platform fetched it into, reporting progress as it hashes.
- ``reverse``: a job with an output file: the object's bytes reversed, left in the work directory
  and kept in storage under ``output_key`` (``files_to``); ``leave_nothing`` forgets the file.
- ``scripted``: a job that does what its input says, to drive the fault tests: wait for a gate
  file (sleeping or spinning a CPU), fail transiently a number of times, or refuse its input.

Everything is built per settings (``build``), so each test gets its own schema and broker names;
``cadence_shared.testing.job_worker`` builds the same from the environment for a worker process
started as ``cadence-worker cadence_shared.testing.job_worker:worker``.
"""

import hashlib
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel
from sqlalchemy import BigInteger, Column, Identity, String, Table, Uuid, insert, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from cadence_shared.context import Key, Resource, ServiceContext
from cadence_shared.db import service_metadata
from cadence_shared.events import EventBus, EventStore
from cadence_shared.jobs import (
    Job,
    JobRecord,
    JobStore,
    Output,
    Progress,
    WorkerSettings,
    files_to,
    object_to,
)
from cadence_shared.jobs.fetch import INPUT_FILE
from cadence_shared.settings import ServiceSettings, service_config
from cadence_shared.storage import Storage, StorageSettings, UnsupportedContentType
from cadence_shared.storage.factory import storage_from_settings
from cadence_shared.worker import Worker, create_worker

STORAGE: Key[Storage] = Key("storage")
HASH_CHUNK_BYTES = 256 * 1024
GATE_POLL_S = 0.01


class JobTestSettings(ServiceSettings, StorageSettings, WorkerSettings):
    model_config = service_config("JOBTEST_")

    service_name: str = "jobtest"


class ChecksumInput(BaseModel):
    key: str


class Checksum(BaseModel):
    sha256: str
    size: int


def checksum(input: ChecksumInput, workdir: Path, progress: Progress) -> Checksum:
    path = workdir / INPUT_FILE
    total = path.stat().st_size
    digest = hashlib.sha256()
    done = 0
    with path.open("rb") as file:
        while chunk := file.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
            done += len(chunk)
            progress(done * 100 // max(total, 1), "hashing")
    return Checksum(sha256=digest.hexdigest(), size=total)


class ReverseInput(BaseModel):
    key: str
    output_key: str
    leave_nothing: bool = False


class Reversed(BaseModel):
    size: int


REVERSED_FILE = "reversed"


def reverse(input: ReverseInput, workdir: Path, progress: Progress) -> Reversed:
    data = (workdir / INPUT_FILE).read_bytes()
    if not input.leave_nothing:
        (workdir / REVERSED_FILE).write_bytes(data[::-1])
    return Reversed(size=len(data))


class Script(BaseModel):
    gate: str | None = None  # the work waits until this file exists
    spin: bool = False  # ... keeping a CPU busy meanwhile, instead of sleeping
    pid_file: str | None = None  # the work writes its process id here first
    counter: str | None = None  # a file counting the runs (one line each)
    fail_runs: int = 0  # the first runs raise a transient error
    refuse: bool = False  # a permanent domain error: a file of the wrong type


class ScriptResult(BaseModel):
    pid: int
    runs: int
    warm: bool  # the warm-up ran before this process was forked (in the fork server)


_warmed_in: int | None = None  # the process the warm-up ran in


def warm_scripted() -> None:
    global _warmed_in
    _warmed_in = os.getpid()


def scripted(input: Script, workdir: Path, progress: Progress) -> ScriptResult:
    if input.pid_file:
        Path(input.pid_file).write_text(str(os.getpid()))
    runs = 0
    if input.counter:
        with Path(input.counter).open("a") as file:
            file.write("run\n")
        runs = len(Path(input.counter).read_text().splitlines())
    if input.refuse:
        raise UnsupportedContentType("application/x-garbage", frozenset({"text/plain"}))
    if 0 < runs <= input.fail_runs:
        raise ConnectionError(f"a backend was away on run {runs}")
    progress(10, "waiting")
    while input.gate and not Path(input.gate).exists():
        if input.spin:
            deadline = time.monotonic() + GATE_POLL_S
            while time.monotonic() < deadline:
                pass
        else:
            time.sleep(GATE_POLL_S)
    warm = _warmed_in is not None and _warmed_in != os.getpid()
    return ScriptResult(pid=os.getpid(), runs=runs, warm=warm)


@dataclass(frozen=True)
class JobTestService:
    settings: JobTestSettings
    events: EventStore
    jobs: JobStore
    effects: Table  # one row per job that ended succeeded: no unique key, so twice shows
    checksum: Job[ChecksumInput, Checksum]
    scripted: Job[Script, ScriptResult]
    worker: Worker
    reverse: Job[ReverseInput, Reversed]

    async def create_tables(self, engine: AsyncEngine) -> None:
        async with engine.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{self.settings.db_schema}"'))
            await conn.run_sync(self.jobs.table.metadata.create_all)


@asynccontextmanager
async def _open_storage(context: ServiceContext) -> AsyncIterator[Storage]:
    assert isinstance(context.settings, StorageSettings)
    storage = storage_from_settings(context.settings)
    try:
        yield storage
    finally:
        await storage.close()


def build(settings: JobTestSettings) -> JobTestService:
    metadata = service_metadata(settings.db_schema)
    events = EventStore(metadata, source=settings.service_name)
    jobs = JobStore(metadata, events, unclaimed_wake_s=settings.jobs_lease_s)
    effects = Table(
        "effect",
        metadata,
        Column("id", BigInteger, Identity(), primary_key=True),
        Column("job_id", Uuid, nullable=False),
        Column("kind", String(100), nullable=False),
    )

    async def record_effect(
        context: ServiceContext, session: AsyncSession, record: JobRecord, output: BaseModel
    ) -> None:
        await session.execute(insert(effects).values(job_id=record.id, kind=record.kind))

    checksum_job = jobs.define(
        "checksum",
        resource="jobtest.file",
        input=ChecksumInput,
        output=Checksum,
        work=checksum,
        fetch=object_to(STORAGE, lambda given: given.key),
        on_succeeded=record_effect,
    )
    scripted_job = jobs.define(
        "scripted",
        resource="jobtest.script",
        input=Script,
        output=ScriptResult,
        work=scripted,
        on_succeeded=record_effect,
        warm_up=warm_scripted,
    )
    reverse_job = jobs.define(
        "reverse",
        resource="jobtest.file",
        input=ReverseInput,
        output=Reversed,
        work=reverse,
        fetch=object_to(STORAGE, lambda given: given.key),
        keep=files_to(STORAGE, Output(REVERSED_FILE, lambda given: given.output_key)),
        on_succeeded=record_effect,
    )
    worker = create_worker(
        settings,
        jobs=[checksum_job, scripted_job, reverse_job],
        bus=EventBus(events),
        resources=[Resource(STORAGE, _open_storage)],
    )
    return JobTestService(
        settings, events, jobs, effects, checksum_job, scripted_job, worker, reverse_job
    )
