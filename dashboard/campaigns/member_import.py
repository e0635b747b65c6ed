"""The member-list import of the subscribers page, over the broadcasts importer."""

from __future__ import annotations

import logging
from typing import Any

from broadcasts.importer import import_members
from domain.catalogue import t
from domain.roles import StaffActor
from storage.database import Database

log = logging.getLogger(__name__)


async def run_import(
    db: Database, actor: StaffActor, filename: str, content: bytes
) -> dict[str, Any]:
    """Import the file, all rows or none: ``{"ok", "message", "details", "errors"}``.

    ``errors`` are ``(row, message)`` pairs (row 0: the whole file).
    """
    async with db.uow() as uow:
        report = await import_members(uow, content, filename)
        if not report.ok:  # leaving without a commit rolls back: nothing of the file is kept
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
        await uow.audit.record(
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
