"""Broker clean-up for test runs: every run declares its exchanges and queues under a prefix of
its own, and deletes them when it ends, so a machine that runs the tests all day keeps a small
broker (thousands of left-over quorum queues slow RabbitMQ down until it stops answering)."""

import subprocess

import aio_pika


def _declared(kind: str, prefix: str) -> list[str]:
    # AMQP cannot list what exists; the broker's own CLI can. Without it (a remote broker) the
    # names stay, as they would without this clean-up.
    try:
        listed = subprocess.run(
            ["rabbitmqctl", "-q", f"list_{kind}", "name"],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        ).stdout
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return []
    return [name.strip() for name in listed.splitlines() if name.strip().startswith(prefix)]


async def delete_broker_names(amqp_url: str, prefix: str) -> None:
    """Deletes every queue and exchange whose name starts with ``prefix``."""
    queues, exchanges = _declared("queues", prefix), _declared("exchanges", prefix)
    if not queues and not exchanges:
        return
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        for queue in queues:
            await channel.queue_delete(queue)
        for exchange in exchanges:
            await channel.exchange_delete(exchange)
