"""Storage exceptions the rest of the product may catch without importing SQLAlchemy."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError as IntegrityError
from sqlalchemy.exc import SQLAlchemyError as SQLAlchemyError

__all__ = ["AlreadyProcessed", "IntegrityError", "SQLAlchemyError"]


class AlreadyProcessed(Exception):
    """A turn that joined its caller's unit found its update processed before: the caller must
    roll the turn back (it did its steps for nothing) and count the update as done."""
