"""Structured JSON logs (structlog): every line carries the service and the request id, and the
trace and span ids when tracing is on; a request's line adds its route template and user id.

Library loggers (uvicorn, SQLAlchemy, aio-pika, httpx) go through the standard library; their
records are rendered by the same processors, so the whole output is one JSON line per event.
"""

import logging
import sys

import orjson
import structlog

from cadence_shared.observability import span_ids

QUIET_LIBRARIES = ("httpx", "httpcore", "aiormq", "aio_pika")


def configure_logging(service: str, *, level: str = "INFO", json: bool = True) -> None:
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
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(sys.stdout),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stdout)
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
