"""nginx's own errors (a request it cannot read, a method /health does not take) are problem+json
with the suite's codes, like every other error; against the rendered config and a real nginx."""

import json
import socket
from urllib.parse import urlsplit

import httpx
import pytest

from cadence_gateway.nginx import render_nginx
from cadence_gateway.policy import NGINX_ERROR_PREFIX, NGINX_OWN_ERRORS, gateway_problem
from cadence_gateway.routes import load_route_table
from cadence_shared.problems import GENERIC_PROBLEMS
from gateway.tests.test_nginx import PROBLEM

pytest_plugins = ["gateway.tests.test_nginx"]


def raw_exchange(client: httpx.Client, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Sends ``request`` as bytes (httpx would refuse to send it malformed) and reads the answer."""
    address = urlsplit(str(client.base_url))
    assert address.hostname is not None and address.port is not None
    with socket.create_connection((address.hostname, address.port), timeout=2) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


def assert_problem(status: int, headers: dict[str, str], body: bytes, expected: int) -> None:
    assert status == expected, body
    assert headers["content-type"] == PROBLEM
    problem = json.loads(body)
    assert problem["status"] == expected
    assert problem["code"] == gateway_problem(expected).code == GENERIC_PROBLEMS[expected][0]
    assert problem["type"] == f"/problems/{problem['code']}"


def test_every_status_nginx_makes_is_mapped_in_the_rendered_config() -> None:
    conf = render_nginx(load_route_table())

    for status in NGINX_OWN_ERRORS:
        assert gateway_problem(status).compact_json in conf
        assert "'" not in gateway_problem(status).compact_json  # nginx quotes the body with '
        if status != 413:  # mapped with the routes' own 413 (a body over the limit)
            assert f"location = {NGINX_ERROR_PREFIX}/{status} {{" in conf
    assert f"error_page 494 =431 {NGINX_ERROR_PREFIX}/431;" in conf
    assert f"error_page 400 {NGINX_ERROR_PREFIX}/400;" in conf


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        pytest.param(b"GARBAGE\r\n\r\n", 400, id="bad-request-line"),
        pytest.param(b"GET /health HTTP/1.1\r\nHost x\r\n\r\n", 400, id="bad-header"),
        pytest.param(
            b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20_000 + b"\r\n\r\n",
            431,
            id="oversized-header",
        ),
        pytest.param(
            b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, id="long-uri"
        ),
        pytest.param(b"GET /health HTTP/2.7\r\nHost: x\r\n\r\n", 505, id="http-version"),
    ],
)
def test_a_request_nginx_cannot_read_is_a_problem(
    gateway_alone: httpx.Client, request_bytes: bytes, status: int
) -> None:
    answer = raw_exchange(gateway_alone, request_bytes)

    assert_problem(*answer, expected=status)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_writing_to_the_gateways_health_is_a_405_problem(
    gateway_alone: httpx.Client, method: str
) -> None:
    response = gateway_alone.request(method, "/health")

    assert_problem(response.status_code, dict(response.headers), response.content, 405)
    assert response.headers["allow"] == "GET, HEAD"
    assert gateway_alone.head("/health").status_code == 200
    assert gateway_alone.get("/health").json() == {"status": "ok"}


def test_the_error_locations_cannot_be_called_from_outside(gateway_alone: httpx.Client) -> None:
    response = gateway_alone.get(f"{NGINX_ERROR_PREFIX}/400")

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
