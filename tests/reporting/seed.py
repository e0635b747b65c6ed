"""Reports with known categories, places, statuses and dates for the statistics tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.sla import VN_TZ, SlaRules
from handlers.citizen.draft import DraftPlace, ReportDraft
from handlers.citizen.report_service import Filing, file_report
from storage.models import ReportEvent
from storage.uow import UnitOfWork

NOW = datetime(2026, 3, 16, 10, 0, tzinfo=VN_TZ)  # a Monday
PERIOD_START = datetime(2026, 3, 2, tzinfo=VN_TZ)
PERIOD_END = datetime(2026, 3, 16, tzinfo=VN_TZ)


def vn(month: int, day: int, hour: int = 0) -> datetime:
    """A moment of 2026 in Vietnam time."""
    return datetime(2026, month, day, hour, tzinfo=VN_TZ)


@dataclass
class Spec:
    """One report as the test wants it."""

    category: str
    place: str | None
    created: datetime
    accept_due: datetime
    resolve_due: datetime
    status: str = "moi"
    accepted_col: datetime | None = None  # reports.accepted_at
    resolved_col: datetime | None = None
    events: list[tuple[datetime, str]] = field(default_factory=list)  # (at, to_status)
    rating: int | None = None
    fixed: bool | None = None
    text: str = "Đường bị hỏng nặng"
    anonymous: bool = False
    phone: str | None = None
    channel: str = "telegram"


# A: accepted 2 h (column), resolved 72 h (column), on time; rated 5, confirmed fixed.
# B: accepted 24 h by event (late), still open past the resolution deadline.
# C: accepted 4 h and resolved 48 h by events, on time; rated 3, not fixed.
# D: never accepted, past the acceptance deadline, no place.
# E: refused after 1 h (counts as taken in hand), closed without resolution.
# F: before the period (only in the weekly trend).
SPECS: list[Spec] = [
    Spec(
        "giao_thong",
        "7210",
        vn(3, 2, 8),
        vn(3, 2, 16),
        vn(3, 13, 17),
        "da_giai_quyet",
        accepted_col=vn(3, 2, 10),
        resolved_col=vn(3, 5, 8),
        rating=5,
        fixed=True,
        events=[(vn(3, 2, 10), "da_tiep_nhan"), (vn(3, 5, 8), "da_giai_quyet")],
        phone="0912345678",
        text="Ổ gà lớn, gọi tôi 0912 345 678",
    ),
    Spec(
        "giao_thong",
        "7210",
        vn(3, 3, 8),
        vn(3, 3, 16),
        vn(3, 10, 17),
        "dang_xu_ly",
        events=[(vn(3, 4, 8), "dang_xu_ly")],
    ),
    Spec(
        "dien",
        "9187",
        vn(3, 9, 9),
        vn(3, 9, 17),
        vn(3, 20, 17),
        "da_giai_quyet",
        events=[(vn(3, 9, 13), "da_tiep_nhan"), (vn(3, 11, 9), "da_giai_quyet")],
        rating=3,
        fixed=False,
        text="Mất điện cả xóm",
        anonymous=True,
    ),
    Spec("thoat_nuoc", None, vn(3, 10, 9), vn(3, 10, 17), vn(3, 24, 17)),
    Spec(
        "giao_thong",
        "7210",
        vn(3, 12, 9),
        vn(3, 12, 17),
        vn(3, 26, 17),
        "tu_choi",
        events=[(vn(3, 12, 10), "tu_choi")],
    ),
    Spec("giao_thong", "7210", vn(2, 20, 9), vn(2, 20, 17), vn(3, 6, 17), "moi"),
]


async def seed(sessions: async_sessionmaker[AsyncSession], specs: list[Spec]) -> list[str]:
    """Create the reports through the shared creation path, then set their history."""
    codes: list[str] = []
    async with UnitOfWork(sessions) as uow:
        citizen = await uow.citizens.record_consent(
            "telegram", "501", "501", "Nguyễn Văn An", "2025-07", granted=True
        )
        assert citizen is not None
        filing = Filing(citizen.id, "telegram", "501")
        for spec in specs:
            draft = ReportDraft(
                text=spec.text,
                category=spec.category,
                place=DraftPlace(display="", code=spec.place) if spec.place else None,
                anonymous=spec.anonymous,
                phone=spec.phone,
            )
            report = await file_report(uow, filing, draft, SlaRules())
            report.created_at = spec.created
            report.channel = spec.channel
            report.accept_due_at, report.resolve_due_at = spec.accept_due, spec.resolve_due
            report.status = spec.status
            report.accepted_at, report.resolved_at = spec.accepted_col, spec.resolved_col
            report.rating, report.fixed_confirmed = spec.rating, spec.fixed
            previous = "moi"
            for at, to_status in spec.events:
                await uow.reports.add_event(
                    ReportEvent(
                        report_id=report.id,
                        at=at,
                        actor="canbo",
                        kind="status",
                        from_status=previous,
                        to_status=to_status,
                    )
                )
                previous = to_status
            codes.append(report.code)
        await uow.commit()
    return codes
