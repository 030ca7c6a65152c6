"""A log folder read as one stream: every process's file and honcho's, for people or tools."""

import io
from pathlib import Path

import orjson

from cadence_shared.log_files import Follower


def record(service: str, event: str, at: str = "2026-12-04T03:10:00.123456Z") -> str:
    return orjson.dumps(
        {"event": event, "level": "info", "service": service, "timestamp": at}
    ).decode()


def append(path: Path, *lines: str, end: str = "\n") -> None:
    with path.open("a") as file:
        file.write("".join(f"{line}\n" for line in lines[:-1]) + lines[-1] + end)


def test_new_lines_of_every_file_are_merged_readable_new_files_from_their_start(
    tmp_path: Path,
) -> None:
    append(tmp_path / "stack.log", "03:09:00 system  | tasks.1 started (pid=1)")
    append(tmp_path / "tasks.1.log", record("tasks", "before"))
    follower = Follower(tmp_path)
    assert follower.lines() == []  # what was there before is not shown
    append(tmp_path / "tasks.1.log", record("tasks", "request"))
    append(tmp_path / "audio-analysis.1.log", record("audio", "job_done"))  # a new file
    append(tmp_path / "stack.log", "03:10:01 system  | tasks.1 stopped (rc=0)")
    assert sorted(follower.lines()) == [
        "03:10:00 audio-analysis.1 | info audio job_done",
        "03:10:00 tasks.1 | info tasks request",
        "03:10:01 system  | tasks.1 stopped (rc=0)",
    ]
    # A line is shown once it is complete.
    append(tmp_path / "tasks.1.log", record("tasks", "half"), end="")
    assert follower.lines() == []
    append(tmp_path / "tasks.1.log", "")
    assert follower.lines() == ["03:10:00 tasks.1 | info tasks half"]


def test_one_service_and_its_workers_only(tmp_path: Path) -> None:
    follower = Follower(tmp_path, service="audio")
    for process in ("audio.1", "audio-analysis.1", "auth.1", "audiox.1"):
        append(tmp_path / f"{process}.log", record(process.split(".")[0], "hello"))
    append(
        tmp_path / "stack.log",
        "03:10:00 audio.1           | printed before logging",
        "03:10:00 auth.1            | printed by auth",
        "03:10:00 system            | audio.1 started (pid=2)",
    )
    shown = sorted(follower.lines())
    assert shown == [
        "03:10:00 audio-analysis.1 | info audio-analysis hello",
        "03:10:00 audio.1           | printed before logging",
        "03:10:00 audio.1 | info audio hello",
    ]


def test_as_json_only_the_json_lines_as_written(tmp_path: Path) -> None:
    follower = Follower(tmp_path, as_json=True)
    line = record("tasks", "request")
    append(tmp_path / "tasks.1.log", line)
    append(
        tmp_path / "stack.log",
        "03:10:00 system  | tasks.1 started (pid=1)",
        f"03:10:00 fitness.1 | {record('fitness', 'printed')}",
        "03:10:00 fitness.1 | Traceback (most recent call last):",
    )
    out = io.StringIO()
    follower.follow(out, until=lambda: True)
    assert sorted(out.getvalue().splitlines()) == sorted([line, record("fitness", "printed")])


def test_it_starts_the_given_number_of_lines_before_each_end(tmp_path: Path) -> None:
    append(tmp_path / "tasks.1.log", *(record("tasks", f"line {n}") for n in range(100)))
    append(tmp_path / "auth.1.log", record("auth", "only"))
    follower = Follower(tmp_path, as_json=True, lines=2)
    assert follower.lines() == [
        record("auth", "only"),
        record("tasks", "line 98"),
        record("tasks", "line 99"),
    ]
