"""Storage exceptions the rest of the product may catch without importing SQLAlchemy."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError as IntegrityError
from sqlalchemy.exc import SQLAlchemyError as SQLAlchemyError

__all__ = ["IntegrityError", "SQLAlchemyError"]
