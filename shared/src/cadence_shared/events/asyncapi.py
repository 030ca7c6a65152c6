"""The event catalog: an AsyncAPI 3.0 document built from the contracts and each service's wiring.

Nothing in it is typed by hand: every event type is a contract of ``CONTRACTS`` (its payload
schema from the pydantic model, its example from ``cadence_shared.events.examples``), who
publishes it comes from each service's ``EventStore(publishes=...)``, who consumes it from its
``EventBus`` subscriptions, and the queues (names, retry delays, parking) from the same
``Topology`` and settings the consumer declares them with. Job messages (a service's web app
asking its own worker for long work, ``cadence_shared.jobs``) travel on the same exchange and are
listed too.

In the document, a channel is either a routing key on the topic exchange (``is: routingKey``,
one per event type: where publishers send) or a queue (``is: queue``, one per subscription: where
a consumer receives, bound to the routing keys of its contracts). ``make render`` writes it for
the gateway, which serves it at ``/docs/asyncapi.json`` and as a page at ``/docs/events``.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from cadence_shared.events.broker import DELIVERY_LIMIT, Topology
from cadence_shared.events.bus import EventBus
from cadence_shared.events.contracts import CONTRACTS, Event
from cadence_shared.events.envelope import CONTENT_TYPE, TRACEPARENT_PATTERN
from cadence_shared.events.examples import EXAMPLES
from cadence_shared.jobs.store import Job, JobMessage
from cadence_shared.settings import ServiceSettings

ASYNCAPI_VERSION = "3.1.0"
AMQP_BINDING_VERSION = "0.3.0"
SCHEMA_REF = "#/components/schemas/{model}"


@dataclass(frozen=True)
class ServiceEvents:
    """What one service sends and receives: its bus (store and subscriptions) and its jobs."""

    name: str
    bus: EventBus
    jobs: Sequence[Job[Any, Any]] = field(default_factory=tuple)


@dataclass(frozen=True)
class QueuePolicy:
    """How the consumer treats a failing message (the settings' defaults; each service may set
    ``<PREFIX>_EVENTS_RETRY_DELAYS_S`` and ``<PREFIX>_EVENTS_MAX_ATTEMPTS``)."""

    topology: Topology
    retry_delays_s: tuple[float, ...]
    max_attempts: int

    @classmethod
    def defaults(cls) -> "QueuePolicy":
        fields = ServiceSettings.model_fields
        return cls(
            topology=Topology(
                prefix=fields["amqp_prefix"].default, exchange_name=fields["amqp_exchange"].default
            ),
            retry_delays_s=tuple(fields["events_retry_delays_s"].default),
            max_attempts=fields["events_max_attempts"].default,
        )


def channel_id(name: str) -> str:
    """A name as an AsyncAPI key (letters, digits, ``_`` and ``-`` only)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)


def _doc(model: type[BaseModel]) -> tuple[str, str]:
    text = " ".join((model.__doc__ or "").split())
    return text.split(". ")[0].rstrip("."), (model.__doc__ or "").strip()


def _schemas(models: Sequence[type[BaseModel]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Each model's ``$ref`` and every schema they need, for ``components/schemas``."""
    refs, top = models_json_schema(
        [(model, "validation") for model in models], ref_template=SCHEMA_REF
    )
    return {model.__name__: refs[(model, "validation")] for model in models}, top["$defs"]


def _envelope(event_type: str, data_ref: dict[str, Any], sources: list[str]) -> dict[str, Any]:
    """The CloudEvents envelope every message is, with ``data`` the contract."""
    source: dict[str, Any] = {"type": "string"}
    if sources:
        source["enum"] = sources
    return {
        "type": "object",
        "required": ["specversion", "id", "source", "type", "time", "traceparent", "data"],
        "properties": {
            "specversion": {"const": "1.0"},
            "id": {"type": "string", "format": "uuid", "description": "the event's id"},
            "source": {**source, "description": "the publishing service"},
            "type": {"const": event_type, "description": "the event type: the routing key"},
            "time": {"type": "string", "format": "date-time"},
            "subject": {"type": "string", "description": "the resource it is about"},
            "datacontenttype": {"const": "application/json"},
            "traceparent": {"type": "string", "pattern": TRACEPARENT_PATTERN.pattern},
            "data": data_ref,
        },
    }


def _example(event_type: str, source: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": "example",
        "payload": {
            "specversion": "1.0",
            "id": "1f0e2d3c-4b5a-4987-8a6b-5c4d3e2f1a0b",
            "source": source,
            "type": event_type,
            "time": "2026-05-04T07:30:00Z",
            "subject": str(data.get("user_id", "")),
            "datacontenttype": "application/json",
            "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "data": data,
        },
    }


@dataclass
class _Catalog:
    """The document being built: messages, channels and operations, by id."""

    policy: QueuePolicy
    messages: dict[str, Any] = field(default_factory=dict)
    channels: dict[str, Any] = field(default_factory=dict)
    operations: dict[str, Any] = field(default_factory=dict)

    def exchange_binding(self) -> dict[str, Any]:
        exchange = {"name": self.policy.topology.exchange, "type": "topic", "durable": True}
        return {"amqp": {"is": "routingKey", "exchange": {**exchange, "autoDelete": False}}}

    def queue_binding(self, queue: str) -> dict[str, Any]:
        options = {"name": queue, "durable": True, "exclusive": False, "autoDelete": False}
        return {"amqp": {"is": "queue", "queue": options, "bindingVersion": AMQP_BINDING_VERSION}}

    def add_message(self, name: str, message: dict[str, Any], routing_key: str) -> None:
        self.messages[name] = message
        self.channels[channel_id(routing_key)] = {
            "address": routing_key,
            "title": routing_key,
            "description": f"Routing key `{routing_key}` on the topic exchange.",
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
            "bindings": {
                "amqp": {
                    **self.exchange_binding()["amqp"],
                    "bindingVersion": AMQP_BINDING_VERSION,
                }
            },
        }

    def send(self, service: str, routing_key: str, message: str, summary: str) -> None:
        channel = channel_id(routing_key)
        self.operations[f"{service}-send-{channel}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{channel}"},
            "messages": [{"$ref": f"#/channels/{channel}/messages/{message}"}],
            "summary": summary,
            "x-service": service,
        }

    def receive(
        self,
        service: str,
        handler: str,
        message_names: dict[str, str],
        policy: dict[str, Any],
    ) -> None:
        """A queue of ``service`` bound to the routing keys ``message_names`` maps to messages."""
        queue = self.policy.topology.queue(service, handler)
        channel = channel_id(f"queue.{service}.{handler}")
        self.channels[channel] = {
            "address": queue,
            "title": queue,
            "description": _queue_text(queue, list(message_names), policy),
            "messages": {
                name: {"$ref": f"#/components/messages/{name}"} for name in message_names.values()
            },
            "bindings": self.queue_binding(queue),
            "x-routing-keys": list(message_names),
            "x-queue-policy": policy,
        }
        self.operations[f"{service}-receive-{channel_id(handler)}"] = {
            "action": "receive",
            "channel": {"$ref": f"#/channels/{channel}"},
            "messages": [
                {"$ref": f"#/channels/{channel}/messages/{name}"} for name in message_names.values()
            ],
            "summary": f"{service} handles {', '.join(message_names)} ({handler})",
            "x-service": service,
        }


def _queue_text(queue: str, routing_keys: list[str], policy: dict[str, Any]) -> str:
    keys = ", ".join(f"`{key}`" for key in routing_keys)
    if "parking_queue" not in policy:
        return f"Quorum queue `{queue}`, bound to {keys}. {policy['retries']}"
    delays = ", ".join(f"{delay:g} s" for delay in policy["retry_delays_s"])
    return (
        f"Quorum queue `{queue}`, bound to {keys}. A failing message is retried after {delays} "
        f"(retry queues `{queue}.retry.<ms>ms`); after {policy['max_attempts']} attempts, or at "
        f"once on a permanent domain error or a payload that does not fit its contract, it is "
        f"parked in `{policy['parking_queue']}` with its error (`cadence-events <service> "
        f"parked`, `replay`, `drop`). The broker parks a message delivered "
        f"{policy['delivery_limit']} times without an answer."
    )


def _event_policy(catalog: _Catalog, service: str, handler: str) -> dict[str, Any]:
    queue = catalog.policy.topology.queue(service, handler)
    return {
        "queue_type": "quorum",
        "retry_delays_s": list(catalog.policy.retry_delays_s),
        "retry_queues": [
            Topology.retry_queue(queue, delay)
            for delay in sorted(set(catalog.policy.retry_delays_s))
        ],
        "max_attempts": catalog.policy.max_attempts,
        "parking_queue": Topology.parking_queue(queue),
        "delivery_limit": DELIVERY_LIMIT,
    }


def _add_events(catalog: _Catalog, services: Sequence[ServiceEvents]) -> None:
    contracts = list(CONTRACTS.values())
    refs, _ = _schemas(contracts)
    for contract in contracts:
        publishers = [s.name for s in services if contract in s.bus.store.publishes]
        consumers = [
            f"{s.name}.{sub.name}"
            for s in services
            for sub in s.bus.subscriptions
            if contract.type in sub.contracts
        ]
        summary, description = _doc(contract)
        example = EXAMPLES[contract.type].model_dump(mode="json", exclude_none=True)
        catalog.add_message(
            contract.__name__,
            {
                "name": contract.type,
                "title": contract.type,
                "summary": summary,
                "description": description,
                "contentType": CONTENT_TYPE,
                "payload": _envelope(contract.type, refs[contract.__name__], publishers),
                "examples": [_example(contract.type, (publishers or ["?"])[0], example)],
                "x-publishers": publishers,
                "x-consumers": consumers,
            },
            contract.type,
        )
        for publisher in publishers:
            catalog.send(publisher, contract.type, contract.__name__, f"{publisher} publishes")
    for service in services:
        for sub in service.bus.subscriptions:
            names = {key: CONTRACTS[key].__name__ for key in sub.contracts}
            catalog.receive(
                service.name, sub.name, names, _event_policy(catalog, service.name, sub.name)
            )


def _add_jobs(catalog: _Catalog, services: Sequence[ServiceEvents]) -> None:
    for service in services:
        for job in service.jobs:
            name = "".join(part.title() for part in re.split(r"[^A-Za-z0-9]", job.name))
            message = f"{service.name.title()}{name}Job"
            data = {"job_id": "e8f0a2c4-6b8d-4e0f-a2c4-6e8a0c2e4a6c", "kind": job.name}
            catalog.add_message(
                message,
                {
                    "name": job.message_type,
                    "title": job.message_type,
                    "summary": f"{service.name} asks its worker to run a `{job.name}` job",
                    "description": (
                        f"Internal to {service.name}: the web app queued a `{job.name}` job "
                        f"on a {job.resource}; the message names the job row to claim."
                    ),
                    "contentType": CONTENT_TYPE,
                    "payload": _envelope(
                        job.message_type, {"$ref": SCHEMA_REF.format(model="JobMessage")}, []
                    ),
                    "examples": [_example(job.message_type, service.name, data)],
                    "x-publishers": [service.name],
                    "x-consumers": [f"{service.name}.job.{job.name}"],
                },
                job.message_type,
            )
            catalog.send(service.name, job.message_type, message, f"{service.name} queues a job")
            retries = (
                "Retries are the job row's (attempts, growing delays, a time limit), not the "
                "queue's: an unreadable message is dropped, a worker that stops hands its job "
                "back to the queue."
            )
            catalog.receive(
                service.name,
                f"job.{job.name}",
                {job.message_type: message},
                {"queue_type": "quorum", "retries": retries},
            )


def asyncapi_document(
    services: Sequence[ServiceEvents],
    *,
    broker_host: str = "127.0.0.1:5672",
    policy: QueuePolicy | None = None,
) -> dict[str, Any]:
    """The AsyncAPI 3.0 document of ``services``' events and jobs."""
    catalog = _Catalog(policy or QueuePolicy.defaults())
    _add_events(catalog, services)
    _add_jobs(catalog, services)
    _, schemas = _schemas([*CONTRACTS.values(), JobMessage])
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "id": "urn:cadence:events",
        "info": {
            "title": "Cadence events",
            "version": "1.0.0",
            "description": (
                "Every domain event the Cadence services publish and consume over RabbitMQ, "
                "and the job messages a service sends its own workers. Each message is a "
                "CloudEvents 1.0 envelope (structured JSON) whose `type` is the routing key on "
                f"the topic exchange `{catalog.policy.topology.exchange}` and whose `data` "
                "follows the contract. Publishing goes through each service's transactional "
                "outbox; every consumer applies an event once (inbox). A breaking change to a "
                "contract is a new `.vN` type; consumers ignore fields they do not know."
            ),
        },
        "defaultContentType": CONTENT_TYPE,
        "servers": {
            "local": {
                "host": broker_host,
                "protocol": "amqp",
                "protocolVersion": "0.9.1",
                "description": "The local stack's RabbitMQ (`CADENCE_AMQP_URL`).",
            }
        },
        "channels": dict(sorted(catalog.channels.items())),
        "operations": dict(sorted(catalog.operations.items())),
        "components": {
            "messages": dict(sorted(catalog.messages.items())),
            "schemas": dict(sorted(schemas.items())),
        },
    }


def undeclared(services: Sequence[ServiceEvents], document: dict[str, Any]) -> list[str]:
    """What ``services`` publish or consume that ``document`` does not list (a stale catalog)."""
    listed = {message["name"] for message in document["components"]["messages"].values()}
    missing: list[str] = []
    for service in services:
        sent: list[type[Event]] = list(service.bus.store.publishes)
        for contract in sent:
            if contract.type not in listed:
                missing.append(f"{service.name} publishes {contract.type}")
        for sub in service.bus.subscriptions:
            missing += [
                f"{service.name}.{sub.name} consumes {key}"
                for key in sub.contracts
                if key not in listed
            ]
        missing += [
            f"{service.name} runs job {job.message_type}"
            for job in service.jobs
            if job.message_type not in listed
        ]
    return missing
