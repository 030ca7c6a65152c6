"""Plain logic without HTTP: password hashing and upgrade, the key ring and its rotation."""

import time
import uuid
from pathlib import Path

import bcrypt
import jwt
import pytest

from auth_service.keys import (
    KeyConfigError,
    KeyRing,
    generate_pem,
    previous_key_path,
    rotate_key_file,
)
from auth_service.models import Role, User
from auth_service.passwords import Passwords
from auth_service.settings import Settings
from auth_service.tokens import AccessTokenIssuer
from cadence_shared.auth import InvalidToken, TokenVerifier


@pytest.fixture(scope="module")
def passwords() -> Passwords:
    return Passwords(memory_kib=19 * 1024, time_cost=2, parallelism=1)


async def test_argon2id_with_the_configured_parameters(passwords: Passwords) -> None:
    stored = await passwords.hash("a long password")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert await passwords.verify("a long password", stored) == (True, None)
    assert (await passwords.verify("another password", stored))[0] is False


async def test_bcrypt_hashes_verify_and_are_upgraded(passwords: Passwords) -> None:
    legacy = bcrypt.hashpw(b"seed password", bcrypt.gensalt(rounds=4)).decode()
    matches, upgraded = await passwords.verify("seed password", legacy)
    assert matches and upgraded is not None and upgraded.startswith("$argon2id$")
    assert (await passwords.verify("wrong", legacy)) == (False, None)


async def test_older_argon2_parameters_are_rehashed(passwords: Passwords) -> None:
    stronger = Passwords(memory_kib=32 * 1024, time_cost=3, parallelism=1)
    matches, upgraded = await stronger.verify(
        "pw long enough", await passwords.hash("pw long enough")
    )
    assert matches and upgraded is not None and "m=32768,t=3" in upgraded


async def test_no_account_costs_a_hash_too(passwords: Passwords) -> None:
    assert await passwords.verify("anything", None) == (False, None)


def _settings(path: Path) -> Settings:
    return Settings(signing_key=str(path), environment="test")


async def test_rotation_keeps_tokens_of_the_previous_key_valid(tmp_path: Path) -> None:
    path = tmp_path / "signing-key.pem"
    rotate_key_file(path)  # the first key
    before = KeyRing.from_settings(_settings(path))
    user = User(id=uuid.uuid4(), email="a@example.com", role=Role.user)
    old_token = AccessTokenIssuer(
        before, issuer="cadence-auth", audience="cadence", ttl_s=60
    ).issue(user, session_id=uuid.uuid4())
    new_key = rotate_key_file(path)
    assert previous_key_path(path).read_bytes() != path.read_bytes()
    after = KeyRing.from_settings(_settings(path))
    assert after.current.kid == new_key.kid != before.current.kid
    assert {key["kid"] for key in after.jwks()["keys"]} == {new_key.kid, before.current.kid}
    verifier = TokenVerifier(after, issuer="cadence-auth", audience="cadence")
    principal = await verifier.verify(old_token.token)
    assert principal.user_id == user.id and principal.expires_at > time.time()
    # Two rotations later the old key is gone, and so is trust in its tokens.
    rotate_key_file(path)
    latest = TokenVerifier(
        KeyRing.from_settings(_settings(path)), issuer="cadence-auth", audience="cadence"
    )
    with pytest.raises(InvalidToken):
        await latest.verify(old_token.token)


async def test_a_rotation_in_two_rolls_keeps_every_token_valid() -> None:
    """The README's order for several replicas: the new key published first (as the previous
    one), then signing; at each step every published key set verifies every live token."""
    old_pem, new_pem = generate_pem().decode(), generate_pem().decode()
    user = User(id=uuid.uuid4(), email="a@example.com", role=Role.user)

    def ring(current: str, previous: str | None = None) -> KeyRing:
        return KeyRing.from_settings(
            Settings(signing_key=current, previous_signing_key=previous, environment="test")
        )

    def token(keys: KeyRing) -> str:
        issuer = AccessTokenIssuer(keys, issuer="cadence-auth", audience="cadence", ttl_s=60)
        return issuer.issue(user, session_id=uuid.uuid4()).token

    before, published, swapped = ring(old_pem), ring(old_pem, new_pem), ring(new_pem, old_pem)
    assert published.current.kid == before.current.kid  # still signing with the old key
    assert (
        {k["kid"] for k in published.jwks()["keys"]}
        == {k["kid"] for k in swapped.jwks()["keys"]}
        == {before.current.kid, swapped.current.kid}
    )
    for keys in (published, swapped):
        verifier = TokenVerifier(keys, issuer="cadence-auth", audience="cadence")
        for signed in (token(before), token(published), token(swapped)):
            assert (await verifier.verify(signed)).user_id == user.id


def test_production_starts_before_any_rotation() -> None:
    """No previous key (unset, or empty as in .env.example) is not a placeholder to refuse."""
    for previous in (None, ""):
        settings = Settings(
            environment="production",
            signing_key=generate_pem().decode(),
            previous_signing_key=previous,
            database_url="postgresql+asyncpg://auth:s3cret@db:5432/cadence",
            amqp_url="amqp://cadence:s3cret@mq:5672/",
        )
        assert settings.previous_signing_key is None
        assert len(KeyRing.from_settings(settings).jwks()["keys"]) == 1


def test_development_generates_a_key_once_under_the_repo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "uv.lock").touch()
    monkeypatch.chdir(tmp_path)
    first = KeyRing.from_settings(Settings(environment="development"))
    key_file = tmp_path / ".run" / "secrets" / "auth" / "signing-key.pem"
    assert key_file.exists() and oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert (
        KeyRing.from_settings(Settings(environment="development")).current.kid == first.current.kid
    )


def test_outside_development_a_missing_key_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KeyConfigError):
        KeyRing.from_settings(_settings(tmp_path / "missing.pem"))
    with pytest.raises(ValueError, match="real secret"):
        Settings(environment="production")


def test_kid_is_the_key_thumbprint(tmp_path: Path) -> None:
    path = tmp_path / "key.pem"
    key = rotate_key_file(path)
    again = KeyRing.from_settings(_settings(path))
    assert again.current.kid == key.kid
    assert jwt.PyJWK(again.jwks()["keys"][0]).key_id == key.kid
