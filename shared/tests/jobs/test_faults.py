"""Jobs when things break: a worker SIGKILLed mid-job, its broker connection cut, SIGTERM with
and without time to finish, Redis away when the job ends."""

import asyncio
import os
import signal
import socket
from pathlib import Path

from cadence_shared.jobs import JobRunner
from cadence_shared.live import read_snapshot
from cadence_shared.testing.jobs import Script
from cadence_shared.testing.waiting import eventually
from shared.tests.events.test_failures import close_connections_of
from shared.tests.jobs.conftest import Gate, MakeWorld, TcpProxy, World, process_gone

THIS_WORKER = f"{socket.gethostname()}:{os.getpid()}"


async def consuming(runner: JobRunner) -> bool:
    try:
        await runner.health()
    except RuntimeError:
        return False
    return True


def pid_in(path: Path) -> int:
    return int(path.read_text())


async def test_a_job_whose_worker_is_killed_is_finished_by_another_once(
    world: World, gate: Gate, tmp_path: Path
) -> None:
    pid_file = tmp_path / "pid"
    async with world.worker_process() as first:
        queued = await world.enqueue(
            world.service.scripted, Script(gate=str(gate), pid_file=str(pid_file))
        )
        held = await world.reaches(queued.id, "processing")
        assert held.claimed_by == first.worker_id
        await eventually(pid_file.exists, what="the first worker's work started")
        first.process.send_signal(signal.SIGKILL)
        await first.process.wait()
    first_work = pid_in(pid_file)
    await eventually(lambda: process_gone(first_work), what="the killed worker's work gone too")
    gate.open()
    async with world.worker() as second:
        done = await world.reaches(queued.id, "succeeded", "failed")
    assert (done.status, done.attempts, done.claimed_by) == ("succeeded", 2, THIS_WORKER)
    assert done.result is not None and done.result["pid"] != first_work
    assert await world.effects(queued.id) == 1
    assert second.runner.stats.succeeded == 1


async def test_a_job_survives_its_broker_connection_being_cut_and_ends_once(
    world: World, gate: Gate
) -> None:
    async with world.worker() as running:
        queued = await world.enqueue(world.service.scripted, Script(gate=str(gate)))
        await world.reaches(queued.id, "processing")
        cut = await asyncio.to_thread(close_connections_of, f"{world.settings.service_name}-jobs")
        assert cut == 1
        # The broker gives the unacked message again: the claim is still ours, so it is dropped.
        await eventually(lambda: running.runner.stats.ignored >= 1, what="the redelivery")
        gate.open()
        done = await world.reaches(queued.id, "succeeded", "failed")
        await eventually(lambda: consuming(running.runner), what="consuming after the cut")
    assert (done.status, done.attempts) == ("succeeded", 1)
    assert await world.effects(queued.id) == 1
    assert (running.runner.stats.claimed, running.runner.stats.succeeded) == (1, 1)


async def test_sigterm_lets_the_running_job_finish_within_the_grace_period(
    world: World, gate: Gate
) -> None:
    async with world.worker_process(worker_grace_s=60) as worker:
        queued = await world.enqueue(world.service.scripted, Script(gate=str(gate)))
        await world.reaches(queued.id, "processing")
        worker.process.send_signal(signal.SIGTERM)

        async def draining() -> bool:
            return await worker.health("/health/ready") == 503

        await eventually(draining, what="the worker stopping (not ready)")
        assert (await world.job(queued.id)).status == "processing"
        gate.open()
        assert await asyncio.wait_for(worker.process.wait(), 30) == 0
    done = await world.job(queued.id)
    assert (done.status, done.attempts, done.claimed_by) == ("succeeded", 1, worker.worker_id)
    assert await world.effects(queued.id) == 1


async def test_sigterm_releases_a_job_that_outlasts_the_grace_period(
    world: World, gate: Gate, tmp_path: Path
) -> None:
    pid_file = tmp_path / "pid"
    async with world.worker_process(worker_grace_s=0.5) as worker:
        queued = await world.enqueue(
            world.service.scripted, Script(gate=str(gate), pid_file=str(pid_file))
        )
        await world.reaches(queued.id, "processing")
        await eventually(pid_file.exists, what="the work started")
        worker.process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(worker.process.wait(), 30) == 0
    released = await world.job(queued.id)
    assert (released.status, released.attempts, released.result) == ("queued", 0, None)
    assert process_gone(pid_in(pid_file))
    gate.open()
    async with world.worker():
        done = await world.reaches(queued.id, "succeeded", "failed")
    assert (done.status, done.attempts, done.claimed_by) == ("succeeded", 1, THIS_WORKER)
    assert await world.effects(queued.id) == 1


async def test_the_final_state_reaches_the_live_snapshot_after_a_redis_outage(
    make_world: MakeWorld, redis_proxy: tuple[TcpProxy, str], gate: Gate
) -> None:
    proxy, through_proxy = redis_proxy
    world = await make_world(redis_url=through_proxy)
    async with world.worker() as running:
        queued = await world.enqueue(world.service.scripted, Script(gate=str(gate)))
        await world.reaches(queued.id, "processing")

        async def processing_published() -> bool:
            return [
                update.status for update in await read_snapshot(world.redis, world.user_id)
            ] == ["processing"]

        # The row turns `processing` before its live update is written: cut Redis only after.
        await eventually(processing_published, what="the processing state in the snapshot")
        await proxy.cut()
        gate.open()
        done = await world.reaches(queued.id, "succeeded")
        await eventually(lambda: queued.id in running.runner.live.pending, what="kept to retry")
        [missed] = await read_snapshot(world.redis, world.user_id)
        assert missed.status == "processing"
        await proxy.start()

        async def delivered() -> bool:
            [update] = await read_snapshot(world.redis, world.user_id)
            return update.status == "succeeded"

        await eventually(delivered, what="the final state in the snapshot")
    [update] = await read_snapshot(world.redis, world.user_id)
    assert (update.status, update.percent, update.version) == ("succeeded", 100, done.version)
    assert not running.runner.live.pending
