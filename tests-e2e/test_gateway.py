"""The gateway of the running stack: token checks before any service, limits, CORS, errors, docs."""

import base64
import json
import time
import uuid
from collections.abc import Callable

import httpx
import pytest

from cadence_shared.auth import REVOCATION_CACHE_S
from harness import Stack, User, next_client_address, wait_until

PROBLEM = "application/problem+json"
LOG_DEADLINE_S = 5.0


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(token: str) -> dict[str, object]:
    payload = token.split(".")[1]
    decoded: dict[str, object] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return decoded


def _header(token: str) -> dict[str, object]:
    part = token.split(".")[0]
    decoded: dict[str, object] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return decoded


def forged_tokens(token: str) -> dict[str, str]:
    """Bad variants of a real access token: each must be refused by the gateway.

    Only the auth service holds the signing key, so expired or wrong-audience tokens are forged
    here by editing a real token's claims (the signature then fails); the authorizer's own tests
    check exp, aud, iss and typ with properly signed tokens.
    """
    header, payload, signature = token.split(".")
    claims = _claims(token)
    return {
        "tampered_roles": f"{header}.{_b64({**claims, 'roles': ['admin']})}.{signature}",
        "alg_none": f"{_b64({**_header(token), 'alg': 'none'})}.{payload}.",
        "tampered_expiry": f"{header}.{_b64({**claims, 'exp': int(time.time()) - 60})}.{signature}",
        "tampered_audience": f"{header}.{_b64({**claims, 'aud': 'another-api'})}.{signature}",
        "garbage": "not.a.token",
    }


def appears_in_log(stack: Stack, process: str, needle: str, *, deadline_s: float) -> bool:
    """Whether ``needle`` shows up in the process's log lines before the deadline."""
    give_up = time.monotonic() + deadline_s
    while True:
        if any(needle in line for line in stack.log_lines(process)):
            return True
        if time.monotonic() > give_up:
            return False
        time.sleep(0.1)


def assert_problem(response: httpx.Response, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == status


def test_public_routes_need_no_token(api: httpx.Client) -> None:
    jwks = api.get("/api/v1/auth/.well-known/jwks.json")
    assert jwks.status_code == 200
    assert jwks.json()["keys"]
    assert api.get("/health").json() == {"status": "ok"}


def test_bad_tokens_are_refused_before_the_service_sees_them(
    stack: Stack, api: httpx.Client, new_user: Callable[..., User]
) -> None:
    user = new_user()
    refused_ids = []
    for name, token in {"missing": "", **forged_tokens(user.access_token)}.items():
        request_id = f"e2e-refused-{name}-{uuid.uuid4().hex[:8]}"
        headers = {"X-Request-ID": request_id}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        response = api.get("/api/v1/tasks", headers=headers)
        assert_problem(response, 401)
        assert response.headers["www-authenticate"].startswith("Bearer"), name
        refused_ids.append(request_id)
    accepted_id = f"e2e-accepted-{uuid.uuid4().hex[:8]}"
    ok = api.get("/api/v1/tasks", headers={**user.headers, "X-Request-ID": accepted_id})
    assert ok.status_code == 200
    # The accepted request reaches the tasks service's access log; the refused ones never do.
    assert appears_in_log(stack, "tasks", accepted_id, deadline_s=LOG_DEADLINE_S)
    lines = "\n".join(stack.log_lines("tasks"))
    assert [rid for rid in refused_ids if rid in lines] == []


def test_a_token_revoked_by_logout_is_refused_at_the_gateway(
    api: httpx.Client, new_user: Callable[..., User]
) -> None:
    user = new_user()
    assert api.get("/api/v1/tasks", headers=user.headers).status_code == 200
    logout = api.post(
        "/api/v1/auth/logout", json={"refresh_token": user.refresh_token}, headers=user.headers
    )
    assert logout.status_code == 204, logout.text
    assert_problem(api.get("/api/v1/tasks", headers=user.headers), 401)


# A protected read of every service, called straight on the service's own port.
PROTECTED_READ = {
    "auth": "/api/v1/users/me",
    "tasks": "/api/v1/tasks",
    "tracks": "/api/v1/playlists",
    "runs": "/api/v1/runs",
    "fitness": "/api/v1/foods",
    "ocr": "/api/v1/ocr/jobs",
    "audio": "/api/v1/audio",
    "projects": "/api/v1/projects",
}


def test_a_revoked_token_sent_straight_to_each_service_is_refused(
    stack: Stack, api: httpx.Client, new_user: Callable[..., User]
) -> None:
    # Defence in depth: every service checks revocations itself, not only the gateway.
    assert set(PROTECTED_READ) == set(stack.table.services), "add the new service's read"
    user = new_user()
    for service, path in PROTECTED_READ.items():
        direct = httpx.get(stack.service_url(service) + path, headers=user.headers, timeout=10)
        assert direct.status_code == 200, (service, direct.text)
    logout = api.post(
        "/api/v1/auth/logout", json={"refresh_token": user.refresh_token}, headers=user.headers
    )
    assert logout.status_code == 204, logout.text
    for service, path in PROTECTED_READ.items():
        url = stack.service_url(service) + path

        def refused(url: str = url) -> httpx.Response | None:
            direct = httpx.get(url, headers=user.headers, timeout=10)
            return direct if direct.status_code == 401 else None

        # A service reuses a revocation answer for REVOCATION_CACHE_S (the gateway never does).
        direct = wait_until(refused, seconds=REVOCATION_CACHE_S + 5, what=f"{service} refusing")
        assert_problem(direct, 401)
        assert direct.json()["code"] == "unauthorized", (service, direct.text)


def test_a_client_sent_user_id_is_never_what_the_service_uses(
    api: httpx.Client, new_user: Callable[..., User]
) -> None:
    owner, intruder = new_user(), new_user()
    task = api.post("/api/v1/tasks", json={"title": "mine"}, headers=owner.headers).json()
    spoofed = {**intruder.headers, "X-User-Id": str(owner.id), "X-User-Roles": "admin"}
    assert api.get(f"/api/v1/tasks/{task['id']}", headers=spoofed).status_code == 404
    me = api.get("/api/v1/users/me", headers=spoofed)
    assert me.status_code == 200
    assert me.json()["id"] == str(intruder.id)


def test_the_rate_limit_answers_429_with_retry_after_and_recovers(stack: Stack) -> None:
    # 1 request/s with a burst of 5 per client; limits apply before the token check.
    path = "/api/v1/auth/email/verify/request"
    with stack.client(next_client_address()) as client:
        statuses = [client.post(path).status_code for _ in range(12)]
        assert statuses[:6] == [401] * 6
        assert 429 in statuses
        limited = client.post(path)
        assert_problem(limited, 429)
        retry_after = int(limited.headers["retry-after"])
        assert retry_after >= 1
        give_up = time.monotonic() + retry_after + 5
        while client.post(path).status_code == 429:
            assert time.monotonic() < give_up, "the limit never recovered"
            time.sleep(0.2)


def test_cors_preflight_allows_configured_origins_only(stack: Stack, api: httpx.Client) -> None:
    origin = stack.table.gateway.cors_origins[0]
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization",
    }
    allowed = api.options("/api/v1/tasks", headers={"Origin": origin, **preflight})
    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == origin
    assert "POST" in allowed.headers["access-control-allow-methods"]
    refused = api.options("/api/v1/tasks", headers={"Origin": "https://evil.example", **preflight})
    assert refused.status_code == 403
    assert "access-control-allow-origin" not in refused.headers


def test_a_body_over_the_route_limit_is_413(
    api: httpx.Client, new_user: Callable[..., User]
) -> None:
    user = new_user()
    body = b'{"title": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    response = api.post(
        "/api/v1/tasks", content=body, headers={**user.headers, "Content-Type": "application/json"}
    )
    assert_problem(response, 413)


def test_an_unknown_path_is_a_404_problem(api: httpx.Client) -> None:
    assert_problem(api.get("/api/v2/nothing"), 404)
    assert_problem(api.get("/api/v1/tasksx"), 404)


def test_the_request_id_is_kept_or_generated(api: httpx.Client) -> None:
    assert (
        api.get("/health", headers={"X-Request-ID": "client-id-1"}).headers["x-request-id"]
        == "client-id-1"
    )
    generated = api.get("/health").headers["x-request-id"]
    assert len(generated) == 32


@pytest.mark.parametrize("service", ["auth", "tracks", "runs", "tasks"])
def test_each_service_has_its_spec_and_readiness_at_the_gateway(
    api: httpx.Client, service: str
) -> None:
    spec = api.get(f"/openapi/{service}.json")
    assert spec.status_code == 200
    assert spec.json()["openapi"].startswith("3.")
    ready = api.get(f"/health/{service}")
    assert ready.status_code == 200, ready.text
    assert ready.json()["status"] == "ok"


def test_the_docs_page_and_its_assets_come_from_the_gateway(api: httpx.Client) -> None:
    page = api.get("/docs")
    assert page.status_code == 200
    assert "/openapi/tasks.json" in page.text
    assert api.get("/docs/assets/swagger-ui-bundle.js").status_code == 200


def test_a_problem_type_resolves_at_the_gateway(
    api: httpx.Client, new_user: Callable[..., User]
) -> None:
    user = new_user()
    missing = api.get(f"/api/v1/tasks/{uuid.uuid4()}", headers=user.headers)
    assert_problem(missing, 404)
    problem = missing.json()
    assert (problem["code"], problem["type"]) == ("task_not_found", "/problems/task_not_found")
    described = api.get(problem["type"], headers={"Accept": "application/json"})
    assert described.status_code == 200
    assert described.json()["code"] == "task_not_found"
    assert described.json()["services"] == ["tasks"]
    page = api.get("/problems")
    assert page.status_code == 200 and "track_already_in_playlist" in page.text
