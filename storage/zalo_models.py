"""Tables of the Zalo channel: each chat's numbered choices and the photos we send by URL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, utcnow


class ZaloChoiceSet(Base):
    """The numbered choices last shown in one Zalo chat (Zalo has no buttons).

    ``choices`` is a list whose item ``n - 1`` answers the typed number ``n``:
    ``{"data": callback_data}`` for a button, ``{"text": text}`` for a menu entry.
    """

    __tablename__ = "zalo_choices"

    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    choices: Mapped[list[Any]]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ZaloPhoto(Base):
    """A photo we send on Zalo: the platform fetches it from our public URL by its key."""

    __tablename__ = "zalo_photos"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    mime_type: Mapped[str] = mapped_column(String(60))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
