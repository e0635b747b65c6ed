"""The citizen report flow, second half: photos, anonymity, phone, summary and saving."""

from __future__ import annotations

import re

from domain.catalogue import category_label, format_datetime, status_label, t, urgency_label
from domain.messages import Button, IncomingKind, KeyboardButton, Reply
from domain.taxonomy import Urgency
from handlers.chat.keyboards import main_menu
from handlers.chat.turn import Turn
from handlers.citizen.report_service import Filing, file_report
from storage.models import Report

PHOTO = "report_photo"
ANONYMOUS = "report_anonymous"
PHONE = "report_phone"
CONFIRM = "report_confirm"

_PHONE_RE = re.compile(r"^\+?\d[\d\s.\-]{7,14}\d$")


def ask_photo(turn: Turn) -> list[Reply]:
    """Offer to attach photos."""
    return [
        Reply(
            text=t("ask_photo", max_photos=turn.config.max_photos),
            buttons=[[Button(t("btn_skip"), callback_data="photo:skip")]],
        )
    ]


async def photo(turn: Turn) -> list[Reply]:
    """Store a photo, or move on when the citizen is done or skips."""
    incoming = turn.incoming
    if incoming.kind is IncomingKind.PHOTO:
        return await store_photo(turn)
    if incoming.callback_data in ("photo:skip", "photo:done"):
        turn.goto(ANONYMOUS)
        return [_anonymous_question()]
    return [Reply(text=t("use_buttons"))]


async def store_photo(turn: Turn) -> list[Reply]:
    """Keep the downloaded photo in storage, linked to the report when it is saved."""
    photos = turn.report.photos
    max_photos = turn.config.max_photos
    done = [[Button(t("btn_photo_done"), callback_data="photo:done")]]
    if len(photos) >= max_photos:
        return [Reply(text=t("photo_limit", max_photos=max_photos), buttons=done)]
    data = turn.incoming.photo
    if data is not None and (data.oversize or len(data.content) > turn.config.max_photo_bytes):
        max_mb = turn.config.max_photo_bytes // (1024 * 1024)
        return [Reply(text=t("photo_too_large", max_mb=max_mb), buttons=done)]
    if data is None or not data.content:
        return [Reply(text=t("photo_failed"), buttons=done)]
    assert turn.citizen is not None
    attachment = await turn.uow.attachments.add(
        turn.citizen.id, data.content, data.mime_type, data.source_ref
    )
    photos.append(attachment.id)
    return [Reply(text=t("photo_received", count=len(photos), max_photos=max_photos), buttons=done)]


def _anonymous_question() -> Reply:
    return Reply(
        text=t("ask_anonymous"),
        buttons=[
            [
                Button(t("btn_anonymous_yes"), callback_data="anon:1"),
                Button(t("btn_anonymous_no"), callback_data="anon:0"),
            ]
        ],
    )


def anonymous(turn: Turn) -> list[Reply]:
    """Record the anonymity choice; named reports may add a phone number."""
    choice = turn.incoming.callback_data
    if choice == "anon:1":
        turn.report.anonymous, turn.report.phone = True, None
        turn.goto(CONFIRM)
        return [summary(turn)]
    if choice == "anon:0":
        turn.report.anonymous = False
        turn.goto(PHONE)
        return [
            Reply(
                text=t("ask_phone"),
                keyboard=[[KeyboardButton(t("btn_share_phone"), request_contact=True)]],
            ),
            Reply(
                text=t("phone_skip_prompt"),
                buttons=[[Button(t("btn_skip"), callback_data="phone:skip")]],
            ),
        ]
    return [Reply(text=t("use_buttons"))]


def phone(turn: Turn) -> list[Reply]:
    """Take the shared contact (or a typed number), or skip."""
    incoming = turn.incoming
    number: str | None = None
    if incoming.kind is IncomingKind.CONTACT:
        if not incoming.phone:
            return [Reply(text=t("phone_invalid"))]
        number = incoming.phone
    elif incoming.kind is IncomingKind.TEXT and incoming.text:
        if not _PHONE_RE.match(incoming.text.strip()):
            return [Reply(text=t("phone_invalid"))]
        number = re.sub(r"[\s.\-]", "", incoming.text.strip())
    elif incoming.callback_data != "phone:skip":
        return [Reply(text=t("phone_invalid"))]
    turn.report.phone = number
    turn.goto(CONFIRM)
    replies = [Reply(text=t("phone_recorded"), remove_keyboard=True)] if number else []
    return [*replies, summary(turn)]


def summary(turn: Turn) -> Reply:
    """Everything collected, with the confirm and cancel buttons."""
    draft = turn.report
    place = (draft.place.display if draft.place else None) or t("summary_place_unknown")
    if draft.anonymous:
        sender = t("summary_anonymous")
    else:
        name = (turn.citizen.display_name if turn.citizen else None) or t("summary_no_name")
        sender = t("summary_named", name=name, phone=f" – {draft.phone}" if draft.phone else "")
    text = t(
        "summary",
        text=draft.text[:500],
        category=category_label(draft.category or ""),
        urgency=urgency_label(draft.urgency or Urgency.TRUNG_BINH),
        place=place,
        photos=len(draft.photos),
        sender=sender,
    )
    return Reply(
        text=text,
        buttons=[
            [
                Button(t("btn_confirm"), callback_data="confirm:yes"),
                Button(t("btn_cancel"), callback_data="flow:cancel"),
            ]
        ],
    )


async def confirm(turn: Turn) -> list[Reply]:
    """Save the report (committed by the dispatcher before the reply goes out)."""
    if turn.incoming.callback_data != "confirm:yes":
        return [Reply(text=t("use_buttons"))]
    report = await save_report(turn)
    turn.reset()
    saved = t(
        "report_saved",
        code=report.code,
        status=status_label(report.status),
        accept_by=format_datetime(report.accept_due_at),
        resolve_by=format_datetime(report.resolve_due_at),
    )
    return [Reply(text=saved, urgent=True), main_menu()]


async def save_report(turn: Turn) -> Report:
    """File the report from the draft, as collected."""
    assert turn.citizen is not None
    draft = turn.report
    filing = Filing(turn.citizen.id, turn.incoming.channel, turn.incoming.chat_id)
    report = await file_report(turn.uow, filing, draft, turn.config.sla)
    if draft.phone and not draft.anonymous:
        turn.citizen.phone = draft.phone
    return report
