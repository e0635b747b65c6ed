"""Import a member list (CSV or XLSX) as subscribers and group members, all or nothing.

An import is an officer's list of members who agreed to receive union information: the officer
vouches for their consent, so new rows are ``active`` with ``consented_at`` = the import time and
``source`` = ``import``. Existing subscribers are updated (name, commune when given) and keep their
status: someone who left with /huydangky is not re-subscribed by a list (the row is skipped and
counted), someone who blocked the bot stays ``blocked``. Group codes not yet known are created
with the code as their name (rename them in the dashboard or with ``group create``). Memberships
are only added, never removed.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path

from broadcasts.member_file import Member, RowError, check_rows, read_table
from domain.catalogue import t
from storage.broadcast_models import Subscriber
from storage.database import Database
from storage.models import utcnow
from storage.subscribers import SubscriberStore
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)
MAX_FILE_BYTES = 20 * 1024 * 1024
CHUNK = 500


@dataclass
class ImportReport:
    """What an import did, or why it did nothing (``errors``)."""

    created: int = 0
    updated: int = 0
    skipped_unsubscribed: int = 0
    groups_created: list[str] = field(default_factory=list)
    memberships_added: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file was imported."""
        return not self.errors

    def lines(self) -> list[str]:
        """The report in Vietnamese, one line each."""
        if self.errors:
            return [t("imp_failed", count=len(self.errors)), *(str(e) for e in self.errors)]
        out = [
            t(
                "imp_done",
                created=self.created,
                updated=self.updated,
                memberships=self.memberships_added,
            )
        ]
        if self.skipped_unsubscribed:
            out.append(t("imp_skipped_unsubscribed", count=self.skipped_unsubscribed))
        if self.groups_created:
            out.append(t("imp_groups_created", groups=", ".join(self.groups_created)))
        return out


def _parse(data: bytes, filename: str) -> tuple[list[Member], list[RowError]]:
    rows, problem = read_table(data, filename)
    if problem is not None:
        return [], [problem]
    checked = check_rows(rows)
    return checked.members, checked.errors


async def import_members(uow: UnitOfWork, data: bytes, filename: str) -> ImportReport:
    """Check every row, then write all of it; the caller commits (nothing written on errors)."""
    if len(data) > MAX_FILE_BYTES:
        return ImportReport(errors=[RowError(0, "", t("imp_err_too_big", mb=MAX_FILE_BYTES >> 20))])
    members, errors = await asyncio.to_thread(_parse, data, filename)
    if errors:
        log.info("import of %s refused: %d errors", filename, len(errors))
        return ImportReport(errors=errors)
    report = ImportReport()
    store = uow.subscribers
    groups = {g.code: g for g in await store.groups()}
    now = utcnow()
    for start in range(0, len(members), CHUNK):
        chunk = members[start : start + CHUNK]
        existing = await _existing(store, chunk)
        for member in chunk:
            subscriber = existing.get((member.channel, member.chat_id))
            if subscriber is not None and subscriber.status == "unsubscribed":
                report.skipped_unsubscribed += 1
                continue
            if subscriber is None:
                subscriber = await store.add(
                    channel=member.channel,
                    chat_id=member.chat_id,
                    name=member.name,
                    commune_code=member.commune_code,
                    commune_text=member.commune_text,
                    topics=[],
                    status="active",
                    source="import",
                    consented_at=now,
                )
                report.created += 1
            else:
                subscriber.name = member.name or subscriber.name
                if member.commune_code:
                    subscriber.commune_code = member.commune_code
                    subscriber.commune_text = member.commune_text
                report.updated += 1
            for code in member.groups:
                group = groups.get(code)
                if group is None:
                    group = groups[code] = await store.create_group(code, code)
                    report.groups_created.append(code)
                if await store.join(subscriber.id, group.id):
                    report.memberships_added += 1
    log.info(
        "import of %s: %d created, %d updated, %d skipped",
        filename,
        report.created,
        report.updated,
        report.skipped_unsubscribed,
    )
    return report


async def _existing(
    store: SubscriberStore, chunk: list[Member]
) -> dict[tuple[str, str], Subscriber]:
    found: dict[tuple[str, str], Subscriber] = {}
    for channel in {m.channel for m in chunk}:
        ids = [m.chat_id for m in chunk if m.channel == channel]
        for row in await store.of_chats(channel, ids):
            found[(row.channel, row.chat_id)] = row
    return found


async def import_subscribers(uow: UnitOfWork, path: Path) -> ImportReport:
    """:func:`import_members` for a file on disk; the caller commits when ``report.ok``."""
    try:
        data = await asyncio.to_thread(path.read_bytes)
    except OSError:
        log.warning("cannot read %s", path)
        return ImportReport(errors=[RowError(0, "", t("imp_err_unreadable"))])
    return await import_members(uow, data, path.name)


async def run_cli(db: Database, path: Path) -> int:
    """``python -m bot campaign import-subscribers FILE``: print the report; 0 when imported."""
    async with db.uow() as uow:
        report = await import_subscribers(uow, Path(path))
        if report.ok:
            await uow.commit()
    print("\n".join(report.lines()))
    return 0 if report.ok else 1
