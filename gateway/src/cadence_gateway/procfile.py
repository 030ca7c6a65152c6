"""The local stack's Procfile (honcho): every service, the authorizer and nginx
(``templates/Procfile.j2``)."""

from cadence_gateway.nginx import NGINX_CONF_FROM_PREFIX, NGINX_PREFIX
from cadence_gateway.routes import RouteTable
from cadence_gateway.templating import render_text

PROCFILE = "deploy/local/Procfile"
AUTHORIZER_APP = "cadence_gateway.authorizer:app"


def granian_command(app: str, host: str, port: int) -> str:
    # The authorizer runs on every request: granian served /verify at ~1.6-2x uvicorn's rate here
    # (wrk -c32 against one worker, see the gateway benchmark notes).
    return f"granian --interface asgi --host {host} --port {port} --workers 1 --no-ws {app}"


def render_procfile(table: RouteTable) -> str:
    return render_text(
        "Procfile.j2",
        table=table,
        authorizer_command=granian_command(
            AUTHORIZER_APP, "127.0.0.1", table.gateway.authorizer_port
        ),
        nginx_prefix=NGINX_PREFIX,
        nginx_conf=NGINX_CONF_FROM_PREFIX,
    )
