"""``uow.queue_work``: the queue's daily work (SQLite and PostgreSQL).

Officers a report may be assigned to, their names, canned replies per unit, the number of
reports that arrived since a page was loaded, and the queue's filter exported in its order.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select

from storage.base import Repository
from storage.models import Report, StaffUser
from storage.queue_models import ALL_UNITS, CannedReply
from storage.queue_search import QueueFilter, queue_order
from storage.report_queries import _filtered
from storage.stats_queries import ExportRow

TRIAGE_ROLES = ("admin", "can_bo")
EXPORT_BATCH = 1000


@dataclass(frozen=True)
class Officer:
    """A staff account a report can be assigned to."""

    id: int
    username: str
    name: str


def officer_covers(user: StaffUser, place_code: str | None) -> bool:
    """An admin, or an officer whose wards include the place (no wards = everywhere)."""
    if user.role == "admin":
        return True
    communes = [str(c) for c in (user.communes or []) if c]
    return not communes or (place_code is not None and place_code in communes)


class QueueWork(Repository):
    """Assignment to named officers, canned replies, new arrivals and the queue's export."""

    async def officers(self) -> list[StaffUser]:
        """Active accounts that may triage (admins and officers), by name."""
        stmt = (
            select(StaffUser)
            .where(StaffUser.active.is_(True), StaffUser.role.in_(TRIAGE_ROLES))
            .order_by(func.coalesce(StaffUser.full_name, StaffUser.username), StaffUser.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def officers_for(self, place_code: str | None) -> list[Officer]:
        """Who may be assigned a report at this place: officers of that ward, or admins."""
        return [
            Officer(u.id, u.username, u.full_name or u.username)
            for u in await self.officers()
            if officer_covers(u, place_code)
        ]

    async def assignable(self) -> list[Officer]:
        """Every account a report may be assigned to somewhere (each report checks its ward)."""
        return [Officer(u.id, u.username, u.full_name or u.username) for u in await self.officers()]

    async def staff_names(self, ids: Sequence[int]) -> dict[int, str]:
        """Full name (or username) of each staff id."""
        wanted = sorted({i for i in ids if i is not None})
        if not wanted:
            return {}
        stmt = select(StaffUser.id, StaffUser.full_name, StaffUser.username).where(
            StaffUser.id.in_(wanted)
        )
        return {
            int(i): str(full or user) for i, full, user in (await self.session.execute(stmt)).all()
        }

    async def newest_report_id(self) -> int:
        """The id of the latest report (0 when there is none)."""
        return int((await self.session.execute(select(func.max(Report.id)))).scalar() or 0)

    async def arrived_since(self, flt: QueueFilter, now: datetime, after_id: int) -> int:
        """Reports matching the filter filed after the report ``after_id``."""
        stmt = _filtered(select(func.count(Report.id)), flt, now).where(Report.id > after_id)
        return int((await self.session.execute(stmt)).scalar() or 0)

    async def export_batches(
        self, flt: QueueFilter, now: datetime, *, limit: int
    ) -> AsyncIterator[list[ExportRow]]:
        """The queue's reports for the filter in the queue's order, a batch at a time."""
        order = _filtered(select(Report.id), flt, now).order_by(*queue_order(flt, now))
        ids = list((await self.session.execute(order.limit(limit))).scalars())
        for start in range(0, len(ids), EXPORT_BATCH):
            chunk = ids[start : start + EXPORT_BATCH]
            stmt = select(Report).where(Report.id.in_(chunk))
            by_id = {r.id: r for r in (await self.session.execute(stmt)).scalars()}
            yield [_export_row(by_id[i]) for i in chunk if i in by_id]

    async def canned_replies(self, unit: str | None = None) -> list[CannedReply]:
        """Every canned reply (unit None), or those a unit may use: its own and the shared."""
        stmt = select(CannedReply)
        if unit is not None:
            stmt = stmt.where(or_(CannedReply.unit == ALL_UNITS, CannedReply.unit == unit))
        stmt = stmt.order_by(CannedReply.unit, CannedReply.title, CannedReply.id)
        return list((await self.session.execute(stmt)).scalars())

    async def canned_reply(self, reply_id: int) -> CannedReply | None:
        """One canned reply."""
        return await self.session.get(CannedReply, reply_id)

    async def add_canned_reply(self, unit: str, title: str, text: str, by: str) -> CannedReply:
        """Keep a new canned reply for a unit ("" for all)."""
        reply = CannedReply(unit=unit, title=title, text=text, created_by=by)
        self.session.add(reply)
        await self.session.flush()
        return reply

    async def delete_canned_reply(self, reply: CannedReply) -> None:
        """Forget a canned reply."""
        await self.session.delete(reply)
        await self.session.flush()


def _export_row(r: Report) -> ExportRow:
    return ExportRow(
        r.id,
        r.code,
        r.created_at,
        r.category,
        r.urgency,
        r.status,
        r.place_code,
        r.place_name,
        r.place_text,
        r.text,
        r.anonymous,
        r.accept_due_at,
        r.resolve_due_at,
        r.accepted_at,
        r.resolved_at,
        r.assigned_unit,
        r.rating,
        r.fixed_confirmed,
    )
