"""The access-token signing keys: loading, generating, rotating, and the public JWKS.

A key's ``kid`` is its RFC 7638 thumbprint, so it needs no storage of its own and every replica
holding the same PEM names it the same way.
"""

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from auth_service.settings import Settings, repo_root
from cadence_shared.auth import InvalidToken

ALGORITHM = "RS256"
KEY_SIZE = 2048
PREVIOUS_SUFFIX = ".previous"


class KeyConfigError(RuntimeError):
    pass


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_key: rsa.RSAPrivateKey
    public_jwk: dict[str, Any]
    verifier: jwt.PyJWK


def generate_pem() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _thumbprint(jwk: dict[str, Any]) -> str:
    canonical = json.dumps({name: jwk[name] for name in ("e", "kty", "n")}, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def signing_key_from_pem(pem: bytes) -> SigningKey:
    private_key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(private_key, rsa.RSAPrivateKey) or private_key.key_size < KEY_SIZE:
        raise KeyConfigError(f"the signing key must be an RSA key of at least {KEY_SIZE} bits")
    jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(private_key.public_key()))
    kid = _thumbprint(jwk)
    jwk.update({"kid": kid, "alg": ALGORITHM, "use": "sig"})
    return SigningKey(kid, private_key, jwk, jwt.PyJWK(jwk))


def write_private_file(path: Path, content: bytes) -> None:
    """Writes ``content`` readable by the owner only, replacing ``path`` atomically."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
    temporary.replace(path)


def default_key_path() -> Path:
    return repo_root() / ".run" / "secrets" / "auth" / "signing-key.pem"


def _is_pem(value: str) -> bool:
    return value.lstrip().startswith("-----BEGIN")


def signing_key_path(settings: Settings) -> Path | None:
    """The file the current key lives in, or None when it is given as PEM text."""
    value = settings.signing_key.get_secret_value()
    if _is_pem(value):
        return None
    return Path(value) if value else default_key_path()


def previous_key_path(current: Path) -> Path:
    return current.with_name(current.name + PREVIOUS_SUFFIX)


class KeyRing:
    """The current signing key and the previous one (verify-only until its tokens expire)."""

    def __init__(self, current: SigningKey, previous: SigningKey | None = None) -> None:
        self.current = current
        self._by_kid = {current.kid: current}
        if previous is not None and previous.kid != current.kid:
            self._by_kid[previous.kid] = previous

    @classmethod
    def from_settings(cls, settings: Settings) -> "KeyRing":
        value = settings.signing_key.get_secret_value()
        path = signing_key_path(settings)
        if path is None:
            current = signing_key_from_pem(value.encode())
        elif path.exists():
            current = signing_key_from_pem(path.read_bytes())
        elif not value and settings.environment == "development":
            pem = generate_pem()
            write_private_file(path, pem)
            current = signing_key_from_pem(pem)
        else:
            raise KeyConfigError(
                f"no signing key: set AUTH_SIGNING_KEY to a PEM or a key file ({path} is missing)"
            )
        return cls(current, _previous_key(settings, path))

    def jwks(self) -> dict[str, Any]:
        return {"keys": [key.public_jwk for key in self._by_kid.values()]}

    async def get(self, kid: str) -> jwt.PyJWK:
        """The verifier's key source (cadence_shared.auth.SigningKeys): in-process, no HTTP."""
        key = self._by_kid.get(kid)
        if key is None:
            raise InvalidToken("unknown signing key")
        return key.verifier


def _previous_key(settings: Settings, current_path: Path | None) -> SigningKey | None:
    secret = settings.previous_signing_key
    value = secret.get_secret_value() if secret is not None else ""
    if _is_pem(value):
        return signing_key_from_pem(value.encode())
    path = Path(value) if value else current_path and previous_key_path(current_path)
    if path is None or not path.exists():
        return None
    return signing_key_from_pem(path.read_bytes())


def rotate_key_file(path: Path) -> SigningKey:
    """Makes the current key file the previous one and writes a new current key."""
    if path.exists():
        write_private_file(previous_key_path(path), path.read_bytes())
    pem = generate_pem()
    write_private_file(path, pem)
    return signing_key_from_pem(pem)
