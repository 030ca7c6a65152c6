"""However the stack's runner ends (Ctrl-C, SIGTERM, SIGHUP; sent to ``make`` or to the runner
itself), every process it started ends with it, and nothing is left for ``make stop``.

A small stack: a Procfile of two sleeping processes, run by ``deploy/local/stack.py
run-procfile`` under the same supervision as ``make run``, started through ``make`` and
``uv run`` as ``make run`` starts it."""

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cadence_gateway.render import REPO_ROOT

DEADLINE_S = 20.0
PROCESSES = ("one", "two")


def wait_for(condition: Callable[[], bool], what: str, within_s: float = DEADLINE_S) -> None:
    deadline = time.monotonic() + within_s
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not within {within_s} s"
        time.sleep(0.05)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) is gone for our purpose.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@dataclass
class SmallStack:
    make: subprocess.Popen[bytes]
    run_dir: Path
    pid_dir: Path

    def pids(self) -> dict[str, int]:
        found = {}
        for name in PROCESSES:
            path = self.pid_dir / name
            if path.exists() and path.read_text():
                found[name] = int(path.read_text())
        return found

    @property
    def honcho(self) -> int:
        return int((self.run_dir / "stack.pid").read_text())

    @property
    def runner(self) -> int:
        stat = Path(f"/proc/{self.honcho}/stat").read_text()
        return int(stat.rsplit(")", 1)[1].split()[1])


def _uv() -> str:
    found = shutil.which("uv") or str(Path.home() / ".local" / "bin" / "uv")
    if not Path(found).exists():
        pytest.fail("uv is not installed (`make install` installs it)")
    return found


@pytest.fixture
def small_stack(tmp_path: Path) -> Iterator[SmallStack]:
    pid_dir = tmp_path / "pids"
    pid_dir.mkdir()
    sleeper = (
        "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(600)"
    )
    procfile = tmp_path / "Procfile"
    procfile.write_text(
        "".join(f'{name}: {sys.executable} -c "{sleeper}" {pid_dir / name}\n' for name in PROCESSES)
    )
    run_dir = tmp_path / "run"
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        "run:\n"
        f"\t{_uv()} run --no-sync python deploy/local/stack.py run-procfile"
        f" --procfile {procfile} --run-dir {run_dir}\n"
    )
    make = subprocess.Popen(
        ["make", "-f", str(makefile), "run"],
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the signals of this test reach only what it aims at
    )
    stack = SmallStack(make, run_dir, pid_dir)
    try:
        wait_for(lambda: len(stack.pids()) == len(PROCESSES), "both processes up")
        yield stack
    finally:
        for pid in stack.pids().values():
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
        make.wait(timeout=10)


@pytest.mark.parametrize("target", ["make", "runner"])
@pytest.mark.parametrize(
    "ending", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda ending: ending.name
)
def test_everything_the_runner_started_ends_with_it(
    small_stack: SmallStack, target: str, ending: signal.Signals
) -> None:
    honcho = small_stack.honcho
    runner = small_stack.runner
    started = list(small_stack.pids().values())

    if target == "runner":
        os.kill(runner, ending)
    elif ending in (signal.SIGINT, signal.SIGHUP):
        # Ctrl-C, or the terminal closing: the terminal signals make's whole process group
        # (make itself, told alone, waits for its children rather than passing these on).
        os.killpg(small_stack.make.pid, ending)
    else:
        os.kill(small_stack.make.pid, ending)  # `kill <make>`: make passes SIGTERM on

    for pid in [*started, honcho, runner]:
        wait_for(lambda pid=pid: not alive(pid), f"process {pid} ended")  # type: ignore[misc]
    small_stack.make.wait(timeout=DEADLINE_S)
    assert not (small_stack.run_dir / "stack.pid").exists()  # nothing left for `make stop`


def test_a_killed_runner_takes_the_stack_with_it(small_stack: SmallStack) -> None:
    # SIGKILL runs no handler: the kernel's parent-death signal tells honcho instead.
    honcho = small_stack.honcho
    started = list(small_stack.pids().values())

    os.kill(small_stack.runner, signal.SIGKILL)

    for pid in [*started, honcho]:
        wait_for(lambda pid=pid: not alive(pid), f"process {pid} ended")  # type: ignore[misc]
