"""The local stack's gateway: an nginx 1.22 config rendered from the route table
(``templates/nginx.conf.j2``).

nginx runs unprivileged with its prefix in ``.run/nginx`` (pid, logs, temp dirs are relative to
it) and this file as its config, so relative ``include`` paths resolve from ``deploy/local/``.
"""

from cadence_gateway import policy
from cadence_gateway.routes import Route, RouteTable
from cadence_gateway.templating import render_text
from cadence_shared.settings import LOCAL_GATEWAY_ADDRESS

# The prefix nginx runs with and the config path relative to it (``-c`` is resolved from ``-p``).
NGINX_PREFIX = ".run/nginx"
NGINX_CONF = "deploy/local/nginx.conf"
NGINX_CONF_FROM_PREFIX = "../../" + NGINX_CONF
# Written at start-up from GATEWAY_* settings (cadence_gateway.runtime); relative to deploy/local/.
RUNTIME_INCLUDE_DIR = ".run/nginx/runtime"
RATE_LIMIT_EXEMPT_FILE = "rate-limit-exempt.conf"
UPSTREAM_KEEPALIVE = 64
# nginx connects to the services from this loopback address of its own (``proxy_bind``): the
# one address services trust to forward X-Forwarded-For (HttpSettings.trusted_proxies), so a
# direct caller on 127.0.0.1 cannot choose the client address a service sees.
UPSTREAM_SOURCE_ADDRESS = LOCAL_GATEWAY_ADDRESS


def _zone(route: Route) -> str:
    return f"route_{route.name.replace('-', '_')}"


def _rate(route: Route) -> str:
    per_second = route.rate_limit.per_second
    if per_second.is_integer():
        return f"{int(per_second)}r/s"
    return f"{round(per_second * 60)}r/m"


def render_nginx(table: RouteTable) -> str:
    return render_text(
        "nginx.conf.j2",
        table=table,
        policy=policy,
        gateway_pages=policy.GATEWAY_PAGES,
        problem=policy.gateway_problem,
        zone=_zone,
        rate=_rate,
        nginx_prefix=NGINX_PREFIX,
        nginx_conf=NGINX_CONF_FROM_PREFIX,
        rate_limit_exempt_include=f"{RUNTIME_INCLUDE_DIR}/{RATE_LIMIT_EXEMPT_FILE}",
        upstream_keepalive=UPSTREAM_KEEPALIVE,
        upstream_source=UPSTREAM_SOURCE_ADDRESS,
        live_rate=f"{policy.LIVE_RATE_PER_S}r/s",
        live_burst=policy.LIVE_BURST,
        live_retry_after_s=1,
    )
