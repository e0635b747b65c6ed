"""Persistence: SQLAlchemy 2.0 async models, unit of work, Alembic migrations."""
