"""Tables of the queue's daily work: canned replies kept per unit.

The named officer a report is assigned to is ``reports.assigned_staff_id`` (storage.models).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, PrimaryKeyConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, utcnow

ALL_UNITS = ""  # a canned reply every unit may use


class CannedReply(Base):
    """A reply or question text admins keep for the officers of one unit (a ward) or all."""

    __tablename__ = "canned_replies"
    __table_args__ = (
        PrimaryKeyConstraint("id", name="pk_canned_replies"),  # the name migration 0011 gave it
        Index("ix_canned_replies_unit", "unit", "title"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit: Mapped[str] = mapped_column(String(16), default=ALL_UNITS)  # ward code, "" = all
    title: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
