"""Flood counters shared by every worker process: one row per chat."""

from __future__ import annotations

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base


class FloodCounter(Base):
    """How busy one chat has been, as the time its allowance is used up to (see storage.flood)."""

    __tablename__ = "flood_counters"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)  # "<channel>:<chat id>"
    busy_until: Mapped[float] = mapped_column(Float)  # wall-clock seconds
    notified_at: Mapped[float] = mapped_column(Float, default=0.0)  # last «slow down» notice
