"""After the code is given: optional extras (anonymity, a phone number) and additions.

The chat stays in the ``report_filed`` state with the code until the citizen moves on. Buttons
under a filed report (``x:<action>:<code>``) work later too, from any state. A text or photo that
clearly belongs to the report just filed is added after one tap; anything else is read afresh.
"""

from __future__ import annotations

import re

import nlp
from domain.catalogue import t
from domain.messages import Button, IncomingKind, KeyboardButton, Reply
from domain.tracking import find_tracking_code
from handlers.chat.answers import Answer, read_answer
from handlers.chat.keyboards import main_menu
from handlers.chat.text_checks import clean_text, text_problem
from handlers.chat.turn import Turn
from handlers.citizen import additions, intake
from handlers.citizen.draft import DraftPlace
from handlers.citizen.report_finish import EXTRA, FILED, looks_like_phone, normalise_phone
from handlers.citizen.report_place import from_pin, read_place
from storage.models import Report

_REFERS = re.compile(r"\b(bo sung|them|quen|nua|cung cho|anh nay|con nua)\b", re.IGNORECASE)


def _code(turn: Turn) -> str:
    return str(turn.data.get("code") or "")


def _awaiting(turn: Turn, what: str | None, **data: object) -> None:
    code = _code(turn)
    turn.reset()
    turn.goto(FILED, code=code, awaiting=what, **data)


def _done(turn: Turn, key: str, **values: object) -> list[Reply]:
    _awaiting(turn, None)
    return [main_menu_with(key, **values)]


def main_menu_with(key: str, **values: object) -> Reply:
    """A message that also brings the main menu back."""
    menu = main_menu()
    return Reply(text=t(key, **values), keyboard=menu.keyboard)


async def on_extra(turn: Turn) -> list[Reply]:
    """A button under a filed report, pressed now or later."""
    action, _, code = (turn.incoming.callback_data or "").removeprefix(EXTRA).partition(":")
    if action in ("keep", "new") and turn.state == FILED and _code(turn) == code:
        return await _on_pending(turn, action == "keep")
    report = await additions.own_report(turn, code)
    if report is None:
        return [Reply(text=t("button_expired"))]
    turn.reset()
    turn.goto(FILED, code=report.code)
    if action == "anon":
        return [await _make_anonymous(turn, report)]
    if action == "phone":
        if report.anonymous:
            return [Reply(text=t("extra_phone_anonymous", code=report.code))]
        _awaiting(turn, "phone")
        return [_ask_phone(report)]
    if action == "nophone":
        return _done(turn, "extra_phone_skipped")
    if action == "add":
        if not additions.can_add(report):
            return [Reply(text=t("addition_closed", code=report.code))]
        _awaiting(turn, "addition")
        return [Reply(text=t("addition_ask", code=report.code))]
    return [Reply(text=t("button_expired"))]


def _ask_phone(report: Report) -> Reply:
    return Reply(
        text=t("extra_phone_ask", code=report.code),
        keyboard=[[KeyboardButton(t("btn_share_phone"), request_contact=True)]],
        buttons=[[Button(t("btn_skip"), callback_data=f"{EXTRA}nophone:{report.code}")]],
    )


async def _make_anonymous(turn: Turn, report: Report) -> Reply:
    if not report.anonymous:
        report.anonymous, report.contact_phone = True, None
        await additions.add_text(turn, report, t("addition_made_anonymous"))
    return Reply(text=t("extra_anonymous_done", code=report.code))


async def _store_phone(turn: Turn, report: Report, number: str) -> list[Reply]:
    if report.anonymous:
        return _done(turn, "extra_phone_anonymous", code=report.code)
    report.contact_phone = number
    if turn.citizen is not None:
        turn.citizen.phone = number
    return _done(turn, "extra_phone_done", code=report.code)


async def step(turn: Turn) -> list[Reply]:
    """A message while the chat has just filed a report; anything unrelated is read afresh."""
    report = await additions.own_report(turn, _code(turn))
    if report is None:
        turn.reset()
        return await intake.idle(turn)
    incoming = turn.incoming
    awaiting = turn.data.get("awaiting")
    if incoming.kind is IncomingKind.CONTACT:
        if not incoming.phone:
            return [Reply(text=t("contact_not_own"))]
        return await _store_phone(turn, report, incoming.phone)
    if incoming.kind is IncomingKind.LOCATION and incoming.latitude is not None:
        place, _ = from_pin(incoming.latitude, incoming.longitude or 0.0)
        await additions.add_place(turn, report, place)
        return _done(turn, "addition_place_done", code=report.code, place=place.display)
    if incoming.kind is IncomingKind.PHOTO:
        caption = incoming.text or ""
        refers = report.code.lower() in caption.lower() or _REFERS.search(nlp.fold(caption))
        if awaiting != "addition" and len(caption.split()) >= 3 and not refers:
            turn.reset()  # a new problem, with its photo
            return await intake.idle(turn)
        return await _photo(turn, report, awaiting == "addition")
    if incoming.kind is not IncomingKind.TEXT or text_problem(incoming.text):
        turn.reset()
        return await intake.idle(turn)
    raw = incoming.text or ""
    text, _ = clean_text(raw, turn.config.max_text_length)
    answer = read_answer(raw)
    if awaiting == "place" and answer is None:
        return await _place(turn, report, text)
    if awaiting == "phone":
        if looks_like_phone(raw):
            return await _store_phone(turn, report, normalise_phone(raw))
        if answer in (Answer.SKIP, Answer.NO, Answer.DONE):
            return _done(turn, "extra_phone_skipped")
        return [Reply(text=t("extra_phone_invalid"))]
    if not report.place_code and answer is None and len(raw.split()) <= 10:
        reading = read_place(text, None, typed=True)
        if reading.place is not None and reading.place.code:
            return await _place(turn, report, text)
    if awaiting == "addition" and answer is None:
        await additions.add_text(turn, report, text)
        return _done(turn, "addition_done", code=report.code)
    if looks_like_phone(raw):
        return await _store_phone(turn, report, normalise_phone(raw))
    if answer is Answer.ANONYMOUS:
        turn.reset()
        return [await _make_anonymous(turn, report)]
    if answer is Answer.ADD_MORE:
        _awaiting(turn, "addition")
        return [Reply(text=t("addition_ask", code=report.code))]
    if answer is Answer.THANKS:
        return _done(turn, "thanks_after_report", code=report.code)
    if answer is not None:
        return _done(turn, "after_report_ack", code=report.code)
    if find_tracking_code(raw)[0] is not None or report.code[3:] in raw.upper():  # a look-up
        turn.reset()
        return await intake.idle(turn)
    if _REFERS.search(nlp.fold(raw)):
        _awaiting(turn, None, pending_text=text)
        return [_offer_addition(report, "addition_offer_text")]
    turn.reset()
    return await intake.idle(turn)


def _offer_addition(report: Report, key: str) -> Reply:
    return Reply(
        text=t(key, code=report.code),
        buttons=[
            [
                Button(
                    t("btn_addition_yes", code=report.code),
                    callback_data=f"{EXTRA}keep:{report.code}",
                )
            ],
            [Button(t("btn_addition_new"), callback_data=f"{EXTRA}new:{report.code}")],
        ],
    )


async def _photo(turn: Turn, report: Report, expected: bool) -> list[Reply]:
    data = turn.incoming.photo
    if data is None or not data.content or data.oversize:
        return [Reply(text=t("photo_failed"))]
    if len(data.content) > turn.config.max_photo_bytes:
        return [Reply(text=t("photo_too_large", max_mb=turn.config.max_photo_bytes // 2**20))]
    assert turn.citizen is not None
    attachment = await turn.uow.attachments.add(
        turn.citizen.id, data.content, data.mime_type, data.source_ref
    )
    caption = turn.incoming.text
    if expected:
        await additions.add_photos(turn, report, [attachment.id])
        if caption and not text_problem(caption):
            await additions.add_text(turn, report, clean_text(caption, 1000)[0])
        return _done(turn, "addition_done", code=report.code)
    _awaiting(turn, None, pending_photo=attachment.id, pending_text=caption or "")
    return [_offer_addition(report, "addition_offer_photo")]


async def _place(turn: Turn, report: Report, text: str) -> list[Reply]:
    known = (
        DraftPlace(display=report.place_text, typed=report.place_text)
        if report.place_text
        else None
    )
    reading = read_place(text, known, typed=True)
    place = reading.place or DraftPlace(display=text, typed=text)
    await additions.add_place(turn, report, place)
    return _done(turn, "addition_place_done", code=report.code, place=place.display)


async def _on_pending(turn: Turn, keep: bool) -> list[Reply]:
    """«Bổ sung vào PA-…» or «Phản ánh mới» for the text or photo that was in doubt."""
    pending_text = str(turn.data.get("pending_text") or "")
    pending_photo = turn.data.get("pending_photo")
    code = _code(turn)
    report = await additions.own_report(turn, code) if code else None
    if report is None or not (pending_text or pending_photo):
        return [Reply(text=t("button_expired"))]
    if keep:
        if pending_photo:
            await additions.add_photos(turn, report, [int(pending_photo)])
        if pending_text:
            await additions.add_text(turn, report, pending_text)
        return _done(turn, "addition_done", code=report.code)
    turn.reset()
    photo = int(pending_photo) if isinstance(pending_photo, int) else None
    return await intake.new_report(turn, pending_text, photo)
