"""``cadence-events <service> <command>``: run a service's event worker, manage parked messages.

The service is found by convention: ``<service>_service.events`` defines ``bus`` (its EventBus)
and ``<service>_service.settings`` defines ``get_settings()``.

    cadence-events tasks worker [--no-relay | --no-consumer]
    cadence-events tasks parked
    cadence-events tasks replay erase-user-data [--id EVENT_ID ...]
    cadence-events tasks drop erase-user-data (--id EVENT_ID ... | --all)
"""

import argparse
import asyncio
import contextlib
import importlib
import signal
import sys
from typing import Any

import aio_pika

from cadence_shared.app import context_of
from cadence_shared.context import EVENTS
from cadence_shared.events.broker import Topology
from cadence_shared.events.bus import EventBus
from cadence_shared.events.parking import drop_parked, list_parked, replay_parked
from cadence_shared.migrations import service_package
from cadence_shared.settings import ServiceSettings


def load(service: str) -> tuple[EventBus, ServiceSettings]:
    package = service_package(service)
    bus = importlib.import_module(f"{package}.events").bus
    settings = importlib.import_module(f"{package}.settings").get_settings()
    if not isinstance(bus, EventBus) or not isinstance(settings, ServiceSettings):
        raise SystemExit(f"{package}.events.bus must be an EventBus")
    return bus, settings


async def run_worker(service: str, bus: EventBus, *, relay: bool, consume: bool) -> None:
    """Runs the relay and/or consumer until SIGINT or SIGTERM, with the same context the
    service's app opens (handlers that take the context get the same mailer, clients, ...)."""
    app = importlib.import_module(f"{service_package(service)}.main").build_app()
    context = context_of(app)
    settings = context.settings
    if not isinstance(settings, ServiceSettings):
        raise SystemExit(f"{service}'s settings lack the event groups")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with context.opened(leave_out=[EVENTS]):
        database = context.database
        async with bus.running(
            settings,
            database.engine,
            database.sessions,
            relay=relay,
            consume=consume,
            context=context,
        ):
            await stop.wait()


def queue_of(bus: EventBus, settings: ServiceSettings, handler: str) -> str:
    names = [subscription.name for subscription in bus.subscriptions]
    if handler not in names:
        raise SystemExit(f"no handler {handler!r}; this service has: {', '.join(names) or 'none'}")
    return Topology.from_settings(settings).queue(bus.store.source, handler)


async def manage(bus: EventBus, settings: ServiceSettings, args: argparse.Namespace) -> None:
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        if args.command == "parked":
            for subscription in bus.subscriptions:
                queue = queue_of(bus, settings, subscription.name)
                parked = await list_parked(connection, queue)
                print(
                    f"{subscription.name} ({Topology.parking_queue(queue)}): {len(parked)} parked"
                )
                for message in parked:
                    print(
                        f"  {message.event_id}  {message.event_type}  attempts={message.attempts}"
                        f"  parked_at={message.parked_at}\n    error: {message.error}"
                    )
            return
        queue = queue_of(bus, settings, args.handler)
        ids = set(args.id) if args.id else None
        if args.command == "replay":
            count = await replay_parked(connection, queue, ids)
            print(f"replayed {count} message(s) to {queue}")
        else:
            if ids is None and not args.all:
                raise SystemExit("drop needs --id EVENT_ID ... or --all")
            count = await drop_parked(connection, queue, ids)
            print(f"dropped {count} message(s) from {Topology.parking_queue(queue)}")
    finally:
        await connection.close()


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="cadence-events", description=__doc__.split("\n")[0])
    root.add_argument("service", help="e.g. tasks")
    commands = root.add_subparsers(dest="command", required=True)
    worker = commands.add_parser("worker", help="run the relay and the consumer")
    only = worker.add_mutually_exclusive_group()
    only.add_argument("--no-relay", action="store_true", help="consume only")
    only.add_argument("--no-consumer", action="store_true", help="relay only")
    commands.add_parser("parked", help="list parked messages of every handler")
    for name, text in (
        ("replay", "send parked messages back"),
        ("drop", "discard parked messages"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("handler", help="the subscription's name")
        command.add_argument("--id", action="append", help="an event id (repeatable)")
        if name == "drop":
            command.add_argument("--all", action="store_true", help="every parked message")
    return root


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    bus, settings = load(args.service)
    runner: Any
    if args.command == "worker":
        runner = run_worker(
            args.service, bus, relay=not args.no_relay, consume=not args.no_consumer
        )
    else:
        runner = manage(bus, settings, args)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(runner)
