"""Filing a report, the same way for every channel (chat flow, Open311)."""

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
from handlers.citizen.draft import DraftPlace, ReportDraft
from storage.models import Report, ReportEvent
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Filing:
    """Who files the report and where they are answered."""

    citizen_id: int
    channel: str
    chat_id: str
    actor: str = "citizen"


@dataclass
class NewReport:
    """A report filed in one go (Open311, imports): its filing and its draft as flat fields."""

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

    def filing(self) -> Filing:
        """Who files it."""
        return Filing(self.citizen_id, self.channel, self.chat_id, self.actor)

    def draft(self) -> ReportDraft:
        """The same report as a draft."""
        place = self.place
        return ReportDraft(
            text=self.text,
            suggested=self.category_suggested,
            confidence=self.category_confidence,
            urgency=self.urgency,
            urgency_reasons=list(self.urgency_reasons),
            flagged=list(self.flagged),
            category=self.category,
            place=_place(place) if place else None,
            photos=list(self.photo_ids),
            anonymous=self.anonymous,
            phone=self.contact_phone,
        )


def _place(place: dict[str, Any]) -> DraftPlace:
    return DraftPlace(
        display=place.get("display") or "",
        code=place.get("code"),
        name=place.get("name"),
        legacy=place.get("legacy"),
        lat=place.get("lat"),
        lon=place.get("lon"),
        typed=place.get("typed"),
    )


def search_text(*parts: str | None) -> str:
    """Folded text (no diacritics, lower case) that the staff search matches against."""
    return nlp.fold(" ".join(p for p in parts if p))


async def create_report(uow: UnitOfWork, new: NewReport, sla: SlaRules) -> Report:
    """File a ``NewReport`` (see :func:`file_report`)."""
    return await file_report(uow, new.filing(), new.draft(), sla)


async def file_report(uow: UnitOfWork, filing: Filing, draft: ReportDraft, sla: SlaRules) -> Report:
    """Insert the report with a fresh tracking code, its creation event and its photos.

    The caller commits; nothing is sent before that.
    """
    if draft.category is None:
        raise ValueError("a report is filed with a category")
    now = datetime.now(UTC)
    urgency = Urgency(draft.urgency)
    code = new_tracking_code()
    while await uow.reports.code_exists(code):
        code = new_tracking_code()
    place = draft.place or DraftPlace(display="")
    place_text = place.place_text or None
    report = Report(
        code=code,
        citizen_id=filing.citizen_id,
        channel=filing.channel,
        chat_id=filing.chat_id,
        text=draft.text,
        category=draft.category,
        category_suggested=draft.suggested,
        category_confidence=draft.confidence,
        urgency=urgency.value,
        urgency_reasons=list(draft.urgency_reasons),
        place_text=place_text,
        place_code=place.code,
        place_name=place.name,
        legacy_place=place.legacy,
        latitude=place.lat,
        longitude=place.lon,
        anonymous=draft.anonymous,
        contact_phone=None if draft.anonymous else draft.phone,
        status=ReportStatus.MOI.value,
        flagged=list(draft.flagged),
        accept_due_at=sla.accept_by(now, urgency),
        resolve_due_at=sla.resolve_by(now),
        created_at=now,
        updated_at=now,
        search_text=search_text(code, draft.text, place_text, place.name, place.legacy),
    )
    event = ReportEvent(
        actor=filing.actor, kind="created", to_status=ReportStatus.MOI.value, at=now
    )
    await uow.reports.add(report, event)
    await uow.attachments.link(draft.photos, filing.citizen_id, report.id)
    log.info("report %s saved: category=%s urgency=%s", code, report.category, report.urgency)
    return report
