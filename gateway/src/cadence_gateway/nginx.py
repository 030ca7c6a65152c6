"""The local stack's gateway: an nginx 1.22 config rendered from the route table.

nginx runs unprivileged with its prefix in ``.run/nginx`` (pid, logs, temp dirs are relative to
it) and this file as its config, so relative ``include`` paths resolve from ``deploy/local/``.
"""

import json
from http import HTTPStatus

from cadence_gateway.routes import Route, RouteTable

# The prefix nginx runs with and the config path relative to it (``-c`` is resolved from ``-p``).
NGINX_PREFIX = ".run/nginx"
NGINX_CONF = "deploy/local/nginx.conf"
NGINX_CONF_FROM_PREFIX = "../../" + NGINX_CONF
# Written at start-up from GATEWAY_* settings (cadence_gateway.runtime); relative to deploy/local/.
RUNTIME_INCLUDE_DIR = ".run/nginx/runtime"
RATE_LIMIT_EXEMPT_FILE = "rate-limit-exempt.conf"

# Identity headers only the gateway may set: whatever a client sends under these names is dropped.
IDENTITY_HEADERS = ("X-User-Id", "X-User-Roles")
# What the authorizer answers with, passed on to the service.
AUTH_RESPONSE_HEADERS = {"X-User-Id": "auth_user_id", "X-User-Roles": "auth_user_roles"}

PROBLEMS = {
    401: "A valid bearer token is required.",
    413: "The request body is larger than this route accepts.",
    429: "Too many requests: slow down and retry after the time in Retry-After.",
    502: "The service behind this route is not answering.",
    503: "The gateway cannot check the token right now.",
    504: "The service behind this route did not answer in time.",
}
NOT_FOUND = "No route for this path."
CORS_REFUSED = "This origin may not call the API."
CORS_ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
CORS_ALLOW_HEADERS = "Authorization, Content-Type, Idempotency-Key, X-Request-ID"
CORS_EXPOSE_HEADERS = "X-Request-ID, Retry-After, WWW-Authenticate"
CORS_MAX_AGE_S = 600
UPSTREAM_KEEPALIVE = 64
CONNECT_TIMEOUT_S = 2
HEADER = (
    "# Rendered from gateway/routes.toml by `uv run python -m cadence_gateway.render`: do not edit.\n"
    f"# Run from the repo root: nginx -p {NGINX_PREFIX} -c {NGINX_CONF_FROM_PREFIX} -e stderr"
    " -g 'daemon off;'\n"
)


def _problem(status: int, detail: str) -> str:
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    body["detail"] = detail
    # nginx strings are single-quoted; JSON never needs a single quote here.
    return "'" + json.dumps(body, separators=(",", ":")) + "'"


def _upstream(name: str, port: int) -> str:
    return (
        f"    upstream {name} {{\n"
        f"        server 127.0.0.1:{port};\n"
        f"        keepalive {UPSTREAM_KEEPALIVE};\n"
        "    }\n"
    )


def _zone(route: Route) -> str:
    return f"route_{route.name.replace('-', '_')}"


def _rate(route: Route) -> str:
    per_second = route.rate_limit.per_second
    if per_second.is_integer():
        return f"{int(per_second)}r/s"
    return f"{round(per_second * 60)}r/m"


# Headers every response of the gateway carries; repeated in each location that adds its own
# headers, because nginx drops inherited add_header lines there.
COMMON_RESPONSE_HEADERS = (
    "add_header X-Request-ID $cadence_request_id always;",
    "add_header Access-Control-Allow-Origin $cors_origin always;",
    "add_header Access-Control-Expose-Headers $cors_expose_headers always;",
    "add_header Vary Origin always;",
)


def _problem_location(status: int, detail: str, extra: tuple[str, ...] = ()) -> str:
    lines = [*COMMON_RESPONSE_HEADERS, *extra, f"return {status} {_problem(status, detail)};"]
    body = "".join(f"            {line}\n" for line in lines)
    return f"        location @problem_{status} {{\n{body}        }}\n"


def _route_locations(route: Route, table: RouteTable) -> str:
    body = []
    if not route.is_public:
        body.append("auth_request /_authorize;")
    body += [
        f"set $retry_after {route.rate_limit.retry_after_s};",
        f"limit_req zone={_zone(route)} burst={route.rate_limit.burst} nodelay;",
        f"client_max_body_size {route.body_limit};",
        f"proxy_read_timeout {route.timeout_s:g}s;",
        f"proxy_send_timeout {route.timeout_s:g}s;",
        f"proxy_pass http://service_{route.service};",
    ]
    block = "".join(f"            {line}\n" for line in body)
    comment = f"        # {route.prefix} -> {route.service} ({route.auth.value})\n"
    # A prefix matches itself and what is below it, never a longer sibling (/a vs /ab).
    return (
        comment
        + f"        location = {route.prefix} {{\n{block}        }}\n"
        + f"        location {route.prefix}/ {{\n{block}        }}\n"
    )


def render_nginx(table: RouteTable) -> str:
    upstreams = "".join(
        _upstream(f"service_{name}", service.port) for name, service in table.services.items()
    ) + _upstream("authorizer", table.gateway.authorizer_port)
    zones = "".join(
        f"    limit_req_zone $rate_limit_key zone={_zone(route)}:1m rate={_rate(route)};\n"
        for route in table.routes
    )
    origins = "".join(
        f'        "{origin}" $http_origin;\n' for origin in table.gateway.cors_origins
    )
    clear_identity = "".join(
        f'        proxy_set_header {header} "";\n'
        for header in IDENTITY_HEADERS
        if header not in AUTH_RESPONSE_HEADERS
    )
    forward_identity = "".join(
        f"        proxy_set_header {header} ${variable};\n"
        for header, variable in AUTH_RESPONSE_HEADERS.items()
    )
    auth_sets = "".join(
        f"        auth_request_set ${variable} $upstream_http_{header.lower().replace('-', '_')};\n"
        for header, variable in AUTH_RESPONSE_HEADERS.items()
    )
    common_headers = "".join(f"        {line}\n" for line in COMMON_RESPONSE_HEADERS)
    problems = "".join(
        _problem_location(
            status,
            detail,
            ("add_header Retry-After $retry_after always;",) if status == 429 else (),
        )
        for status, detail in PROBLEMS.items()
    )
    routes = "".join(_route_locations(route, table) for route in table.by_longest_prefix)
    openapi = "".join(
        f"        location = /openapi/{name}.json {{\n"
        f"            proxy_pass http://service_{name}/openapi.json;\n"
        "        }\n"
        f"        location = /health/{name} {{\n"
        f"            proxy_read_timeout 5s;\n"
        f"            proxy_pass http://service_{name}/health/ready;\n"
        "        }\n"
        for name in table.services
    )
    return f"""{HEADER}
worker_processes 1;
pid nginx.pid;
error_log stderr warn;

events {{
    worker_connections 4096;
}}

http {{
    server_tokens off;
    default_type application/json;
    client_body_temp_path tmp/client_body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;

    log_format cadence_json escape=json '{{"time":"$time_iso8601","request_id":"$cadence_request_id",'
        '"client":"$remote_addr","method":"$request_method","uri":"$request_uri",'
        '"status":$status,"bytes":$body_bytes_sent,"duration_s":$request_time,'
        '"upstream_s":"$upstream_response_time","user_id":"$auth_user_id"}}';
    access_log logs/access.log cadence_json buffer=64k flush=1s;

    # X-Request-ID: the client's when it looks like an id, else nginx's own random one.
    map $http_x_request_id $cadence_request_id {{
        default $request_id;
        "~^[A-Za-z0-9._:@-]{{1,128}}$" $http_x_request_id;
    }}

    # Rate limits per client address. Addresses listed in the runtime include (written at start-up
    # by `python -m cadence_gateway.runtime` from GATEWAY_RATE_LIMIT_EXEMPT, e.g. 127.0.0.1 for the
    # benchmark) get an empty key: not counted.
    geo $rate_limit_exempt {{
        default 0;
        include ../../{RUNTIME_INCLUDE_DIR}/{RATE_LIMIT_EXEMPT_FILE};
    }}
    map $rate_limit_exempt $rate_limit_key {{
        1 "";
        default $binary_remote_addr;
    }}
    limit_req_status 429;
    limit_req_log_level warn;
{zones}
    # CORS: allowed origins are echoed back; a preflight from any other origin is refused.
    map $http_origin $cors_origin {{
        default "";
{origins}    }}
    map $cors_origin $cors_expose_headers {{
        "" "";
        default "{CORS_EXPOSE_HEADERS}";
    }}
    map "$request_method:$http_access_control_request_method:$cors_origin" $cors_preflight {{
        default "";
        "~^OPTIONS:[^:]+:$" refused;
        "~^OPTIONS:[^:]+:.+$" allowed;
    }}

{upstreams}
    server {{
        listen 127.0.0.1:{table.gateway.port};
        server_name _;
        default_type application/problem+json;

        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        # The gateway is the edge: the client's address replaces whatever the client claimed.
        proxy_set_header X-Forwarded-For $remote_addr;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Request-ID $cadence_request_id;
        # Identity headers come only from the authorizer (empty, so not sent, on public routes).
{forward_identity}{clear_identity}        proxy_hide_header X-Request-ID;
        proxy_connect_timeout {CONNECT_TIMEOUT_S}s;
{common_headers}
        # auth_request passes the authorizer's WWW-Authenticate on with its 401 by itself.
{auth_sets}
        error_page 401 = @problem_401;
        error_page 413 = @problem_413;
        error_page 429 = @problem_429;
        error_page 502 = @problem_502;
        # auth_request answers 500 when the authorizer itself fails or is down.
        error_page 500 503 = @problem_503;
        error_page 504 = @problem_504;

        if ($cors_preflight = allowed) {{
            rewrite ^ /_cors/preflight last;
        }}
        if ($cors_preflight = refused) {{
            rewrite ^ /_cors/refused last;
        }}

        location = /_authorize {{
            internal;
            proxy_pass http://authorizer/verify;
            proxy_pass_request_body off;
            proxy_pass_request_headers off;
            # The body stays behind, so its length must too: a POST's Content-Length on this
            # bodiless subrequest desynchronises the keepalive connection (400s under load).
            proxy_set_header Content-Length "";
            proxy_set_header Connection "";
            proxy_set_header Authorization $http_authorization;
            proxy_set_header X-Forwarded-Method $request_method;
            proxy_set_header X-Forwarded-Uri $request_uri;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Request-ID $cadence_request_id;
            proxy_read_timeout 5s;
        }}

        location = /_cors/preflight {{
            internal;
{common_headers}            add_header Access-Control-Allow-Methods "{CORS_ALLOW_METHODS}" always;
            add_header Access-Control-Allow-Headers "{CORS_ALLOW_HEADERS}" always;
            add_header Access-Control-Max-Age {CORS_MAX_AGE_S} always;
            return 204;
        }}

        location = /_cors/refused {{
            internal;
            return 403 {_problem(403, CORS_REFUSED)};
        }}

{problems}
        location = /health {{
            default_type application/json;
            return 200 '{{"status":"ok"}}';
        }}
{openapi}
        # The suite's docs (Swagger UI with its assets) are served by the authorizer app.
        location = /docs {{
            proxy_pass http://authorizer;
        }}
        location /docs/ {{
            proxy_pass http://authorizer;
        }}

{routes}
        location / {{
            return 404 {_problem(404, NOT_FOUND)};
        }}
    }}
}}
"""
