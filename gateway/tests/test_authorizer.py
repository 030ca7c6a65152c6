"""The authorizer: /verify against a real JWKS over HTTP and the real Redis revocation list."""

import base64
import json
import time
import uuid
from collections.abc import AsyncIterator, Mapping

import httpx
import pytest
from asgi_lifespan import LifespanManager
from redis.asyncio import Redis

from cadence_gateway import limits, policy
from cadence_gateway.authorizer import bearer_token, build_app, challenge
from cadence_gateway.routes import load_route_table
from cadence_gateway.settings import Settings
from cadence_shared.auth import revoked_before_key, revoked_session_key, revoked_token_key
from cadence_shared.testing.metrics import sample
from cadence_shared.testing.tokens import TestIssuer


@pytest.fixture(scope="module")
async def authorizer(token_issuer: TestIssuer, redis_url: str) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(jwks_url=token_issuer.jwks_url, redis_url=redis_url)
    async with LifespanManager(build_app(settings, load_route_table())) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://authorizer") as client:
            yield client


@pytest.fixture(scope="module")
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_refused(response: httpx.Response, reason: str) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith('Bearer realm="cadence"')
    body = response.json()
    assert body["status"] == 401
    assert reason.lower() in body["detail"].lower()


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ([(b"authorization", b"Bearer abc.def")], "abc.def"),
        ([(b"authorization", b"bearer  abc ")], "abc"),
        ([(b"authorization", b"Basic abc")], None),
        ([(b"authorization", b"Bearer ")], None),
        ([], None),
    ],
)
def test_bearer_token_is_read_from_the_authorization_header(
    header: list[tuple[bytes, bytes]], token: str | None
) -> None:
    assert bearer_token(header) == token


def test_the_challenge_never_carries_quotes_from_an_error() -> None:
    assert challenge('bad "kid"\n') == (
        b'Bearer realm="cadence", error="invalid_token", error_description="bad kid"'
    )


async def test_a_valid_token_passes_with_no_identity_headers(
    authorizer: httpx.AsyncClient, token_issuer: TestIssuer
) -> None:
    token = token_issuer.mint(uuid.uuid4(), roles=["user", "admin"])
    response = await authorizer.get("/verify", headers={**bearer(token), "X-Request-ID": "req-1"})
    assert response.status_code == 200
    assert response.content == b""
    # Services read the caller from the token: the gateway passes no identity on.
    assert {name.lower() for name in response.headers} == {"x-request-id", "content-length"}
    assert response.headers["x-request-id"] == "req-1"
    # The second call is served from the cache and answers the same.
    again = await authorizer.get("/verify", headers=bearer(token))
    assert again.status_code == 200
    assert "x-user-id" not in again.headers
    assert len(again.headers["x-request-id"]) == 32


async def test_a_missing_token_is_refused(authorizer: httpx.AsyncClient) -> None:
    response = await authorizer.get("/verify")
    assert_refused(response, "Missing bearer token")
    assert response.headers["www-authenticate"] == 'Bearer realm="cadence"'


def _tampered(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["roles"] = ["admin"]
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def _unsigned(token_issuer: TestIssuer) -> str:
    def part(data: Mapping[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    header = {"alg": "none", "typ": "at+jwt", "kid": token_issuer.kid}
    return f"{part(header)}.{part(token_issuer.claims())}."


@pytest.mark.parametrize(
    ("make_token", "reason"),
    [
        (lambda issuer: issuer.mint(exp=int(time.time()) - 5), "expired"),
        (lambda issuer: _tampered(issuer.mint()), "Signature verification failed"),
        (_unsigned, "algorithm does not match"),
        (lambda issuer: issuer.mint(aud="another-api"), "audience"),
        (lambda issuer: issuer.mint(iss="someone-else"), "issuer"),
        (
            lambda issuer: issuer.sign(issuer.claims(), headers={"typ": "JWT"}),
            "not an access token",
        ),
        (
            lambda issuer: issuer.sign(issuer.claims(), headers={"kid": "unknown"}),
            "unknown signing key",
        ),
        (lambda issuer: "not-a-jwt", "malformed"),
    ],
)
async def test_a_bad_token_is_refused(
    authorizer: httpx.AsyncClient, token_issuer: TestIssuer, make_token: object, reason: str
) -> None:
    token = make_token(token_issuer)  # type: ignore[operator]
    assert_refused(await authorizer.get("/verify", headers=bearer(token)), reason)


async def test_a_revoked_token_is_refused_even_after_it_was_cached(
    authorizer: httpx.AsyncClient, token_issuer: TestIssuer, redis: Redis
) -> None:
    jti = uuid.uuid4().hex
    token = token_issuer.mint(jti=jti)
    assert (await authorizer.get("/verify", headers=bearer(token))).status_code == 200
    await redis.set(revoked_token_key(jti), 1, ex=60)
    assert_refused(await authorizer.get("/verify", headers=bearer(token)), "revoked")


async def test_a_revoked_session_or_password_change_refuses_older_tokens(
    authorizer: httpx.AsyncClient, token_issuer: TestIssuer, redis: Redis
) -> None:
    session = uuid.uuid4().hex
    in_session = token_issuer.mint(sid=session)
    await redis.set(revoked_session_key(session), 1, ex=60)
    assert_refused(await authorizer.get("/verify", headers=bearer(in_session)), "revoked")

    user_id = uuid.uuid4()
    issued = int(time.time()) - 10
    old = token_issuer.mint(user_id, iat=issued)
    await redis.set(revoked_before_key(user_id), issued, ex=60)
    assert_refused(await authorizer.get("/verify", headers=bearer(old)), "revoked")
    newer = token_issuer.mint(user_id, iat=issued + 5)
    assert (await authorizer.get("/verify", headers=bearer(newer))).status_code == 200


async def test_the_authorizer_fails_closed_when_redis_is_down(token_issuer: TestIssuer) -> None:
    settings = Settings(jwks_url=token_issuer.jwks_url, redis_url="redis://127.0.0.1:1/0")
    async with LifespanManager(build_app(settings, load_route_table())) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://a") as client:
            response = await client.get("/verify", headers=bearer(token_issuer.mint()))
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"


async def test_docs_list_every_service_with_packaged_assets(authorizer: httpx.AsyncClient) -> None:
    page = await authorizer.get("/docs")
    assert page.status_code == 200
    for name in load_route_table().services:
        assert f'"url": "/openapi/{name}.json"' in page.text
    assert "https://" not in page.text  # no CDN
    asset = await authorizer.get("/docs/assets/swagger-ui-bundle.js")
    assert asset.status_code == 200
    assert "SwaggerUIBundle" in asset.text[:2000]
    assert (await authorizer.get("/docs/assets/swagger-ui.css")).status_code == 200


async def test_gateway_error_pages_and_unknown_paths_are_problems(
    authorizer: httpx.AsyncClient,
) -> None:
    bad_gateway = await authorizer.get("/problem/502")
    assert bad_gateway.status_code == 502
    assert bad_gateway.json()["title"] == "Bad Gateway"
    assert bad_gateway.json()["type"] == "/problems/bad_gateway"
    assert bad_gateway.headers["content-type"] == "application/problem+json"
    unknown = await authorizer.get("/api/v9/nothing")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    assert unknown.json()["code"] == "not_found"
    assert (await authorizer.get("/health")).json() == {"status": "ok"}


async def test_the_authorizer_serves_the_problem_codes_it_loaded_at_start(
    authorizer: httpx.AsyncClient,
) -> None:
    listing = await authorizer.get("/problems", headers={"Accept": "application/json"})
    assert listing.status_code == 200
    codes = [entry["code"] for entry in listing.json()["problems"]]
    assert {"unauthorized", "task_not_found", "email_taken"} <= set(codes)
    # The 401 /verify answers names its code; the code's page describes it.
    refused = (await authorizer.get("/verify")).json()
    assert refused["code"] == "unauthorized"
    page = await authorizer.get(refused["type"], headers={"Accept": "application/json"})
    assert page.json()["status"] == 401


async def test_verifications_are_counted_on_metrics_for_a_direct_caller_only(
    authorizer: httpx.AsyncClient, token_issuer: TestIssuer
) -> None:
    def verified(metrics: str, outcome: str) -> float:
        return sample(metrics, "cadence_token_verifications_total", outcome=outcome)

    before = (await authorizer.get("/metrics")).text
    token = token_issuer.mint(uuid.uuid4(), roles=["user"])
    for _ in range(3):
        await authorizer.get("/verify", headers=bearer(token))
    await authorizer.get("/verify")
    await authorizer.get("/verify", headers=bearer(_tampered(token)))
    after = await authorizer.get("/metrics")
    assert after.status_code == 200
    assert after.headers["content-type"].startswith("text/plain")
    assert verified(after.text, "ok") - verified(before, "ok") == 3
    assert verified(after.text, "missing") - verified(before, "missing") == 1
    assert verified(after.text, "invalid") - verified(before, "invalid") == 1
    # Through the gateway (Traefik sends unrouted paths here, with X-Forwarded-For): a 404.
    proxied = await authorizer.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert proxied.status_code == 404
    assert "cadence_token_verifications" not in proxied.text


def _client_address() -> str:
    """An address of this run's own (documentation range): its buckets are nobody else's."""
    return f"2001:db8::{uuid.uuid4().int % 0xFFFF:x}:{uuid.uuid4().int % 0xFFFF:x}"


async def _until_refused(
    authorizer: httpx.AsyncClient, path: str, headers: dict[str, str]
) -> tuple[list[httpx.Response], httpx.Response]:
    allowed: list[httpx.Response] = []
    for _ in range(200):
        answer = await authorizer.get(path, headers=headers)
        if answer.status_code != 200:
            return allowed, answer
        allowed.append(answer)
    raise AssertionError(f"{path} never refused")


async def test_a_public_routes_limit_allows_its_burst_then_answers_the_gateways_429(
    authorizer: httpx.AsyncClient,
) -> None:
    # /api/v1/auth/password/forgot: 1/s, burst 5 (gateway/routes.toml).
    route = load_route_table().route_for("/api/v1/auth/password/forgot")
    assert route is not None
    headers = {"X-Forwarded-For": _client_address(), "X-Request-ID": "req-limit"}
    path = f"{policy.LIMIT_PATH}/{route.name}"
    allowed, refused = await _until_refused(authorizer, path, headers)
    # The burst at least (a slow run may see a request or two more refilled meanwhile).
    assert len(allowed) >= route.rate_limit.burst
    assert {answer.headers["x-request-id"] for answer in allowed} == {"req-limit"}
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.headers["retry-after"] == "1"
    assert refused.headers["x-request-id"] == "req-limit"
    # nginx's own 429, word for word (cadence_gateway.policy).
    assert refused.json() == policy.gateway_problem(429).body
    # Another client has a bucket of its own.
    other = await authorizer.get(path, headers={"X-Forwarded-For": _client_address()})
    assert other.status_code == 200


async def test_a_protected_routes_gate_counts_the_limit_before_the_token(
    authorizer: httpx.AsyncClient, token_issuer: TestIssuer, redis: Redis
) -> None:
    client = _client_address()
    path = f"{policy.VERIFY_PATH}/api-v1-tasks"
    token = token_issuer.mint(uuid.uuid4(), roles=["user"])
    ok = await authorizer.get(path, headers={**bearer(token), "X-Forwarded-For": client})
    assert ok.status_code == 200
    assert_refused(await authorizer.get(path, headers={"X-Forwarded-For": client}), "missing")
    # Its bucket full: refused before the token is read, as nginx's limit_req runs first.
    key = f"{limits.KEY_PREFIX}:api-v1-tasks:{client}"
    await redis.set(key, str(10**18), px=60_000)
    refused = await authorizer.get(path, headers={**bearer(token), "X-Forwarded-For": client})
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    await redis.delete(key)


async def test_a_gate_for_no_route_is_a_404(authorizer: httpx.AsyncClient) -> None:
    answer = await authorizer.get(f"{policy.LIMIT_PATH}/no-such-route")
    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"


async def test_the_live_streams_have_their_limit(authorizer: httpx.AsyncClient) -> None:
    headers = {"X-Forwarded-For": _client_address()}
    path = f"{policy.LIMIT_PATH}/{limits.LIVE}"
    allowed, refused = await _until_refused(authorizer, path, headers)
    assert len(allowed) >= policy.LIVE_BURST
    assert refused.status_code == 429


async def test_an_exempt_address_is_never_limited(token_issuer: TestIssuer, redis_url: str) -> None:
    settings = Settings(
        jwks_url=token_issuer.jwks_url, redis_url=redis_url, rate_limit_exempt="2001:db8:e::/48"
    )
    async with LifespanManager(build_app(settings, load_route_table())) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://authorizer") as client:
            headers = {"X-Forwarded-For": "2001:db8:e::7"}
            path = f"{policy.LIMIT_PATH}/api-v1-auth-password-forgot"
            statuses = {(await client.get(path, headers=headers)).status_code for _ in range(8)}
    assert statuses == {200}
