"""The local stack's Procfile (honcho): every service, the authorizer and nginx
(``templates/Procfile.j2``)."""

from cadence_gateway.nginx import NGINX_CONF_FROM_PREFIX, NGINX_PREFIX
from cadence_gateway.routes import RouteTable, Worker
from cadence_gateway.templating import render_text

PROCFILE = "deploy/local/Procfile"
AUTHORIZER_APP = "cadence_gateway.authorizer:app"
# The worker runner of cadence_shared: one process of a service's worker.
WORKER_RUNNER = "cadence-worker"


def worker_command(worker: Worker, health_port: int) -> list[str]:
    """``cadence-worker <module>:<attribute> --concurrency N --health-port P``: liveness and
    readiness are served over HTTP at /health/live and /health/ready on ``health_port``."""
    return [
        WORKER_RUNNER, worker.entry,
        "--concurrency", str(worker.concurrency), "--health-port", str(health_port),
    ]  # fmt: skip


def granian_command(app: str, host: str, port: int) -> str:
    # The authorizer runs on every request: granian served /verify at ~1.6-2x uvicorn's rate here
    # (wrk -c32 against one worker, see the gateway benchmark notes).
    return f"granian --interface asgi --host {host} --port {port} --workers 1 --no-ws {app}"


# The live streams (cadence_gateway.live_http) run the same app under uvicorn instead, in a
# process of their own: granian 2.8.7 does not send a WebSocket close frame while the app awaits
# receive() (measured: the client never sees the close), so it could never end a revoked
# token's socket; uvicorn closes it, and sends protocol pings on idle sockets besides. Long-lived
# connections also stay off the process that answers /verify for every request.
LIVE_PING_S = 20
LIVE_WEBSOCKETS = "websockets-sansio"  # uvicorn's WebSocket implementation


def live_command(host: str, port: int) -> str:
    return (
        f"uvicorn {AUTHORIZER_APP} --host {host} --port {port} --workers 1 --no-access-log "
        f"--ws {LIVE_WEBSOCKETS} --ws-ping-interval {LIVE_PING_S} --ws-ping-timeout {LIVE_PING_S}"
    )


def render_procfile(table: RouteTable) -> str:
    return render_text(
        "Procfile.j2",
        table=table,
        worker_command=lambda worker: " ".join(worker_command(worker, worker.health_port)),
        authorizer_command=granian_command(
            AUTHORIZER_APP, "127.0.0.1", table.gateway.authorizer_port
        ),
        live_command=live_command("127.0.0.1", table.gateway.live_port),
        nginx_prefix=NGINX_PREFIX,
        nginx_conf=NGINX_CONF_FROM_PREFIX,
    )
