"""The process each worker slot runs its work in, so CPU-bound work never blocks the event loop.

One long-lived child per slot, not a ``ProcessPoolExecutor``: a job past its time limit, or
cancelled, or whose worker is stopping, must be stopped by killing its process, and killing one
process of an executor breaks the whole executor (every other slot's job with it). Here a slot
kills its own child and starts a fresh one; the other slots never notice.

Children come from a fork server: a fresh interpreter started once, that has imported the jobs'
modules (``preload``) and forks a child in milliseconds, where a spawned child would import
them again each time (seconds on a busy machine: after every kill). Nothing is forked from the
worker itself, whose event loop and threads a fork would copy mid-flight. Children ignore SIGINT
and SIGTERM (the worker decides when they stop) and die with their parent
(``PR_SET_PDEATHSIG`` on Linux); the fork server exits when the worker does, so a SIGKILLed
worker leaves no work running behind it.

The child reads a task from its pipe, runs ``work(input, workdir, progress)``, and answers with
``("done", result)`` or ``("error", code, detail, permanent)``; ``progress`` sends
``("progress", percent, stage)``, throttled in the child, while it works.
"""

import asyncio
import contextlib
import ctypes
import multiprocessing
import multiprocessing.forkserver
import os
import signal
import sys
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from cadence_shared.errors import DomainError

_FORKSERVER = multiprocessing.get_context("forkserver")
_PR_SET_PDEATHSIG = 1
WARM_UPS_ENV = "CADENCE_JOBS_WARM_UPS"


def preload(modules: set[str], *, warm_ups: Collection[Callable[[], None]] = ()) -> None:
    """Modules the fork server imports once for every child (the jobs' work functions), and
    functions it runs once after them (``warm_ups``: what every child would otherwise redo,
    such as numba compiling librosa's kernels, 15 to 40 s per child here); only what is set
    before the first child starts counts.

    This module (the children's entry point, ``_serve``) and the worker's ``__main__`` (which
    every child would otherwise run again as ``__mp_main__``) are always among them: left out,
    each child imports them itself, which took 5 to 8 s per child on a loaded 2-core machine
    (``python -X importtime``), after every kill as well; preloaded, a child starts in 15 ms.
    """
    # The fork server inherits the worker's environment: that is how it learns the warm-ups.
    os.environ[WARM_UPS_ENV] = ",".join(sorted(_reference(f) for f in warm_ups))
    _FORKSERVER.set_forkserver_preload(preloaded(modules))


def preloaded(modules: set[str]) -> list[str]:
    """What ``preload(modules)`` has the fork server import (``warm`` runs the warm-ups)."""
    return sorted({*modules, __name__, "__main__", "cadence_shared.jobs.warm"})


def _reference(function: Callable[[], None]) -> str:
    if "<" in function.__qualname__:
        raise ValueError(f"a warm-up must be a module-level function, not {function!r}")
    return f"{function.__module__}:{function.__qualname__}"


@dataclass(frozen=True)
class Task:
    work: Callable[[Any, Path, Any], BaseModel]
    input_model: type[BaseModel]
    input: dict[str, Any]
    workdir: Path
    progress_interval_s: float


@dataclass(frozen=True)
class Done:
    result: dict[str, Any]


@dataclass(frozen=True)
class Failed:
    code: str
    detail: str
    permanent: bool


Outcome = Done | Failed


class _ChildProgress:
    def __init__(self, connection: Connection, interval_s: float) -> None:
        self._connection = connection
        self._interval_s = interval_s
        self._last = float("-inf")

    def __call__(self, percent: int, stage: str | None = None) -> None:
        now = time.monotonic()
        if now - self._last < self._interval_s:
            return
        self._last = now
        self._connection.send(("progress", max(0, min(100, int(percent))), stage))


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _let_the_fork_server_go() -> None:
    """A forked child inherits the fork server's "alive" pipe (so it could start processes of its
    own): holding it keeps the fork server, and so this child, alive after the worker has died.
    These children start no processes: close it, and the fork server exits with the worker."""
    server = getattr(multiprocessing.forkserver, "_forkserver", None)
    descriptor = getattr(server, "_forkserver_alive_fd", None)
    if isinstance(descriptor, int):
        with contextlib.suppress(OSError):
            os.close(descriptor)
        setattr(server, "_forkserver_alive_fd", None)  # noqa: B010 - a private attribute


def _serve(connection: Connection) -> None:
    """The child's loop: one task at a time until the pipe closes (or a None task)."""
    _let_the_fork_server_go()
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    while True:
        try:
            task: Task | None = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        try:
            progress = _ChildProgress(connection, task.progress_interval_s)
            output = task.work(task.input_model.model_validate(task.input), task.workdir, progress)
            answer: tuple[Any, ...] = ("done", output.model_dump(mode="json"))
        except DomainError as exc:
            answer = ("error", exc.code, exc.detail, exc.permanent)
        except Exception as exc:
            answer = ("error", "", f"{type(exc).__name__}: {exc}", False)
        connection.send(answer)


class ChildLost(RuntimeError):
    """The work's process died (killed, out of memory, a crash in native code)."""


class WorkProcess:
    """One slot's child process; ``run`` a task in it, ``close`` at the end."""

    def __init__(self) -> None:
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None
        self.started = 0  # processes started so far (1 + how many were replaced)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        parent, child = _FORKSERVER.Pipe()
        process = _FORKSERVER.Process(target=_serve, args=(child,), daemon=True, name="cadence-job")
        process.start()
        child.close()
        self._process, self._connection = process, parent
        self.started += 1

    def kill(self) -> None:
        """Kills the child at once (the job it runs is abandoned) and starts a fresh one."""
        self._stop(kill=True)
        self.start()

    def close(self) -> None:
        self._stop(kill=False)

    def _stop(self, *, kill: bool) -> None:
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if connection is not None:
            if not kill:
                with contextlib.suppress(OSError):
                    connection.send(None)
            connection.close()
        if process is not None:
            if kill:
                process.kill()
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join()

    async def run(self, task: Task, on_progress: Callable[[int, str | None], None]) -> Outcome:
        """Runs ``task`` in the child; cancelling this (a time limit, a cancel) kills the child
        and replaces it."""
        if self._connection is None:
            self.start()
        connection = self._connection
        assert connection is not None
        connection.send(task)
        reader = _Reader(connection)
        finished = False
        try:
            while (message := await reader.next()) is not None:
                if message[0] == "progress":
                    on_progress(message[1], message[2])
                    continue
                finished = True
                if message[0] == "done":
                    return Done(message[1])
                return Failed(message[1], message[2], message[3])
            raise ChildLost(f"the job's process ended (exit code {self._exitcode()})")
        finally:
            reader.close()
            if not finished:
                self.kill()

    def _exitcode(self) -> int | None:
        if self._process is None:
            return None
        self._process.join(1)
        return self._process.exitcode


class _Reader:
    """The child's messages, read when the pipe is readable (never blocking the event loop);
    ``next`` gives None once the child's end has closed."""

    def __init__(self, connection: Connection) -> None:
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[tuple[Any, ...] | None] = asyncio.Queue()
        self._connection = connection
        self._descriptor = connection.fileno()
        self._loop.add_reader(self._descriptor, self._readable)

    def _readable(self) -> None:
        try:
            while self._connection.poll():
                self._queue.put_nowait(self._connection.recv())
        except (EOFError, OSError):
            self._loop.remove_reader(self._descriptor)
            self._queue.put_nowait(None)

    async def next(self) -> tuple[Any, ...] | None:
        return await self._queue.get()

    def close(self) -> None:
        self._loop.remove_reader(self._descriptor)
