"""What every repository is: queries over the unit of work's one session."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class Repository:
    """Reads and writes through one session; never commits (the unit of work does)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
