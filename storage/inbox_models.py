"""The durable inbox: every update a channel delivered, stored before it is acknowledged."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, utcnow

INBOX_PENDING = "pending"
INBOX_DONE = "done"
INBOX_PARKED = "parked"  # kept for an operator: unparseable, or failed too many times


class InboxUpdate(Base):
    """One raw update as the platform sent it, and how far its processing got."""

    __tablename__ = "inbox_updates"
    __table_args__ = (
        Index("ix_inbox_claim", "state", "next_attempt_at"),
        Index("ix_inbox_chat_order", "channel", "chat_key", "state", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    chat_key: Mapped[str | None] = mapped_column(String(64))  # None: no chat order to keep
    update_key: Mapped[str | None] = mapped_column(String(64))
    raw: Mapped[str] = mapped_column(Text)  # the body exactly as received (may not be JSON)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    state: Mapped[str] = mapped_column(String(10), default=INBOX_PENDING)
    tries: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]
