"""Jobs end to end in a worker running in the test's process: the proof job, progress, retries,
bad input, the time limit, cancelling, redelivery, health and a free event loop."""

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
from redis.asyncio.client import PubSub
from sqlalchemy import func, select

from cadence_shared.jobs import ATTEMPTS_EXHAUSTED, TIMED_OUT
from cadence_shared.live import JobUpdate, read_snapshot
from cadence_shared.storage import new_key, storage_from_settings
from cadence_shared.testing.jobs import ChecksumInput, ReverseInput, Script
from cadence_shared.testing.metrics import sample
from cadence_shared.testing.waiting import eventually
from shared.tests.jobs.conftest import Gate, MakeWorld, World, process_gone

MiB = 1024 * 1024


async def put_object(world: World, data: bytes) -> str:
    storage = storage_from_settings(world.settings)
    key = new_key(world.user_id)

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(data), MiB):
            yield data[start : start + MiB]

    await storage.put(key, chunks(), max_bytes=len(data) + 1)
    await storage.close()
    return key


async def test_the_checksum_job_runs_end_to_end(world: World) -> None:
    data = os.urandom(5 * MiB + 123)
    key = await put_object(world, data)
    async with world.worker() as running, httpx.AsyncClient() as client:
        metrics = f"http://127.0.0.1:{running.health_port}/metrics"
        done_before = checksums_done((await client.get(metrics)).text)
        queued = await world.enqueue(world.service.checksum, ChecksumInput(key=key))
        assert queued.status == "queued"
        done = await world.reaches(queued.id, "succeeded", "failed")
        scraped = await client.get(metrics)
    assert scraped.headers["content-type"].startswith("text/plain")
    assert checksums_done(scraped.text) == done_before + 1
    assert done.status == "succeeded"
    assert done.result == {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    assert (done.percent, done.attempts, done.error) == (100, 1, None)
    assert await world.effects(done.id) == 1
    assert running.runner.stats.succeeded == 1
    [update] = await read_snapshot(world.redis, world.user_id)
    assert (update.id, update.status, update.percent) == (queued.resource_id, "succeeded", 100)
    assert (update.resource, update.version) == ("jobtest.file", done.version)


def checksums_done(metrics: str) -> float:
    return sample(metrics, "cadence_job_duration_seconds_count", kind="checksum", outcome="done")


async def test_the_queue_depth_of_each_kind_is_read_when_scraped(world: World) -> None:
    async with world.worker() as running, httpx.AsyncClient() as client:
        await running.runner.stop_consuming()  # the jobs stay queued
        for _ in range(2):
            await world.enqueue(world.service.checksum, ChecksumInput(key=new_key(world.user_id)))
        scraped = (await client.get(f"http://127.0.0.1:{running.health_port}/metrics")).text
    assert sample(scraped, "cadence_jobs_queued", kind="checksum") == 2
    assert 'cadence_jobs_queued{kind="reverse"} 0.0' in scraped  # a kind with none reads 0


async def test_a_job_of_a_missing_object_fails_at_once(world: World) -> None:
    async with world.worker():
        queued = await world.enqueue(
            world.service.checksum, ChecksumInput(key=new_key(world.user_id))
        )
        done = await world.reaches(queued.id, "succeeded", "failed")
    assert (done.status, done.attempts, done.error_code) == ("failed", 1, "object_not_found")


async def updates_until_terminal(channel: PubSub, within_s: float = 15) -> list[JobUpdate]:
    """The updates pushed on ``channel`` up to the first terminal one."""
    updates: list[JobUpdate] = []
    async with asyncio.timeout(within_s):
        while not (updates and updates[-1].terminal):
            message = await channel.get_message(ignore_subscribe_messages=True, timeout=1)
            if message is not None:
                updates.append(JobUpdate.model_validate_json(message["data"]))
    return updates


async def test_progress_is_stored_and_pushed_live(world: World, gate: Gate) -> None:
    async with world.redis.pubsub() as channel:
        await channel.subscribe(f"cadence:live:{world.user_id}")
        async with world.worker():
            queued = await world.enqueue(world.service.scripted, Script(gate=str(gate)))

            async def reported() -> bool:
                job = await world.job(queued.id)
                return (job.percent, job.stage) == (10, "waiting")

            await eventually(reported, what="progress 10 % 'waiting' on the job row")
            gate.open()
            updates = await updates_until_terminal(channel)
    states = [(u.status, u.percent, u.stage) for u in updates]
    assert states == [
        ("processing", 0, None),
        ("processing", 10, "waiting"),
        ("succeeded", 100, None),
    ]
    assert [u.version for u in updates] == sorted({u.version for u in updates})


async def test_a_transient_failure_is_retried_until_it_succeeds(
    world: World, tmp_path: Path
) -> None:
    counter = tmp_path / "runs"
    async with world.worker() as running:
        queued = await world.enqueue(
            world.service.scripted, Script(counter=str(counter), fail_runs=2)
        )
        done = await world.reaches(queued.id, "succeeded", "failed")
    assert (done.status, done.attempts, done.result) == ("succeeded", 3, done.result)
    assert done.result is not None and done.result["runs"] == 3
    assert len(counter.read_text().splitlines()) == 3
    assert running.runner.stats.retried == 2
    assert await world.effects(done.id) == 1


async def test_transient_failures_exhaust_the_attempts_then_fail(
    world: World, tmp_path: Path
) -> None:
    counter = tmp_path / "runs"
    async with world.worker():
        queued = await world.enqueue(
            world.service.scripted, Script(counter=str(counter), fail_runs=10)
        )
        done = await world.reaches(queued.id, "failed", "succeeded")
    assert (done.status, done.attempts, done.error_code) == ("failed", 3, ATTEMPTS_EXHAUSTED)
    assert done.error == "The job could not be completed after 3 attempts."
    assert len(counter.read_text().splitlines()) == 3
    assert await world.effects(done.id) == 0


async def test_bad_input_fails_at_once_without_retries(world: World, tmp_path: Path) -> None:
    counter = tmp_path / "runs"
    async with world.worker() as running:
        queued = await world.enqueue(
            world.service.scripted, Script(counter=str(counter), refuse=True)
        )
        done = await world.reaches(queued.id, "failed", "succeeded")
    assert (done.status, done.attempts, done.error_code) == ("failed", 1, "unsupported_file_type")
    assert done.error is not None and "application/x-garbage" in done.error
    assert len(counter.read_text().splitlines()) == 1
    assert running.runner.stats.retried == 0
    [update] = await read_snapshot(world.redis, world.user_id)
    assert (update.status, update.error) == ("failed", done.error)


async def test_a_job_over_its_time_limit_fails_and_its_process_is_replaced(
    make_world: MakeWorld, gate: Gate, tmp_path: Path
) -> None:
    world = await make_world(jobs_time_limit_s=1.0)
    pid_file = tmp_path / "pid"
    async with world.worker() as running:
        queued = await world.enqueue(
            world.service.scripted, Script(gate=str(gate), pid_file=str(pid_file))
        )
        done = await world.reaches(queued.id, "failed", "succeeded")
        [process] = running.runner.processes
        old_pid = int(pid_file.read_text())
        assert process_gone(old_pid)
        assert process.started == 2 and process.pid != old_pid
        assert process.pid is not None and not process_gone(process.pid)
    assert (done.status, done.attempts, done.error_code) == ("failed", 1, TIMED_OUT)
    assert done.error == "The job took longer than 1 s."


async def test_cancelling_a_running_job_stops_its_work(
    world: World, gate: Gate, tmp_path: Path
) -> None:
    pid_file = tmp_path / "pid"
    async with world.worker() as running:
        queued = await world.enqueue(
            world.service.scripted, Script(gate=str(gate), pid_file=str(pid_file))
        )
        await world.reaches(queued.id, "processing")
        await eventually(pid_file.exists, what="the work started")
        async with world.sessions() as session, session.begin():
            [cancelled] = await world.service.jobs.cancel(session, resource_id=queued.resource_id)
        assert cancelled.status == "cancelled"
        await eventually(lambda: running.runner.stats.lost == 1, what="the worker noticed")
        assert process_gone(int(pid_file.read_text()))
        gate.open()
    done = await world.job(queued.id)
    assert (done.status, done.result) == ("cancelled", None)
    assert await world.effects(queued.id) == 0
    [update] = await read_snapshot(world.redis, world.user_id)
    assert update.status == "cancelled"


async def test_a_job_cancelled_before_it_ran_never_runs(world: World, tmp_path: Path) -> None:
    counter = tmp_path / "runs"
    queued = await world.enqueue(world.service.scripted, Script(counter=str(counter)))
    async with world.sessions() as session, session.begin():
        await world.service.jobs.cancel(session, resource_id=queued.resource_id)
    async with world.worker() as running:
        await eventually(lambda: running.runner.stats.ignored >= 1, what="the message handled")
    assert (await world.job(queued.id)).status == "cancelled"
    assert not counter.exists()


async def test_a_redelivered_message_of_a_finished_job_does_nothing(world: World) -> None:
    async with world.worker() as running:
        queued = await world.enqueue(world.service.scripted, Script())
        done = await world.reaches(queued.id, "succeeded")
        async with world.sessions() as session, session.begin():
            await world.service.events.add(session, world.service.scripted.message(queued.id))
        await eventually(lambda: running.runner.stats.ignored == 1, what="the redelivery handled")
    assert running.runner.stats.claimed == 1
    after = await world.job(queued.id)
    assert (after.status, after.version, after.attempts) == ("succeeded", done.version, 1)
    assert await world.effects(queued.id) == 1


async def test_health_endpoints(world: World) -> None:
    async with world.worker() as running, httpx.AsyncClient() as client:
        base = f"http://127.0.0.1:{running.health_port}"
        live = await client.get(f"{base}/health/live")

        # Ready once its broker connections are up, which the worker opens in the background.
        async def answers_ready() -> bool:
            return (await client.get(f"{base}/health/ready")).status_code == 200

        await eventually(answers_ready, what="the worker ready")
        ready = await client.get(f"{base}/health/ready")
        missing = await client.get(f"{base}/nothing")
        running.stopping = True
        stopping = await client.get(f"{base}/health/ready")
        running.stopping = False
    assert (live.status_code, live.json()) == (200, {"status": "ok"})
    assert ready.status_code == 200
    checks = ready.json()["checks"]
    assert set(checks) == {"postgres", "redis", "broker", "outbox", "jobs"}
    assert all(check["status"] == "ok" for check in checks.values())
    assert checks["jobs"]["slots"] == 1
    assert missing.status_code == 404
    assert (stopping.status_code, stopping.json()) == (503, {"status": "stopping"})


async def test_the_event_loop_stays_free_while_a_cpu_bound_job_runs(
    world: World, gate: Gate, tmp_path: Path
) -> None:
    pid_file = tmp_path / "pid"
    async with world.worker() as running, httpx.AsyncClient(timeout=5) as client:
        queued = await world.enqueue(
            world.service.scripted, Script(gate=str(gate), spin=True, pid_file=str(pid_file))
        )
        await eventually(pid_file.exists, what="the CPU-bound work started")
        answers = [
            (await client.get(f"http://127.0.0.1:{running.health_port}/health/live")).status_code
            for _ in range(20)
        ]
        still = await world.job(queued.id)
        gate.open()
        await world.reaches(queued.id, "succeeded")
    assert answers == [200] * 20
    assert still.status == "processing"
    assert int(pid_file.read_text()) != os.getpid()


async def test_jobs_of_a_deleted_user_are_erased_and_stop(world: World, gate: Gate) -> None:
    async with world.worker() as running:
        queued = await world.enqueue(world.service.scripted, Script(gate=str(gate)))
        await world.reaches(queued.id, "processing")
        async with world.sessions() as session, session.begin():
            assert await world.service.jobs.erase_user(session, world.user_id) == 1
        await eventually(lambda: running.runner.stats.lost == 1, what="the worker noticed")
    async with world.engine.connect() as conn:
        table = world.service.jobs.table
        assert await conn.scalar(select(func.count()).select_from(table)) == 0


async def test_a_cancel_the_driver_turns_into_an_error_still_frees_the_slot(
    world: World, gate: Gate
) -> None:
    # A cancel landing inside a lease renewal can come back from the database driver as an
    # ordinary error; the keeper must still stop, or the slot stays held renewing forever.
    async with world.worker() as running:
        store = running.runner.store
        renew, renewing = store.renew, asyncio.Event()

        async def renew_then_fail_on_cancel(*args: Any, **kwargs: Any) -> Any:
            renewing.set()
            try:
                await asyncio.sleep(3)
            except asyncio.CancelledError:
                raise RuntimeError("connection was closed in the middle of operation") from None
            return await renew(*args, **kwargs)

        setattr(store, "renew", renew_then_fail_on_cancel)  # noqa: B010 - this runner only
        queued = await world.enqueue(world.service.scripted, Script(gate=str(gate)))
        await asyncio.wait_for(renewing.wait(), 15)
        gate.open()
        done = await world.reaches(queued.id, "succeeded", "failed")
        await eventually(lambda: not running.runner.running, what="the slot freed")
        setattr(store, "renew", renew)  # noqa: B010
        second = await world.enqueue(world.service.scripted, Script())
        assert (await world.reaches(second.id, "succeeded", "failed")).status == "succeeded"
    assert done.status == "succeeded"


async def test_a_file_the_work_leaves_is_kept_in_storage(world: World) -> None:
    data = os.urandom(3 * MiB + 7)
    key = await put_object(world, data)
    output_key = new_key(world.user_id)
    async with world.worker():
        queued = await world.enqueue(
            world.service.reverse, ReverseInput(key=key, output_key=output_key)
        )
        done = await world.reaches(queued.id, "succeeded", "failed")
    assert (done.status, done.result) == ("succeeded", {"size": len(data)})
    storage = storage_from_settings(world.settings)
    try:
        kept = b"".join([chunk async for chunk in storage.open(output_key)])
    finally:
        await storage.close()
    assert kept == data[::-1]


async def test_a_file_the_work_did_not_leave_fails_the_attempt(world: World) -> None:
    key = await put_object(world, b"some bytes")
    output_key = new_key(world.user_id)
    async with world.worker():
        queued = await world.enqueue(
            world.service.reverse,
            ReverseInput(key=key, output_key=output_key, leave_nothing=True),
        )
        done = await world.reaches(queued.id, "succeeded", "failed")
    assert (done.status, done.error_code, done.attempts) == ("failed", ATTEMPTS_EXHAUSTED, 3)
    assert await world.effects(done.id) == 0
    storage = storage_from_settings(world.settings)
    try:
        assert not await storage.exists(output_key)
    finally:
        await storage.close()


async def test_a_warm_up_runs_once_in_the_fork_server_before_the_work_processes(
    world: World,
) -> None:
    async with world.worker():
        queued = await world.enqueue(world.service.scripted, Script())
        done = await world.reaches(queued.id, "succeeded", "failed")
    assert done.result is not None and done.result["warm"] is True
