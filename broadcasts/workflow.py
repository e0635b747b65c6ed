"""Campaign workflow: draft → submitted → approved → scheduled → sending → done.

A campaign may be paused or cancelled at any point before it is done.

Every change writes a ``CampaignEvent``; changes made by a person (a staff username or ``cli``)
also go to the audit log. Nothing here commits: the caller's unit of work does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select

from broadcasts.content_rules import check_content, check_schedule
from storage.audit import record_audit
from storage.broadcast_models import (
    Audience,
    Campaign,
    CampaignClick,
    CampaignEvent,
    OutboxMessage,
    QuizAnswer,
)
from storage.models import utcnow
from storage.uow import UnitOfWork


class CampaignStatus(StrEnum):
    """Where a campaign is in its life."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    DONE = "done"
    PAUSED = "paused"
    CANCELLED = "cancelled"


S = CampaignStatus

TRANSITIONS: dict[CampaignStatus, frozenset[CampaignStatus]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.CANCELLED}),
    # A reviewer may send a submitted campaign back to its author (reject → draft).
    S.SUBMITTED: frozenset({S.APPROVED, S.DRAFT, S.CANCELLED}),
    S.APPROVED: frozenset({S.SCHEDULED, S.PAUSED, S.CANCELLED}),
    S.SCHEDULED: frozenset({S.SCHEDULED, S.SENDING, S.PAUSED, S.CANCELLED}),
    # A recurring campaign goes back to ``scheduled`` after each run.
    S.SENDING: frozenset({S.DONE, S.SCHEDULED, S.PAUSED, S.CANCELLED}),
    S.PAUSED: frozenset({S.APPROVED, S.SCHEDULED, S.SENDING, S.CANCELLED}),
    S.DONE: frozenset(),
    S.CANCELLED: frozenset(),
}

# Actors that are the machine itself: their changes are events, not audit entries.
SYSTEM_ACTORS = frozenset({"system", "scheduler", "sender"})


class CampaignError(Exception):
    """A refused campaign operation; ``key`` is a catalogue key, ``values`` fill it in."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class CampaignProgress:
    """Counts of a campaign's outbox (all runs unless one is asked for) and its reactions."""

    total: int = 0
    pending: int = 0
    sending: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    failed_reasons: dict[str, int] = field(default_factory=dict)
    clicks: int = 0
    quiz_answers: int = 0

    @property
    def finished(self) -> int:
        """Rows that reached a final state."""
        return self.sent + self.blocked + self.failed


def can_transition(current: CampaignStatus, target: CampaignStatus) -> bool:
    """True when the table allows ``current`` → ``target``."""
    return target in TRANSITIONS[current]


async def get_campaign(uow: UnitOfWork, campaign_id: int, *, lock: bool = False) -> Campaign:
    """The campaign, or CampaignError("bc_err_not_found")."""
    stmt = select(Campaign).where(Campaign.id == campaign_id)
    if lock:
        stmt = stmt.with_for_update()
    campaign = (await uow.session.execute(stmt)).scalar_one_or_none()
    if campaign is None:
        raise CampaignError("bc_err_not_found", id=campaign_id)
    return campaign


async def _record(
    uow: UnitOfWork,
    campaign: Campaign,
    actor: str,
    action: str,
    from_status: str | None,
    to_status: str | None,
    note: str | None = None,
) -> None:
    uow.session.add(
        CampaignEvent(
            campaign_id=campaign.id,
            at=utcnow(),
            actor=actor[:64],
            action=action[:30],
            from_status=from_status,
            to_status=to_status,
            note=note,
        )
    )
    if actor not in SYSTEM_ACTORS:
        details: dict[str, Any] = {"from": from_status, "to": to_status}
        if note:
            details["note"] = note
        await record_audit(
            uow, actor, f"campaign_{action}", f"campaign:{campaign.id}", details, None
        )
    await uow.session.flush()


async def _move(
    uow: UnitOfWork,
    campaign_id: int,
    actor: str,
    action: str,
    target: CampaignStatus,
    note: str | None = None,
) -> Campaign:
    campaign = await get_campaign(uow, campaign_id, lock=True)
    current = CampaignStatus(campaign.status)
    if not can_transition(current, target):
        raise CampaignError(
            "bc_err_transition", current=status_label(current), target=status_label(target)
        )
    campaign.status = target.value
    campaign.updated_at = utcnow()
    await _record(uow, campaign, actor, action, current.value, target.value, note)
    return campaign


def status_label(status: str) -> str:
    """Vietnamese label of a campaign status."""
    from domain.catalogue import t

    return t(f"bc_status_{status}")


async def create_campaign(
    uow: UnitOfWork,
    *,
    title: str,
    text: str,
    author: str,
    parse_mode: str | None = None,
    photo: bytes | None = None,
    photo_mime: str | None = None,
    buttons: Iterable[Mapping[str, Any]] = (),
    audience_filter: dict[str, Any] | None = None,
    audience_id: int | None = None,
    quiz_id: int | None = None,
) -> Campaign:
    """A new draft; content is checked (CampaignError with a catalogue key when it is bad)."""
    content = check_content(
        title=title,
        text=text,
        parse_mode=parse_mode,
        photo=photo,
        photo_mime=photo_mime,
        buttons=buttons,
        audience_filter=audience_filter,
    )
    campaign = Campaign(
        **content,
        audience_id=audience_id,
        quiz_id=quiz_id,
        status=S.DRAFT.value,
        author=author[:64],
        schedule_kind="now",
        created_at=utcnow(),
        updated_at=utcnow(),
    )
    uow.session.add(campaign)
    await uow.session.flush()
    await _record(uow, campaign, author, "create", None, S.DRAFT.value)
    return campaign


_EDITABLE = frozenset(
    {
        "title",
        "text",
        "parse_mode",
        "photo",
        "photo_mime",
        "buttons",
        "audience_filter",
        "audience_id",
        "quiz_id",
    }
)


async def update_draft(uow: UnitOfWork, campaign_id: int, actor: str, **changes: Any) -> Campaign:
    """Change a draft's content (only fields of ``create_campaign``); re-checks everything."""
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    campaign = await get_campaign(uow, campaign_id, lock=True)
    if campaign.status != S.DRAFT:
        raise CampaignError("bc_err_not_draft")
    merged: dict[str, Any] = {name: getattr(campaign, name) for name in _EDITABLE}
    merged.update(changes)
    content = check_content(
        title=merged["title"],
        text=merged["text"],
        parse_mode=merged["parse_mode"],
        photo=merged["photo"],
        photo_mime=merged["photo_mime"],
        buttons=merged["buttons"] or (),
        audience_filter=merged["audience_filter"] or None,
    )
    for name, value in content.items():
        setattr(campaign, name, value)
    campaign.audience_id = merged["audience_id"]
    campaign.quiz_id = merged["quiz_id"]
    campaign.updated_at = utcnow()
    await _record(uow, campaign, actor, "edit", S.DRAFT.value, S.DRAFT.value)
    return campaign


async def submit(uow: UnitOfWork, campaign_id: int, actor: str) -> Campaign:
    """Send a draft for approval; it needs an audience (a saved one or a filter)."""
    campaign = await get_campaign(uow, campaign_id)
    if campaign.audience_id is None and not campaign.audience_filter:
        raise CampaignError("bc_err_no_audience")
    return await _move(uow, campaign_id, actor, "submit", S.SUBMITTED)


async def reject(
    uow: UnitOfWork, campaign_id: int, actor: str, note: str | None = None
) -> Campaign:
    """Send a submitted campaign back to its author as a draft."""
    return await _move(uow, campaign_id, actor, "reject", S.DRAFT, note)


async def approve(
    uow: UnitOfWork, campaign_id: int, actor: str, *, allow_self: bool = False
) -> Campaign:
    """Approve; the approver differs from the author unless ``allow_self`` (operator CLI only).

    A saved audience's filter is copied onto the campaign here, so later edits to the saved
    audience do not change who receives an approved campaign.
    """
    campaign = await get_campaign(uow, campaign_id, lock=True)
    if not allow_self and actor == campaign.author:
        raise CampaignError("bc_err_self_approval")
    campaign = await _move(uow, campaign_id, actor, "approve", S.APPROVED)
    campaign.approver = actor[:64]
    if campaign.audience_id is not None:
        audience = await uow.session.get(Audience, campaign.audience_id)
        if audience is not None:
            campaign.audience_filter = dict(audience.filter)
    await uow.session.flush()
    return campaign


async def schedule(
    uow: UnitOfWork,
    campaign_id: int,
    actor: str,
    *,
    kind: str,
    at: datetime | None = None,
    cron: str | None = None,
) -> Campaign:
    """Schedule an approved campaign: ``now``, ``at`` a moment, or ``cron`` (5-field crontab)."""
    check_schedule(kind, at, cron)
    campaign = await _move(
        uow, campaign_id, actor, "schedule", S.SCHEDULED, _schedule_note(kind, at, cron)
    )
    campaign.schedule_kind = kind
    campaign.scheduled_at = at if kind == "at" else None
    campaign.cron = cron if kind == "cron" else None
    await uow.session.flush()
    return campaign


def _schedule_note(kind: str, at: datetime | None, cron: str | None) -> str:
    if kind == "at" and at is not None:
        return f"at {at.isoformat()}"
    if kind == "cron":
        return f"cron {cron}"
    return "now"


async def start_sending(uow: UnitOfWork, campaign_id: int, actor: str, run: int) -> Campaign:
    """A run begins: scheduled → sending."""
    campaign = await _move(uow, campaign_id, actor, "start", S.SENDING, f"run {run}")
    if campaign.started_at is None:
        campaign.started_at = utcnow()
    return campaign


async def finish_run(uow: UnitOfWork, campaign_id: int, actor: str, run: int) -> Campaign:
    """A run ended: done, or back to scheduled for a recurring campaign."""
    campaign = await get_campaign(uow, campaign_id)
    target = S.SCHEDULED if campaign.schedule_kind == "cron" else S.DONE
    campaign = await _move(uow, campaign_id, actor, "finish", target, f"run {run}")
    campaign.finished_at = utcnow()
    return campaign


async def pause(uow: UnitOfWork, campaign_id: int, actor: str) -> Campaign:
    """Stop sending (or hold the schedule) until resumed."""
    return await _move(uow, campaign_id, actor, "pause", S.PAUSED)


async def resume(uow: UnitOfWork, campaign_id: int, actor: str) -> Campaign:
    """Back to where the campaign was paused from (approved, scheduled or sending)."""
    stmt = (
        select(CampaignEvent.from_status)
        .where(CampaignEvent.campaign_id == campaign_id, CampaignEvent.to_status == S.PAUSED.value)
        .order_by(CampaignEvent.id.desc())
        .limit(1)
    )
    previous = (await uow.session.execute(stmt)).scalar_one_or_none()
    target = CampaignStatus(previous) if previous in TRANSITIONS[S.PAUSED] else S.SCHEDULED
    return await _move(uow, campaign_id, actor, "resume", target)


async def cancel(uow: UnitOfWork, campaign_id: int, actor: str) -> Campaign:
    """Stop for good; rows not yet sent stay pending and are never sent."""
    return await _move(uow, campaign_id, actor, "cancel", S.CANCELLED)


async def events(uow: UnitOfWork, campaign_id: int) -> list[CampaignEvent]:
    """Who did what to the campaign, oldest first."""
    stmt = (
        select(CampaignEvent)
        .where(CampaignEvent.campaign_id == campaign_id)
        .order_by(CampaignEvent.id)
    )
    return list((await uow.session.execute(stmt)).scalars())


async def progress(
    uow: UnitOfWork, campaign_id: int, *, run: int | None = None
) -> CampaignProgress:
    """Live counts from the outbox, plus clicks and quiz answers."""
    campaign = await get_campaign(uow, campaign_id)
    where = [OutboxMessage.campaign_id == campaign_id]
    if run is not None:
        where.append(OutboxMessage.run == run)
    counts: dict[str, int] = {}
    stmt = select(OutboxMessage.status, func.count()).where(*where).group_by(OutboxMessage.status)
    for status, count in (await uow.session.execute(stmt)).all():
        counts[status] = int(count)
    reasons: dict[str, int] = {}
    stmt_r = (
        select(OutboxMessage.error, func.count())
        .where(*where, OutboxMessage.status == "failed")
        .group_by(OutboxMessage.error)
    )
    for error, count in (await uow.session.execute(stmt_r)).all():
        reasons[error or "unknown"] = int(count)
    clicks = (
        await uow.session.execute(
            select(func.count(CampaignClick.id)).where(CampaignClick.campaign_id == campaign_id)
        )
    ).scalar_one()
    answers = 0
    if campaign.quiz_id is not None:
        recipients = select(OutboxMessage.subscriber_id).where(
            OutboxMessage.campaign_id == campaign_id
        )
        answers = (
            await uow.session.execute(
                select(func.count(QuizAnswer.id)).where(
                    QuizAnswer.quiz_id == campaign.quiz_id,
                    QuizAnswer.subscriber_id.in_(recipients),
                )
            )
        ).scalar_one()
    return CampaignProgress(
        total=sum(counts.values()),
        pending=counts.get("pending", 0),
        sending=counts.get("sending", 0),
        sent=counts.get("sent", 0),
        blocked=counts.get("blocked", 0),
        failed=counts.get("failed", 0),
        failed_reasons=reasons,
        clicks=int(clicks),
        quiz_answers=int(answers),
    )
