"""The token corpus: every bad token an attacker can make, against every protected operation of
every service's published document, through the gateway and straight to the service: all 401
problem+json, none reaching a handler.

Tokens are built with the signing key the local stack's auth service uses (a file under
``.run/secrets/auth/``, generated on the stack's first start), so each variant is wrong in
exactly one way: an expired token carries a valid signature, a wrong audience is really signed.
"""

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from auth_service.keys import SigningKey, default_key_path, signing_key_from_pem
from cadence_gateway.routes import load_route_table
from cadence_shared.auth import ACCESS_TOKEN_TYPE
from cadence_shared.problems import PROBLEM_JSON
from harness import Stack, User
from specs import Operation, all_operations, served_specs

ISSUER, AUDIENCE = "cadence-auth", "cadence"
SERVICES = sorted(load_route_table().services)
ATTACKER_URL = "http://127.0.0.1:9/keys.json"  # nothing listens on the discard port


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _segment(value: dict[str, Any]) -> str:
    return _b64(json.dumps(value, separators=(",", ":")).encode())


def _unsigned(header: dict[str, Any], claims: dict[str, Any]) -> str:
    return f"{_segment(header)}.{_segment(claims)}"


def _hs256(header: dict[str, Any], claims: dict[str, Any], secret: bytes) -> str:
    """HS256 by hand: pyjwt rightly refuses to use a PEM public key as an HMAC secret."""
    signing_input = _unsigned({**header, "alg": "HS256"}, claims)
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


class Forger:
    """Signs claims with the stack's real key or with an attacker's key of its own."""

    def __init__(self, real: SigningKey) -> None:
        self.real = real
        self.attacker = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.attacker_jwk: dict[str, Any] = json.loads(
            RSAAlgorithm.to_jwk(self.attacker.public_key())
        )

    def claims(self, user: User, **changes: Any) -> dict[str, Any]:
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": str(user.id),
            "iat": now,
            "nbf": now,
            "exp": now + 600,
            "jti": uuid.uuid4().hex,
            "roles": ["user"],
            "email_verified": True,
        }
        return {**claims, **changes}

    def signed(self, claims: dict[str, Any], *, key: Any = None, **header: Any) -> str:
        headers = {"kid": self.real.kid, "typ": ACCESS_TOKEN_TYPE, **header}
        return jwt.encode(claims, key or self.real.private_key, algorithm="RS256", headers=headers)

    def by_attacker(self, claims: dict[str, Any], **header: Any) -> str:
        return self.signed(claims, key=self.attacker, **header)


def _tampered(token: str, **changes: Any) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return f"{header}.{_segment({**claims, **changes})}.{signature}"


def corpus(forger: Forger, live: User, victim: User) -> dict[str, str]:
    """Each bad token by name; ``live`` is a user in good standing (whose claims are borrowed)."""
    good = forger.claims(live)
    public_pem = forger.real.private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    now = int(time.time())
    header = {"kid": forger.real.kid, "typ": ACCESS_TOKEN_TYPE}
    attacker_kid = forger.attacker_jwk | {"kid": "attacker"}
    return {
        "garbage": "not.a.token",
        "alg_none": _unsigned({**header, "alg": "none"}, good) + ".",
        "alg_none_upper": _unsigned({**header, "alg": "NONE"}, good) + ".",
        "hs256_with_public_key": _hs256(header, good, public_pem),
        "hs256_with_public_jwk": _hs256(header, good, json.dumps(forger.real.public_jwk).encode()),
        "wrong_iss": forger.signed({**good, "iss": "https://evil.example"}),
        "wrong_aud": forger.signed({**good, "aud": "another-api"}),
        "no_aud": forger.signed({k: v for k, v in good.items() if k != "aud"}),
        "wrong_typ": forger.signed(good, typ="JWT"),
        "no_typ": forger.signed(good, typ=None),
        "expired": forger.signed({**good, "iat": now - 1200, "nbf": now - 1200, "exp": now - 600}),
        "future_nbf": forger.signed({**good, "nbf": now + 600}),
        "unknown_kid": forger.by_attacker(good, kid="not-a-key-of-ours"),
        "forged_kid": forger.by_attacker(good),  # our kid, the attacker's signature
        "kid_path_traversal": _hs256({**header, "kid": "../../../../../../dev/null"}, good, b""),
        "kid_injection": forger.by_attacker(good, kid="' OR '1'='1"),
        "jku_injection": forger.by_attacker(good, kid="attacker", jku=ATTACKER_URL),
        "x5u_injection": forger.by_attacker(good, kid="attacker", x5u=ATTACKER_URL),
        "jwk_injection": forger.by_attacker(good, kid="attacker", jwk=attacker_kid),
        "tampered_payload": _tampered(forger.signed(good), sub=str(victim.id)),
        "tampered_roles": _tampered(forger.signed(good), roles=["admin"]),
        "revoked_by_logout": victim.access_token,
    }


@pytest.fixture(scope="module")
def forger(stack: Stack, api: httpx.Client) -> Forger:
    real = signing_key_from_pem(default_key_path().read_bytes())
    published = {key["kid"] for key in api.get("/api/v1/auth/.well-known/jwks.json").json()["keys"]}
    assert real.kid in published, f"{default_key_path()} is not the stack's signing key"
    return Forger(real)


@pytest.fixture(scope="module")
def tokens(forger: Forger, api: httpx.Client, new_user: Callable[..., User]) -> dict[str, str]:
    live, logged_out, deleted = new_user(), new_user(), new_user()
    logout = api.post(
        "/api/v1/auth/logout",
        json={"refresh_token": logged_out.refresh_token},
        headers=logged_out.headers,
    )
    assert logout.status_code == 204, logout.text
    gone = api.request(
        "DELETE", "/api/v1/users/me", json={"password": deleted.password}, headers=deleted.headers
    )
    assert gone.status_code == 204, gone.text
    bad = corpus(forger, live, logged_out)
    bad["deleted_account"] = deleted.access_token
    # A well-made token of the live user is accepted: the corpus is refused for its flaw alone.
    assert api.get("/api/v1/tasks", headers=_bearer(forger.signed(forger.claims(live)))).is_success
    return bad


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def protected(stack: Stack, api: httpx.Client) -> list[Operation]:
    operations = [
        operation
        for operation in all_operations(served_specs(api, sorted(stack.table.services)))
        if operation.protected
    ]
    assert {operation.service for operation in operations} == set(stack.table.services)
    return operations


def _refusals(base_url: str, cases: list[tuple[Operation, str, str]]) -> Iterator[str]:
    """What was not a clean 401 problem+json, one line each."""
    with httpx.Client(base_url=base_url, timeout=10.0) as client:
        for operation, name, token in cases:
            headers = _bearer(token) if token else {}
            answer = client.request(operation.method, operation.url(), headers=headers)
            kind = answer.headers.get("content-type")
            if answer.status_code != 401 or kind != PROBLEM_JSON or answer.json()["status"] != 401:
                yield f"{operation} with {name}: {answer.status_code} {kind} {answer.text[:120]}"


def _probe(base_url: str, cases: list[tuple[Operation, str, str]]) -> list[str]:
    chunks = [cases[start::4] for start in range(4)]
    with ThreadPoolExecutor(4) as pool:
        return [
            line
            for lines in pool.map(lambda c: list(_refusals(base_url, c)), chunks)
            for line in lines
        ]


def test_every_bad_token_is_refused_by_every_protected_operation_at_the_gateway(
    stack: Stack, tokens: dict[str, str], protected: list[Operation]
) -> None:
    cases = [
        (op, name, token) for op in protected for name, token in {"none": "", **tokens}.items()
    ]
    assert _probe(stack.base_url, cases) == []


@pytest.mark.parametrize("service", SERVICES)
def test_every_bad_token_is_refused_by_the_service_itself(
    stack: Stack, tokens: dict[str, str], protected: list[Operation], service: str
) -> None:
    own = [op for op in protected if op.service == service]
    cases = [(op, name, token) for op in own for name, token in {"none": "", **tokens}.items()]
    assert _probe(stack.service_url(service), cases) == []
