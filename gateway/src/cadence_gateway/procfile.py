"""The local stack's Procfile (honcho): every service, the authorizer and nginx."""

from cadence_gateway.nginx import NGINX_CONF_FROM_PREFIX, NGINX_PREFIX
from cadence_gateway.routes import RouteTable

PROCFILE = "deploy/local/Procfile"
AUTHORIZER_APP = "cadence_gateway.authorizer:app"


def uvicorn_command(app: str, port: int) -> str:
    # Services trust X-Forwarded-For only from the gateway's address (uvicorn's proxy headers).
    return (
        f"uvicorn {app} --host 127.0.0.1 --port {port} --workers 1 --no-access-log"
        " --proxy-headers --forwarded-allow-ips 127.0.0.1"
    )


def granian_command(app: str, host: str, port: int) -> str:
    # The authorizer runs on every request: granian served /verify at ~1.6-2x uvicorn's rate here
    # (wrk -c32 against one worker, see the gateway benchmark notes).
    return f"granian --interface asgi --host {host} --port {port} --workers 1 --no-ws {app}"


def render_procfile(table: RouteTable) -> str:
    lines = [
        "# Rendered from gateway/routes.toml by `uv run python -m cadence_gateway.render`: do not edit.",
        "# Run from the repo root: honcho -f deploy/local/Procfile -e .run/stack.env start",
    ]
    lines += [
        f"{name}: {uvicorn_command(service.app, service.port)}"
        for name, service in table.services.items()
    ]
    lines.append(
        f"authorizer: {granian_command(AUTHORIZER_APP, '127.0.0.1', table.gateway.authorizer_port)}"
    )
    lines.append(
        "gateway: python -m cadence_gateway.runtime"
        f" && exec nginx -p {NGINX_PREFIX} -c {NGINX_CONF_FROM_PREFIX} -e stderr -g 'daemon off;'"
    )
    return "\n".join(lines) + "\n"
