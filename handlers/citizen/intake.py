"""A message from a chat that is not in any flow: read what the citizen means.

A tracking code anywhere in the text is a look-up; short answers and thanks get a short, warm
answer; otherwise ``nlp.intent`` tells a report from a question about one's report, a question
about the campaigns' subject, a greeting or something else. When unsure, one short question
with buttons; a report is never started from ordinary chat.
"""

from __future__ import annotations

import logging

import nlp
from domain.catalogue import t
from domain.messages import Button, IncomingKind, Reply
from domain.tracking import find_tracking_code, tracking_code_candidates
from handlers.chat.answers import Answer, read_answer
from handlers.chat.keyboards import main_menu
from handlers.chat.text_checks import text_problem, word_count
from handlers.chat.turn import Turn
from handlers.citizen import questions, report_flow, tracking

log = logging.getLogger(__name__)

CHOICE = "intent_choice"  # waiting for the citizen to say what their message was
CHOICE_PREFIX = "i:"
SURE = 0.5  # below this the intent is asked, not assumed
LONG_REPORT_WORDS = 8  # a long text read as a report is taken as one even when unsure


async def idle(turn: Turn) -> list[Reply]:
    """Photos and pins start a report; text is read for intent; anything else gets the menu."""
    incoming = turn.incoming
    if incoming.kind in (IncomingKind.PHOTO, IncomingKind.LOCATION):
        turn.new_draft()
        turn.goto(report_flow.DESCRIBE)
        return await report_flow.step(turn)
    if incoming.kind is IncomingKind.TEXT and not text_problem(incoming.text):
        return await read_text(turn, incoming.text or "")
    turn.reset()
    return [main_menu("idle_hint")]


async def read_text(turn: Turn, text: str) -> list[Reply]:
    """What an idle text means, and the answer to it."""
    for candidate in tracking_code_candidates(text)[:5]:
        if await turn.uow.reports.by_code(candidate) is not None:
            return await tracking.lookup(turn, candidate)
    code, prefixed = find_tracking_code(text)
    if code is not None and prefixed:  # «PA-…» that does not exist: say so
        return await tracking.lookup(turn, code)
    answer = read_answer(text)
    if answer is Answer.THANKS:
        turn.reset()
        return [main_menu("thanks_reply")]
    if answer is not None:
        turn.reset()
        return [main_menu("idle_ack")]
    intent = nlp.intent(text)
    label = intent.label
    log.info("idle text read as %s (%.2f)", label, intent.confidence)
    words = word_count(text)
    if label == "report" and (intent.confidence >= SURE or words >= LONG_REPORT_WORDS):
        if words >= turn.config.min_description_words:
            report_flow.start(turn)
            return await report_flow.describe(turn, text)
    elif intent.confidence >= SURE:
        if label == "lookup":
            return await tracking.latest(turn)
        if label == "question":
            return await questions.answer(turn, text)
        if label == "greeting":
            turn.reset()
            return [main_menu("greeting_reply")]
    return ask_what(turn, text)


def ask_what(turn: Turn, text: str) -> list[Reply]:
    """One short question with buttons: what was this message?"""
    turn.reset()
    turn.goto(CHOICE, pending=text[:2000])
    return [
        Reply(
            text=t("intent_unsure"),
            buttons=[
                [Button(t("btn_intent_report"), callback_data=f"{CHOICE_PREFIX}report")],
                [Button(t("btn_intent_track"), callback_data=f"{CHOICE_PREFIX}track")],
                [Button(t("btn_intent_ask"), callback_data=f"{CHOICE_PREFIX}ask")],
            ],
        )
    ]


async def on_choice(turn: Turn) -> list[Reply]:
    """The citizen said what their message was."""
    pending = str(turn.data.get("pending") or "") if turn.state == CHOICE else ""
    choice = (turn.incoming.callback_data or "").removeprefix(CHOICE_PREFIX)
    if choice == "report":
        return await new_report(turn, pending)
    if choice == "track":
        return await tracking.latest(turn)
    if choice == "ask":
        if pending:
            return await questions.answer(turn, pending)
        turn.reset()
        return [Reply(text=t("ask_question_prompt"))]
    return [Reply(text=t("button_expired"))]


async def choice_text(turn: Turn) -> list[Reply]:
    """A new text instead of a button: read it afresh."""
    turn.reset()
    return await idle(turn)


async def new_report(turn: Turn, text: str, photo: int | None = None) -> list[Reply]:
    """Start a report from a text (and a photo already stored) the citizen sent before."""
    draft = turn.new_draft()
    if photo is not None:
        draft.photos.append(int(photo))
    turn.goto(report_flow.DESCRIBE)
    if text and word_count(text) >= 1:
        return await report_flow.describe(turn, text)
    return report_flow.advance(turn)
