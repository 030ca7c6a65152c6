"""A test token issuer: an RSA key, its JWKS served over real HTTP, and tokens minted with it.

Used by unit/integration tests and by the e2e harness until a real auth service signs tokens;
services are pointed at it through their ordinary ``<PREFIX>_JWKS_URL`` setting.
"""

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "cadence-auth"
AUDIENCE = "cadence"


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": kid, "alg": "RS256", "use": "sig"})
    return jwk


class TestIssuer:
    """Mints access tokens the way the auth service does, and serves the matching JWKS."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(self, *, issuer: str = ISSUER, audience: str = AUDIENCE) -> None:
        self.issuer = issuer
        self.audience = audience
        self.key = new_rsa_key()
        self.kid = uuid.uuid4().hex[:16]
        self.jwks: dict[str, Any] = {"keys": [public_jwk(self.key, self.kid)]}
        self._server: ThreadingHTTPServer | None = None
        self.jwks_url = ""
        self.jwks_requests = 0

    @property
    def public_pem(self) -> bytes:
        return self.key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def claims(self, user_id: uuid.UUID | None = None, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": str(user_id or uuid.uuid4()),
            "iat": now,
            "nbf": now,
            "exp": now + 900,
            "jti": uuid.uuid4().hex,
            "roles": ["user"],
            "email_verified": True,
        }
        claims.update(overrides)
        return {name: value for name, value in claims.items() if value is not None}

    def rotate(self) -> None:
        """A new signing key; the old one stays published, as the auth service does."""
        self.key = new_rsa_key()
        self.kid = uuid.uuid4().hex[:16]
        self.jwks = {"keys": [public_jwk(self.key, self.kid), *self.jwks["keys"]]}

    def mint(self, user_id: uuid.UUID | None = None, **overrides: Any) -> str:
        """A valid access token for ``user_id``; any claim can be overridden (None drops it)."""
        return self.sign(self.claims(user_id, **overrides))

    def sign(self, claims: dict[str, Any], *, headers: dict[str, Any] | None = None) -> str:
        return jwt.encode(
            claims,
            self.key,
            algorithm="RS256",
            headers={"kid": self.kid, "typ": "at+jwt", **(headers or {})},
        )

    def serve_jwks(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serves ``self.jwks`` over HTTP in a thread (changes show at once); returns its URL."""
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                issuer.jwks_requests += 1
                jwks = json.dumps(issuer.jwks).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(jwks)))
                self.end_headers()
                self.wfile.write(jwks)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer((host, port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        bound_host, bound_port = self._server.server_address[:2]
        self.jwks_url = f"http://{bound_host!s}:{bound_port}/.well-known/jwks.json"
        return self.jwks_url

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
