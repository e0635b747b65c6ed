"""Reports and staff accounts written straight into the database for the alert tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.tracking import new_tracking_code
from storage.models import Citizen, Report, ReportEvent, StaffUser


async def add_report(
    sessions: async_sessionmaker[AsyncSession],
    *,
    text: str = "Ổ gà lớn giữa đường trước cổng chợ, xe máy đi qua rất nguy hiểm",
    category: str = "giao_thong",
    urgency: str = "trung_binh",
    status: str = "moi",
    place_name: str | None = "Phường Bắc Giang",
    created: datetime | None = None,
    accept_due: timedelta = timedelta(hours=8),
    resolve_due: timedelta = timedelta(days=14),
    alerted: bool = False,
    chat_id: str = "7001",
    channel: str = "test",
) -> Report:
    """One report; due dates are relative to ``created`` (negative values: already late)."""
    created = created or datetime.now(UTC)
    code = new_tracking_code()
    async with sessions() as session:
        citizen = Citizen(
            channel=channel,
            external_id=f"{chat_id}-{code}",
            chat_id=chat_id,
            display_name="Người dân",
            consented_at=created,
        )
        session.add(citizen)
        await session.flush()
        report = Report(
            code=code,
            citizen_id=citizen.id,
            channel=channel,
            chat_id=chat_id,
            text=text,
            category=category,
            urgency=urgency,
            status=status,
            place_name=place_name,
            accept_due_at=created + accept_due,
            resolve_due_at=created + resolve_due,
            created_at=created,
            updated_at=created,
            staff_alerted_at=created if alerted else None,
        )
        session.add(report)
        await session.flush()
        session.add(
            ReportEvent(
                report_id=report.id, at=created, actor="citizen", kind="created", to_status="moi"
            )
        )
        await session.commit()
    return report


async def add_staff(
    sessions: async_sessionmaker[AsyncSession],
    username: str,
    *,
    role: str = "admin",
    telegram_user_id: str | None = None,
    full_name: str | None = "Trần Thị Bình",
    communes: list[str] | None = None,
) -> StaffUser:
    """A staff account (the password hash is irrelevant here)."""
    async with sessions() as session:
        user = StaffUser(
            username=username,
            full_name=full_name,
            password_hash="x",
            role=role,
            communes=communes or [],
            telegram_user_id=telegram_user_id,
        )
        session.add(user)
        await session.commit()
    return user
