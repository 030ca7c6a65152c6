"""Structured JSON logs (structlog): every line carries the service and the request id, and the
trace and span ids when tracing is on; a request's line adds its route template and user id.

Library loggers (uvicorn, SQLAlchemy, aio-pika, httpx) go through the standard library; their
records are rendered by the same processors, so the whole output is one JSON line per event.

The lines go to stdout (a container runtime collects them), or with ``log_dir`` set (the local
stack) to a file of the process's own, ``<dir>/<process>.log``: a log call then only appends its
line to a list, and a thread writes them out in batches (``LineFile``), so neither a pipe to a
relaying process nor a system call per line costs the event loop anything.
"""

import atexit
import contextlib
import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import orjson
import structlog

from cadence_shared.observability import span_ids

if TYPE_CHECKING:
    from cadence_shared.settings import CoreSettings

QUIET_LIBRARIES = ("httpx", "httpcore", "aiormq", "aio_pika")


def configure_logging(
    service: str, *, level: str = "INFO", json: bool = True, directory: str = ""
) -> None:
    """``directory``: where the process's log file goes (empty: stdout)."""
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_service(service),
        _add_trace_ids,
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer(
            serializer=lambda event, **_: orjson.dumps(event).decode()
        )
        if json
        else structlog.dev.ConsoleRenderer()
    )
    stream, logger_factory = _output(service, directory)
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=logger_factory,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[*shared, structlog.stdlib.add_logger_name],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True  # our middleware logs each request
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))


def logging_from(settings: "CoreSettings") -> None:
    """The process's logging as its settings say (every process calls this once it has them)."""
    configure_logging(
        settings.service_name,
        level=settings.log_level,
        json=settings.log_json,
        directory=settings.log_dir,
    )


# --- where the lines go ---------------------------------------------------------------------------

FLUSH_S = 0.2  # how long a line may wait in memory before it reaches the file
_files: dict[Path, "LineFile"] = {}


class LineFile:
    """A process's log file, written off the event loop: a log call only appends its line to a
    list (no system call; the lock is held for the append alone), and a thread writes whatever
    gathered every ``FLUSH_S`` in one ``write``, and once more at exit. A process killed outright
    (SIGKILL) loses at most that last fraction of a second."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self._start()
        atexit.register(self.close)
        # A forked child has no writer thread: it gets its own (and not the parent's lines).
        os.register_at_fork(after_in_child=self._start)

    def _start(self) -> None:
        self._lines: list[str] = []
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._writer = threading.Thread(target=self._write_every, name="log-writer", daemon=True)
        self._writer.start()

    def write(self, text: str) -> int:
        with self._lock:
            self._lines.append(text)
        return len(text)

    def flush(self) -> None:
        """Nothing now (``logging.StreamHandler`` calls it after every line): the thread writes."""

    def drain(self) -> None:
        """Writes what gathered so far."""
        with self._lock:
            lines, self._lines = self._lines, []
        if not lines:
            return
        data = "".join(lines).encode(errors="replace")
        while data:
            data = data[os.write(self._fd, data) :]

    def close(self) -> None:
        if not self._closed.is_set():
            self._closed.set()
            self._writer.join(timeout=2)
            self.drain()

    def _write_every(self) -> None:
        while not self._closed.wait(FLUSH_S):
            with contextlib.suppress(OSError):  # a full disk must not end the process
                self.drain()


class _LineLogger:
    """structlog's logger for a ``LineFile``: each call one line."""

    def __init__(self, file: LineFile) -> None:
        self._file = file

    def msg(self, message: str) -> None:
        self._file.write(message + "\n")

    log = debug = info = warn = warning = error = err = critical = exception = fatal = msg


def process_name(service: str) -> str:
    """What the process's log file is named after: the name the local stack's process manager
    (honcho) gives it, ``tasks.1``, ``audio-analysis.1``; elsewhere the service and its pid."""
    return os.environ.get("HONCHO_PROCESS_NAME") or f"{service}-{os.getpid()}"


def log_file(directory: Path, service: str) -> LineFile:
    """The process's ``LineFile`` in ``directory`` (one per path, however often logging is set up)."""
    path = directory / f"{process_name(service)}.log"
    if path not in _files:
        _files[path] = LineFile(path)
    return _files[path]


def _output(service: str, directory: str) -> tuple[TextIO | LineFile, Callable[..., Any]]:
    """The stream the standard library's records go to, and structlog's logger factory."""
    if not directory:
        return sys.stdout, structlog.PrintLoggerFactory(sys.stdout)
    file = log_file(Path(directory), service)
    return file, lambda *_: _LineLogger(file)


def _add_trace_ids(
    _: object, __: str, event: structlog.types.EventDict
) -> structlog.types.EventDict:
    ids = span_ids()
    if ids is not None:
        event["trace_id"], event["span_id"] = ids
    return event


def _add_service(service: str) -> structlog.types.Processor:
    def add(_: object, __: str, event: structlog.types.EventDict) -> structlog.types.EventDict:
        event["service"] = service
        return event

    return add


# --- reading the logs: ``python -m cadence_shared.logging`` (``make logs``) ---------------------

# Shown first, in this order, without their names; every other field follows as key=value.
LEADING_FIELDS = ("level", "service", "event", "method", "route", "status", "duration_ms")
HIDDEN_FIELDS = frozenset({"timestamp", "path", "span_id", "logger"})
LEVEL_COLOURS = {"warning": "33", "error": "31", "critical": "31"}


def pretty(line: str, *, colour: bool = False) -> str:
    """One line of the stack's log as a person reads it: a JSON record (after honcho's
    ``time name | `` prefix, if any) becomes its level, service, event and request first, the
    trace id shortened, the rest as key=value; anything else is left as it is."""
    prefix, bar, record_text = line.partition("| ")
    if bar:
        prefix += bar
    else:
        prefix, record_text = "", line
    try:
        record = orjson.loads(record_text)
    except orjson.JSONDecodeError:
        return line
    if not isinstance(record, dict):
        return line
    level = str(record.get("level", ""))
    if record.get("duration_ms") is not None:
        record["duration_ms"] = f"{record['duration_ms']}ms"
    if record.get("route") is None:
        record["route"] = record.get("path")
    head = " ".join(str(record[name]) for name in LEADING_FIELDS if record.get(name) is not None)
    if "trace_id" in record:
        record["trace_id"] = str(record["trace_id"])[:12]
    tail = " ".join(
        f"{name}={value}"
        for name, value in record.items()
        if name not in LEADING_FIELDS and name not in HIDDEN_FIELDS and value is not None
    )
    text = f"{prefix}{head}  {tail}".rstrip()
    code = LEVEL_COLOURS.get(level)
    return f"\x1b[{code}m{text}\x1b[0m" if colour and code else text


def main() -> None:
    colour = sys.stdout.isatty()
    try:
        for line in sys.stdin:
            print(pretty(line.rstrip("\n"), colour=colour), flush=True)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
