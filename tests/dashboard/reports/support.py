"""Reports written straight into the database, with exactly the fields a test cares about."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.tracking import new_tracking_code
from handlers.citizen.report_service import search_text
from storage.models import Attachment, Citizen, Report, ReportEvent

_chat_ids = itertools.count(900_000)
# Two current wards of the gazetteer (codes as in reports.place_code).
BAC_GIANG = ("7210", "Phường Bắc Giang")
KINH_BAC = ("9187", "Phường Kinh Bắc")


async def add_report(
    sessions: async_sessionmaker[AsyncSession],
    text: str = "Đường thôn Đông bị sụt lún, có ổ gà lớn",
    *,
    age: timedelta = timedelta(hours=1),
    place: tuple[str, str] | None = BAC_GIANG,
    photo: bytes | None = None,
    phone: str | None = None,
    name: str | None = None,
    **fields: Any,
) -> Report:
    """A report created ``age`` ago (default: new, trung_binh, giao_thong, in Bắc Giang)."""
    now = datetime.now(UTC)
    created = now - age
    chat_id = str(next(_chat_ids))
    code = fields.pop("code", None) or new_tracking_code()
    values: dict[str, Any] = {
        "code": code,
        "channel": "telegram",
        "chat_id": chat_id,
        "text": text,
        "category": "giao_thong",
        "urgency": "trung_binh",
        "place_code": place[0] if place else None,
        "place_name": place[1] if place else None,
        "status": "moi",
        "accept_due_at": created + timedelta(days=1),
        "resolve_due_at": created + timedelta(days=14),
        "created_at": created,
        "updated_at": created,
        "anonymous": phone is None and name is None,
        "contact_phone": phone,
        **fields,
    }
    values.setdefault(
        "search_text", search_text(code, text, values.get("place_text"), values["place_name"])
    )
    async with sessions() as session:
        citizen = Citizen(
            channel="telegram",
            external_id=chat_id,
            chat_id=chat_id,
            display_name=name,
            consented_at=now,
        )
        session.add(citizen)
        await session.flush()
        report = Report(citizen_id=citizen.id, **values)
        session.add(report)
        await session.flush()
        session.add(
            ReportEvent(
                report_id=report.id, at=created, actor="citizen", kind="created", to_status="moi"
            )
        )
        if photo is not None:
            session.add(
                Attachment(
                    citizen_id=citizen.id,
                    report_id=report.id,
                    mime_type="image/jpeg",
                    size=len(photo),
                    sha256="0" * 64,
                    content=photo,
                )
            )
        await session.commit()
        return report
