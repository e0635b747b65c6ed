"""Typed ORM models. Schema changes go through Alembic migrations only."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

# Indexes only the migrations know: an expression index (queue order) and a PostgreSQL
# trigram index; the schema comparison in the tests skips them.
MIGRATION_ONLY_INDEXES = frozenset({"ix_reports_queue_order", "ix_reports_search_trgm"})


def utcnow() -> datetime:
    """Current time, timezone-aware UTC."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes; SQLite drops the offset, so it is restored as UTC on load."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    """Declarative base of every table."""

    type_annotation_map = {  # noqa: RUF012
        datetime: UtcDateTime,
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class Citizen(Base):
    """A person who talks to the bot on one channel. Created only after consent."""

    __tablename__ = "citizens"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_citizen_channel_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(32))
    consented_at: Mapped[datetime | None]
    erased_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Consent(Base):
    """Each consent decision (granted or withdrawn) under Nghị định 13/2023/NĐ-CP."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    notice_version: Mapped[str] = mapped_column(String(20))
    granted: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Report(Base):
    """A citizen's report about local infrastructure."""

    __tablename__ = "reports"
    __table_args__ = (
        Index("ix_reports_status_urgency", "status", "urgency"),
        Index("ix_reports_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(32), index=True)
    category_suggested: Mapped[str | None] = mapped_column(String(32))
    category_confidence: Mapped[float | None] = mapped_column(Float)
    urgency: Mapped[str] = mapped_column(String(16))
    urgency_reasons: Mapped[list[Any]] = mapped_column(default=list)
    place_text: Mapped[str | None] = mapped_column(String(300))
    place_code: Mapped[str | None] = mapped_column(String(16), index=True)
    place_name: Mapped[str | None] = mapped_column(String(200))
    legacy_place: Mapped[str | None] = mapped_column(String(300))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32), default="moi")
    flagged: Mapped[list[Any]] = mapped_column(default=list)
    accept_due_at: Mapped[datetime] = mapped_column(index=True)
    resolve_due_at: Mapped[datetime] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Triage and follow-up
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")  # folded
    assigned_unit: Mapped[str | None] = mapped_column(String(200))
    assigned_staff_id: Mapped[int | None] = mapped_column(  # the named officer in charge
        ForeignKey("staff_users.id", name="fk_reports_assigned_staff_id"), index=True
    )
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("reports.id", name="fk_reports_merged_into_id"), index=True
    )
    accepted_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    fixed_confirmed: Mapped[bool | None] = mapped_column(Boolean)
    rating: Mapped[int | None] = mapped_column(Integer)
    staff_alerted_at: Mapped[datetime | None] = mapped_column(index=True)

    events: Mapped[list[ReportEvent]] = relationship(
        back_populates="report", order_by="ReportEvent.id", lazy="raise"
    )


class ReportEvent(Base):
    """One entry of a report's history: creation, status change or note."""

    __tablename__ = "report_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    public_note: Mapped[str | None] = mapped_column(Text)
    internal_note: Mapped[str | None] = mapped_column(Text)
    # e.g. old/new of a correction; the server default is the one migration 0002 gave the column
    details: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=sql_text("'{}'"))
    notified_at: Mapped[datetime | None]

    report: Mapped[Report] = relationship(back_populates="events", lazy="raise")


class Attachment(Base):
    """A photo sent by a citizen, stored by the service (not a channel file id)."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    mime_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    source_ref: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Conversation(Base):
    """Where a chat is in a flow; kept in the database so restarts lose nothing."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "chat_id", name="uq_conversation_chat"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(40), default="idle")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ProcessedUpdate(Base):
    """An update id seen once; a redelivered update finds its row and is skipped."""

    __tablename__ = "processed_updates"
    __table_args__ = (UniqueConstraint("channel", "update_key", name="uq_processed_update"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    update_key: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class WebchatMessage(Base):
    """A message to a web chat visitor; the page polls for new rows."""

    __tablename__ = "webchat_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StaffUser(Base):
    """A staff account of the dashboard."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    communes: Mapped[list[Any]] = mapped_column(default=list)  # ward codes; empty = everywhere
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    telegram_user_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]


class StaffSession(Base):
    """A logged-in browser; only the hash of the cookie's token is stored."""

    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class AuditEntry(Base):
    """Every staff action, for accountability."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str | None] = mapped_column(String(100))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    ip: Mapped[str | None] = mapped_column(String(64))


class ApiKey(Base):
    """An Open311 client's key; only its hash is stored."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


class GeneratedReport(Base):
    """A periodic figures report (weekly, monthly) kept for download."""

    __tablename__ = "generated_reports"
    __table_args__ = (
        UniqueConstraint("kind", "period_start", "scope", name="uq_generated_report_period"),
        UniqueConstraint("public_id", name="uq_generated_report_public_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(64))  # random, what download links carry
    scope: Mapped[str] = mapped_column(Text)  # sorted ward codes, comma-separated; "" = province
    kind: Mapped[str] = mapped_column(String(20))
    period_start: Mapped[datetime]
    period_end: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    xlsx: Mapped[bytes] = mapped_column(LargeBinary)
    html: Mapped[str] = mapped_column(Text)
