"""Password hashing: argon2id, with bcrypt hashes (from earlier backends) verified and upgraded.

Hashing costs tens of milliseconds of CPU on purpose, so it runs in the thread pool: a burst of
logins never stalls the event loop (argon2-cffi and bcrypt release the GIL while they hash).
"""

import asyncio

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from pwdlib.hashers.bcrypt import BcryptHasher

from auth_service.settings import Settings

MIN_LENGTH = 8
MAX_LENGTH = 128


class Passwords:
    def __init__(self, *, memory_kib: int, time_cost: int, parallelism: int) -> None:
        self.parameters = {
            "memory_kib": memory_kib,
            "time_cost": time_cost,
            "parallelism": parallelism,
        }
        self._hash = PasswordHash(
            (
                Argon2Hasher(memory_cost=memory_kib, time_cost=time_cost, parallelism=parallelism),
                BcryptHasher(),
            )
        )
        # Verified when the account does not exist, so that costs what a real check does.
        self._dummy_hash = self._hash.hash("not a password: equalises timing")

    @classmethod
    def from_settings(cls, settings: Settings) -> "Passwords":
        return cls(
            memory_kib=settings.argon2_memory_kib,
            time_cost=settings.argon2_time_cost,
            parallelism=settings.argon2_parallelism,
        )

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hash.hash, password)

    async def verify(self, password: str, stored_hash: str | None) -> tuple[bool, str | None]:
        """(matches, a new hash to store when the old one is outdated: bcrypt or old parameters).

        With no stored hash (no such account, or an Apple-only one) a dummy hash is checked, so
        the answer takes as long as for a real account.
        """
        if stored_hash is None:
            await asyncio.to_thread(self._hash.verify, password, self._dummy_hash)
            return False, None
        return await asyncio.to_thread(self._hash.verify_and_update, password, stored_hash)
