"""The member-list import of the subscribers page, over the broadcasts importer."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from broadcasts.importer import import_members
from domain.catalogue import t
from domain.roles import StaffActor
from storage.audit import record_audit
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


async def run_import(
    sessions: async_sessionmaker[AsyncSession], actor: StaffActor, filename: str, content: bytes
) -> dict[str, Any]:
    """Import the file, all rows or none: ``{"ok", "message", "details", "errors"}``.

    ``errors`` are ``(row, message)`` pairs (row 0: the whole file).
    """
    async with UnitOfWork(sessions) as uow:
        report = await import_members(uow, content, filename)
        if not report.ok:
            await uow.session.rollback()  # nothing of a refused file is kept
            log.info("import of %s by %s refused", filename, actor.username)
            errors = [
                (e.row or "", f"«{e.column}»: {e.message}" if e.column else e.message)
                for e in report.errors
            ]
            return {
                "ok": False,
                "message": t("cp_import_refused", count=len(report.errors)),
                "details": [],
                "errors": errors,
            }
        await record_audit(
            uow,
            actor.username,
            "subscribers_import",
            filename[:100],
            {
                "created": report.created,
                "updated": report.updated,
                "memberships": report.memberships_added,
            },
            actor.ip,
        )
        await uow.commit()
    lines = report.lines()
    return {"ok": True, "message": lines[0], "details": lines[1:], "errors": []}
