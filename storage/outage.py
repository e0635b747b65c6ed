"""The exceptions that mean "the database is unavailable right now", for callers to catch.

A refused connection surfaces as ``OSError`` (asyncpg connects before SQLAlchemy can wrap it),
a server shutting down as an asyncpg error, everything else as a SQLAlchemy error. asyncpg's
errors count once asyncpg is loaded (it is when a PostgreSQL engine exists), so a service on
SQLite never imports it.
"""

from __future__ import annotations

import sys

from sqlalchemy.exc import SQLAlchemyError


def database_errors(*more: type[Exception]) -> tuple[type[Exception], ...]:
    """The exception classes to catch (with ``more``), as of now: ``except database_errors():``."""
    errors: tuple[type[Exception], ...] = (*more, SQLAlchemyError, OSError)
    asyncpg = sys.modules.get("asyncpg")
    if asyncpg is not None:
        errors += (asyncpg.PostgresError, asyncpg.InterfaceError)
    return errors
