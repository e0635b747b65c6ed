"""The audit log: every staff action, newest first. Never commits; the unit of work does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from storage.base import Repository
from storage.models import AuditEntry, utcnow

MAX_FIELD = {"actor": 64, "action": 40, "target": 100, "ip": 64}


@dataclass(frozen=True)
class AuditPage:
    """One page of the audit log."""

    entries: Sequence[AuditEntry]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """Number of pages (at least one)."""
        return max(1, -(-self.total // self.per_page))


def _filtered(stmt: Select[Any], actor: str | None, action: str | None) -> Select[Any]:
    if actor:
        stmt = stmt.where(AuditEntry.actor == actor)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    return stmt


class AuditLog(Repository):
    """``uow.audit``: record staff actions and read them back a page at a time."""

    async def record(
        self,
        actor: str,
        action: str,
        target: str | None,
        details: dict[str, Any],
        ip: str | None,
    ) -> None:
        """Add one entry (``actor`` is a username or ``cli``/``system``)."""
        self.session.add(
            AuditEntry(
                at=utcnow(),
                actor=actor[: MAX_FIELD["actor"]],
                action=action[: MAX_FIELD["action"]],
                target=target[: MAX_FIELD["target"]] if target is not None else None,
                details=details,
                ip=ip[: MAX_FIELD["ip"]] if ip is not None else None,
            )
        )
        await self.session.flush()

    async def page(
        self,
        *,
        actor: str | None = None,
        action: str | None = None,
        page: int = 1,
        per_page: int = 50,
    ) -> AuditPage:
        """Entries matching the filters, newest first."""
        count = _filtered(select(func.count(AuditEntry.id)), actor, action)
        total = (await self.session.execute(count)).scalar_one()
        page = max(1, min(page, max(1, -(-total // per_page))))
        stmt = _filtered(select(AuditEntry), actor, action)
        stmt = stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        stmt = stmt.limit(per_page).offset((page - 1) * per_page)
        rows = (await self.session.execute(stmt)).scalars()
        return AuditPage(entries=list(rows), total=total, page=page, per_page=per_page)

    async def actions(self) -> list[str]:
        """Every action code that appears in the log, for the filter."""
        stmt = select(AuditEntry.action).distinct().order_by(AuditEntry.action)
        return list((await self.session.execute(stmt)).scalars())
