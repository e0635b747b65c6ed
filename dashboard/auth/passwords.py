"""Argon2id password hashing, off the event loop (each hash takes tens of milliseconds)."""

from __future__ import annotations

import asyncio
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _HASHER.hash("dummy password for unknown accounts")


def _verify(password_hash: str, password: str) -> tuple[bool, bool]:
    try:
        _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, False
    return True, _HASHER.check_needs_rehash(password_hash)


async def hash_password(password: str) -> str:
    """The Argon2id hash of ``password`` with the current parameters."""
    return await asyncio.to_thread(_HASHER.hash, password)


async def verify_password(password_hash: str, password: str) -> tuple[bool, bool]:
    """(matches, needs rehash because the parameters changed)."""
    return await asyncio.to_thread(_verify, password_hash, password)


async def verify_dummy(password: str) -> None:
    """Spend the same time as a real check, so unknown usernames cannot be told apart."""
    dummy = await asyncio.to_thread(_dummy_hash)
    await asyncio.to_thread(_verify, dummy, password)
