"""Opaque tokens (refresh, password reset, email verification): random, stored only hashed."""

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """SHA-256 is enough here: the token has 256 random bits, there is nothing to brute-force."""
    return hashlib.sha256(token.encode()).hexdigest()
