"""Campaign workflow: draft → submitted → approved → scheduled → sending → done.

A campaign may be paused or cancelled at any point before it is done.

Every change writes a ``CampaignEvent``; changes made by a person (a staff username or ``cli``)
also go to the audit log. Nothing here commits: the caller's unit of work does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from broadcasts.content_rules import check_content, check_schedule
from domain.campaigns import SYSTEM_ACTORS, CampaignError, CampaignStatus, can_transition
from domain.campaigns import TRANSITIONS as TRANSITIONS  # the pages, runner and CLI use these
from domain.campaigns import CampaignProgress as CampaignProgress
from domain.campaigns import status_label as status_label
from storage.broadcast_models import Campaign, CampaignEvent
from storage.models import utcnow
from storage.uow import UnitOfWork

S = CampaignStatus


async def get_campaign(uow: UnitOfWork, campaign_id: int, *, lock: bool = False) -> Campaign:
    """The campaign, or CampaignError("bc_err_not_found")."""
    campaign = await uow.campaigns.get(campaign_id, lock=lock)
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
    await uow.campaigns.record_event(
        campaign.id, actor, action, from_status, to_status, note, audit=actor not in SYSTEM_ACTORS
    )


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
    return await uow.campaigns.create_draft(
        content, author=author, audience_id=audience_id, quiz_id=quiz_id
    )


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
        audience = await uow.audiences.get(campaign.audience_id)
        if audience is not None:
            campaign.audience_filter = dict(audience.filter)
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
    previous = await uow.campaigns.paused_from(campaign_id)
    target = CampaignStatus(previous) if previous in TRANSITIONS[S.PAUSED] else S.SCHEDULED
    return await _move(uow, campaign_id, actor, "resume", target)


async def cancel(uow: UnitOfWork, campaign_id: int, actor: str) -> Campaign:
    """Stop for good; rows not yet sent stay pending and are never sent."""
    return await _move(uow, campaign_id, actor, "cancel", S.CANCELLED)


async def events(uow: UnitOfWork, campaign_id: int) -> list[CampaignEvent]:
    """Who did what to the campaign, oldest first."""
    return await uow.campaigns.events(campaign_id)


async def progress(
    uow: UnitOfWork, campaign_id: int, *, run: int | None = None
) -> CampaignProgress:
    """Live counts from the outbox, plus clicks and quiz answers."""
    campaign = await get_campaign(uow, campaign_id)
    counts = await uow.campaigns.outbox_counts(campaign_id, run)
    reasons = await uow.campaigns.failure_reasons(campaign_id, run)
    clicks = await uow.campaigns.click_count(campaign_id)
    answers = 0
    if campaign.quiz_id is not None:
        answers = await uow.campaigns.quiz_answer_count(campaign_id, campaign.quiz_id)
    return CampaignProgress(
        total=sum(counts.values()),
        pending=counts.get("pending", 0),
        sending=counts.get("sending", 0),
        sent=counts.get("sent", 0),
        blocked=counts.get("blocked", 0),
        failed=counts.get("failed", 0),
        unknown=counts.get("unknown", 0),
        failed_reasons=reasons,
        clicks=clicks,
        quiz_answers=answers,
    )
