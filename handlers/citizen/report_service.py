"""Creating a report, the same way for every channel (chat flow, Open311)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import nlp
from domain.sla import SlaRules
from domain.statuses import ReportStatus
from domain.taxonomy import Urgency
from domain.tracking import new_tracking_code
from storage.models import Report, ReportEvent
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


@dataclass
class NewReport:
    """What is known about a report when it is filed."""

    citizen_id: int
    channel: str
    chat_id: str
    text: str
    category: str
    urgency: str = Urgency.TRUNG_BINH.value
    category_suggested: str | None = None
    category_confidence: float | None = None
    urgency_reasons: list[str] = field(default_factory=list)
    place: dict[str, Any] = field(default_factory=dict)  # display/typed/code/name/legacy/lat/lon
    anonymous: bool = False
    contact_phone: str | None = None
    flagged: list[str] = field(default_factory=list)
    photo_ids: list[int] = field(default_factory=list)
    actor: str = "citizen"


def search_text(*parts: str | None) -> str:
    """Folded text (no diacritics, lower case) that the staff search matches against."""
    return nlp.fold(" ".join(p for p in parts if p))


async def create_report(uow: UnitOfWork, new: NewReport, sla: SlaRules) -> Report:
    """Insert the report with a fresh tracking code, its creation event and its photos.

    The caller commits; nothing is sent before that.
    """
    now = datetime.now(UTC)
    urgency = Urgency(new.urgency)
    code = new_tracking_code()
    while await uow.reports.code_exists(code):
        code = new_tracking_code()
    place = new.place
    place_text = place.get("typed") or place.get("display")
    report = Report(
        code=code,
        citizen_id=new.citizen_id,
        channel=new.channel,
        chat_id=new.chat_id,
        text=new.text,
        category=new.category,
        category_suggested=new.category_suggested,
        category_confidence=new.category_confidence,
        urgency=urgency.value,
        urgency_reasons=list(new.urgency_reasons),
        place_text=place_text,
        place_code=place.get("code"),
        place_name=place.get("name"),
        legacy_place=place.get("legacy"),
        latitude=place.get("lat"),
        longitude=place.get("lon"),
        anonymous=new.anonymous,
        contact_phone=None if new.anonymous else new.contact_phone,
        status=ReportStatus.MOI.value,
        flagged=list(new.flagged),
        accept_due_at=sla.accept_by(now, urgency),
        resolve_due_at=sla.resolve_by(now),
        created_at=now,
        updated_at=now,
        search_text=search_text(code, new.text, place_text, place.get("name"), place.get("legacy")),
    )
    event = ReportEvent(actor=new.actor, kind="created", to_status=ReportStatus.MOI.value, at=now)
    await uow.reports.add(report, event)
    await uow.attachments.link(new.photo_ids, new.citizen_id, report.id)
    log.info("report %s saved: category=%s urgency=%s", code, report.category, report.urgency)
    return report
