"""The exceptions that mean "the database is unavailable right now", for callers to catch.

A refused connection surfaces as ``OSError`` (asyncpg connects before SQLAlchemy can wrap it),
a server shutting down as an asyncpg error, everything else as a SQLAlchemy error.
"""

from __future__ import annotations

import asyncpg
from sqlalchemy.exc import SQLAlchemyError

DATABASE_ERRORS: tuple[type[Exception], ...] = (
    SQLAlchemyError,
    OSError,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
)
