"""Open311 queries (``uow.open311``): client keys, requester records, the public request list."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from domain.delivery import Channel
from domain.statuses import CLOSED_STATUSES
from storage.base import Repository
from storage.models import ApiKey, Citizen, Consent, Report, ReportEvent, utcnow

CHANNEL = Channel.OPEN311
CONSENT_PURPOSE = "open311"  # the consent row of an API filing (its purpose, not a channel)
_CLOSED = [s.value for s in CLOSED_STATUSES]


def new_api_key() -> str:
    """A fresh random client key (shown once; only its hash is kept)."""
    return secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    """The stored form of a key: hex SHA-256."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ClientKey:
    """An API client recognised by its key."""

    id: int
    name: str


@dataclass(frozen=True)
class RequestFilter:
    """What GET requests asks for; ``codes`` overrides everything else, as the spec says."""

    codes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    open: bool | None = None  # None: open and closed
    offset: int = 0
    limit: int = 50


class Open311Store(Repository):
    """Open311 reads and writes over one session; the unit of work commits."""

    # Client keys
    async def add_key(self, name: str, key: str) -> ApiKey:
        """Store a new client key by its hash."""
        row = ApiKey(name=name, key_hash=hash_api_key(key), created_at=utcnow())
        self.session.add(row)
        await self.session.flush()
        return row

    async def active_key(self, key: str) -> ClientKey | None:
        """The client of an unrevoked key matching ``key``."""
        stmt = select(ApiKey.id, ApiKey.name).where(
            ApiKey.key_hash == hash_api_key(key), ApiKey.revoked_at.is_(None)
        )
        row = (await self.session.execute(stmt)).first()
        return ClientKey(row[0], row[1]) if row is not None else None

    async def revoke_keys(self, name: str) -> int:
        """Revoke every active key with this name; returns how many."""
        stmt = select(ApiKey).where(ApiKey.name == name, ApiKey.revoked_at.is_(None))
        rows = (await self.session.execute(stmt)).scalars().all()
        now = utcnow()
        for row in rows:
            row.revoked_at = now
        return len(rows)

    async def keys(self) -> Sequence[ApiKey]:
        """All keys, oldest first."""
        return (await self.session.execute(select(ApiKey).order_by(ApiKey.id))).scalars().all()

    # Requesters
    async def requester(
        self,
        external_id: str,
        display_name: str | None,
        phone: str | None,
        notice_version: str,
    ) -> Citizen:
        """The Open311 requester's citizen row (created on first use) with a consent record.

        Consent is given through the API client's terms of use; each submission records it.
        """
        stmt = select(Citizen).where(Citizen.channel == CHANNEL, Citizen.external_id == external_id)
        citizen = (await self.session.execute(stmt)).scalar_one_or_none()
        now = utcnow()
        if citizen is None:
            citizen = Citizen(
                channel=CHANNEL, external_id=external_id, chat_id=external_id, created_at=now
            )
            self.session.add(citizen)
        citizen.consented_at = now
        citizen.erased_at = None
        if display_name:
            citizen.display_name = display_name
        if phone:
            citizen.phone = phone
        await self.session.flush()
        self.session.add(
            Consent(
                citizen_id=citizen.id,
                purpose=CONSENT_PURPOSE,
                notice_version=notice_version,
                granted=True,
                at=now,
            )
        )
        return citizen

    async def set_creation_details(self, report_id: int, details: dict[str, Any]) -> None:
        """Keep API-only facts (client, media URL) on the report's creation event."""
        stmt = select(ReportEvent).where(
            ReportEvent.report_id == report_id, ReportEvent.kind == "created"
        )
        event = (await self.session.execute(stmt)).scalars().first()
        if event is not None:
            event.details = {**(event.details or {}), **details}

    # Public request list
    async def search(self, wanted: RequestFilter) -> Sequence[Report]:
        """Reports matching the filter, newest first."""
        stmt = select(Report).order_by(Report.created_at.desc(), Report.id.desc())
        if wanted.codes:
            stmt = stmt.where(Report.code.in_(wanted.codes))
        else:
            if wanted.categories:
                stmt = stmt.where(Report.category.in_(wanted.categories))
            if wanted.start is not None:
                stmt = stmt.where(Report.created_at >= wanted.start)
            if wanted.end is not None:
                stmt = stmt.where(Report.created_at <= wanted.end)
            if wanted.open is True:
                stmt = stmt.where(Report.status.not_in(_CLOSED))
            elif wanted.open is False:
                stmt = stmt.where(Report.status.in_(_CLOSED))
            stmt = stmt.offset(wanted.offset).limit(wanted.limit)
        return (await self.session.execute(stmt)).scalars().all()

    async def latest_public_notes(self, report_ids: Sequence[int]) -> dict[int, str]:
        """The newest public note of each report since its latest status change.

        A status change without a note leaves no note: an earlier question or reply is not
        shown as the note of the new status.
        """
        if not report_ids:
            return {}
        stmt = (
            select(ReportEvent.report_id, ReportEvent.public_note, ReportEvent.to_status)
            .where(
                ReportEvent.report_id.in_(report_ids),
                (ReportEvent.public_note.is_not(None)) | (ReportEvent.to_status.is_not(None)),
            )
            .order_by(ReportEvent.id)
        )
        notes: dict[int, str] = {}
        for report_id, note, to_status in (await self.session.execute(stmt)).all():
            if to_status is not None:
                notes.pop(report_id, None)
            if note:
                notes[report_id] = note
        return notes

    async def creation_details(self, report_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """Details stored on each report's creation event."""
        if not report_ids:
            return {}
        stmt = select(ReportEvent.report_id, ReportEvent.details).where(
            ReportEvent.report_id.in_(report_ids), ReportEvent.kind == "created"
        )
        return {row[0]: dict(row[1] or {}) for row in (await self.session.execute(stmt)).all()}

    async def codes_of(self, report_ids: Sequence[int]) -> dict[int, str]:
        """Tracking codes of reports by id (for merged reports' targets)."""
        if not report_ids:
            return {}
        stmt = select(Report.id, Report.code).where(Report.id.in_(report_ids))
        return {row[0]: row[1] for row in (await self.session.execute(stmt)).all()}
