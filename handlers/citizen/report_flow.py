"""The citizen report flow: a report in one message when the message says enough.

The draft is filled from whatever arrives, in any order — the description, a photo (its caption
is the description), a location pin, a typed place — and the flow asks only for what is still
missing, one piece at a time: the category when the text does not make it clear, then the
place. Then one summary card, and one tap files the report. A text that signals danger to life
is filed at once (see ``report_finish.file_urgent``). Short typed answers («đúng rồi», «ko»,
«bỏ qua», a category's name, a landmark) are understood at every step.
"""

from __future__ import annotations

import nlp
from domain.catalogue import category_label, t
from domain.messages import IncomingKind, Reply
from domain.taxonomy import CATEGORY_CODES, Urgency
from handlers.chat.answers import Answer, read_answer, read_category
from handlers.chat.text_checks import TextProblem, clean_text, text_problem, word_count
from handlers.chat.turn import Turn
from handlers.citizen import report_finish
from handlers.citizen.draft import DraftPlace, ReportDraft
from handlers.citizen.report_card import (
    card,
    category_picker,
    category_question,
    parse_button,
    place_question,
    ward_question,
)
from handlers.citizen.report_place import from_pin, read_place, read_ward

DESCRIBE = "report_describe"
CATEGORY = "report_category"
PLACE = "report_place"
WARD = "report_ward"
CONFIRM = report_finish.CONFIRM
# Every state whose data is the draft; the older photo/anonymity/phone states of the first flow
# continue at the card.
STATES = (DESCRIBE, CATEGORY, PLACE, WARD, CONFIRM, *report_finish.LEGACY_STATES)


def start(turn: Turn) -> list[Reply]:
    """Begin a new report: ask for the description."""
    turn.new_draft()
    turn.goto(DESCRIBE)
    return [Reply(text=t("ask_description"), remove_keyboard=True)]


async def describe(turn: Turn, raw: str | None) -> list[Reply]:
    """Take the description, read it and go on to what is missing."""
    problem = text_problem(raw)
    if problem is not None:
        key = "description_empty" if problem is TextProblem.EMPTY else "description_emoji_only"
        turn.goto(DESCRIBE)
        return [Reply(text=t(key))]
    text, truncated = clean_text(raw or "", turn.config.max_text_length)
    notes: list[str] = []
    if truncated:
        notes.append(t("description_too_long", limit=turn.config.max_text_length))
    draft = turn.report
    if word_count(text) < turn.config.min_description_words and not draft.text:
        draft.short_text = f"{draft.short_text} {text}" if draft.short_text else text
        turn.goto(DESCRIBE)
        return [Reply(text=t("description_too_short"))]
    prefix, draft.short_text = draft.short_text, None
    if prefix:
        text = f"{prefix} {text}"
    if draft.text:
        text = f"{draft.text}\n{text}"[: turn.config.max_text_length]
        notes.append(t("description_appended"))
    return await _analyse(turn, text, notes)


async def _analyse(turn: Turn, text: str, notes: list[str]) -> list[Reply]:
    """Read the text; file at once when it signals danger, else ask what is missing."""
    analysis = nlp.analyze(text)
    draft = turn.report
    chosen = draft.category if draft.category_chosen else None
    draft.take_analysis(text, analysis)
    draft.category = chosen
    if (draft.place is None or not draft.place.code) and not draft.place_skipped:
        reading = read_place(text, draft.place, typed=False)
        if reading.place is not None:
            draft.place = reading.place
    if analysis.moderation.flagged:
        notes.append(t("abuse_warning"))
    if draft.urgency == Urgency.CAO:
        return await report_finish.file_urgent(turn, notes)
    return advance(turn, notes)


def advance(turn: Turn, notes: list[str] | None = None) -> list[Reply]:
    """Ask for the next missing piece, or show the card when nothing is missing."""
    draft = turn.report
    lead = "\n".join(notes or []) or None
    if not draft.text:
        turn.goto(DESCRIBE)
        return _with_lead(lead, Reply(text=t("ask_description_after_photo")))
    if draft.category is None:
        confident = (draft.confidence or 0.0) >= turn.config.confident_category
        if confident and draft.suggested not in (None, "khac"):
            draft.category = draft.suggested
        else:
            turn.goto(CATEGORY)
            return _with_lead(lead, category_question(draft))
    if draft.place is None and not draft.place_skipped:
        turn.goto(PLACE)
        return _with_lead(lead, place_question(draft))
    place = draft.place
    if place is not None and not place.code and not place.pin and not draft.ward_asked:
        draft.ward_asked = True
        turn.goto(WARD)
        return _with_lead(lead, ward_question(draft, place.typed or place.display))
    turn.goto(CONFIRM)
    return [card(turn, lead)]


def _with_lead(lead: str | None, question: Reply) -> list[Reply]:
    return [Reply(text=lead), question] if lead else [question]


async def step(turn: Turn) -> list[Reply]:
    """Every message inside the report flow, whatever the step."""
    incoming = turn.incoming
    if incoming.kind is IncomingKind.CALLBACK:
        return await _button(turn)
    if incoming.kind is IncomingKind.PHOTO:
        return await _photo(turn)
    if incoming.kind is IncomingKind.LOCATION and incoming.latitude is not None:
        return _pin(turn, incoming.latitude, incoming.longitude or 0.0)
    if incoming.kind is IncomingKind.CONTACT:
        return report_finish.draft_contact(turn)
    if incoming.kind is IncomingKind.TEXT:
        return await _text(turn, incoming.text or "")
    return [Reply(text=t("use_buttons"))]


async def _button(turn: Turn) -> list[Reply]:
    draft = turn.report
    action, arg, draft_id = parse_button(turn.incoming.callback_data or "")
    if draft_id is not None and draft_id != draft.draft_id:
        return report_finish.settled_button(turn, draft_id)
    if action == "send":
        return await report_finish.file_from_card(turn)
    if action == "cancel":
        return report_finish.cancel(turn)
    if action == "cat" and arg in CATEGORY_CODES:
        return _set_category(turn, arg)
    if action == "catpick":
        turn.goto(CATEGORY)
        return [category_picker(draft)]
    if action == "placeok" and draft.proposed_place is not None:  # the first flow's proposal
        draft.place = draft.proposed_place
        return advance(turn)
    if action == "place":
        _forget_place(draft)
        turn.goto(PLACE)
        return [place_question(draft, "ask_place_again")]
    if action == "skipward":
        return advance(turn)
    if action == "photo":
        return [Reply(text=t("ask_photo_now", max_photos=turn.config.max_photos))]
    if action == "anon":
        draft.anonymous = arg == "1"
        return advance(turn)
    if action == "noop":
        return advance(turn)
    return [Reply(text=t("button_expired"))]


def _forget_place(draft: ReportDraft) -> None:
    """The citizen wants to fix the place: a landmark typed next still keeps the unit."""
    if draft.place is not None and draft.place.code and not draft.place.pin:
        draft.proposed_place = draft.place
    draft.place, draft.place_skipped = None, False


def _set_category(turn: Turn, code: str) -> list[Reply]:
    draft = turn.report
    draft.category, draft.category_chosen = code, True
    return advance(turn, [t("category_chosen", label=category_label(code))])


async def _photo(turn: Turn) -> list[Reply]:
    stored = await report_finish.store_photo(turn)
    caption = turn.incoming.text
    if caption and not text_problem(caption):
        return await describe(turn, caption)
    if stored is not None:  # the photo was refused: say why, stay where we are
        return [stored]
    return advance(turn, [t("photo_received", count=len(turn.report.photos))])


def _pin(turn: Turn, lat: float, lon: float) -> list[Reply]:
    record, outside = from_pin(lat, lon)
    notes = [t("place_outside", lat=f"{lat:.5f}", lon=f"{lon:.5f}")] if outside else []
    turn.report.place, turn.report.place_skipped = record, False
    return advance(turn, [*notes, t("place_recorded", place=record.display)])


async def _text(turn: Turn, raw: str) -> list[Reply]:
    draft = turn.report
    state = turn.state
    answer = read_answer(raw)
    if state == DESCRIBE:
        return await describe(turn, raw)
    if state == CATEGORY:
        return await _category_text(turn, raw, answer)
    if state == PLACE:
        return _place_text(turn, raw, answer)
    if state == WARD:
        return _ward_text(turn, raw, answer)
    # the card (and the first flow's later steps)
    if answer in (Answer.YES, Answer.SEND):
        return await report_finish.file_from_card(turn)
    if answer is Answer.EDIT_CATEGORY or answer is Answer.NO:
        turn.goto(CATEGORY)
        reply = category_picker(draft)
        return [Reply(text=t("card_what_to_fix")), reply] if answer is Answer.NO else [reply]
    if answer is Answer.EDIT_PLACE:
        _forget_place(draft)
        turn.goto(PLACE)
        return [place_question(draft, "ask_place_again")]
    if answer is Answer.ADD_PHOTO:
        return [Reply(text=t("ask_photo_now", max_photos=turn.config.max_photos))]
    if answer is Answer.ANONYMOUS:
        draft.anonymous = True
        return [card(turn, t("anonymous_noted"))]
    if answer is not None:  # thanks, skip, done: the report is still waiting for «Gửi»
        return [card(turn, t("card_waiting"))]
    category = read_category(raw)
    if category is not None:
        return _set_category(turn, category)
    if report_finish.looks_like_phone(raw):
        return report_finish.draft_phone(turn, raw)
    if word_count(raw) <= 8:
        reading = read_place(raw, draft.place, typed=True)
        if reading.place is not None and reading.place.code:
            draft.place = reading.place
            return [card(turn, t("place_recorded", place=reading.place.display))]
    if word_count(raw) >= turn.config.min_description_words:
        return await describe(turn, raw)
    return [card(turn, t("card_hint"))]


async def _category_text(turn: Turn, raw: str, answer: Answer | None) -> list[Reply]:
    draft = turn.report
    if answer is Answer.YES and draft.suggested:
        return _set_category(turn, draft.suggested)
    if answer in (Answer.NO, Answer.EDIT_CATEGORY):
        return [category_picker(draft)]
    category = read_category(raw)
    if category is not None:
        return _set_category(turn, category)
    if answer is None and word_count(raw) >= turn.config.min_description_words:
        return await describe(turn, raw)
    return [Reply(text=t("category_hint"))]


def _place_text(turn: Turn, raw: str, answer: Answer | None) -> list[Reply]:
    draft = turn.report
    proposed = draft.proposed_place
    if answer is Answer.YES and proposed is not None:
        draft.place = proposed
        return advance(turn)
    if answer in (Answer.SKIP, Answer.NO) or raw.strip() == t("btn_place_unknown"):
        if answer is Answer.NO and proposed is not None:
            draft.proposed_place = None
            return [place_question(draft, "ask_place_again")]
        if proposed is not None:  # «not sure where exactly»: the unit already known stays
            draft.place = proposed
            return advance(turn)
        draft.place_skipped = True
        return advance(turn, [t("place_skipped")])
    if answer is not None:
        return [place_question(draft, "ask_place_again")]
    text, _ = clean_text(raw, 300)
    if text_problem(text) or len(text) < 3:
        return [Reply(text=t("place_text_too_short"))]
    reading = read_place(text, proposed, typed=True)
    if reading.ambiguous is not None:
        first = reading.ambiguous
        name = first.matched_text or first.name
        return [Reply(text=t("place_ambiguous", name=name, candidates="; ".join(first.candidates)))]
    draft.place = reading.place
    if reading.needs_ward:
        draft.ward_asked = True
        turn.goto(WARD)
        return [ward_question(draft, text)]
    assert draft.place is not None
    return advance(turn, [t("place_recorded", place=draft.place.display)])


def _ward_text(turn: Turn, raw: str, answer: Answer | None) -> list[Reply]:
    draft = turn.report
    landmark = (draft.place.typed or draft.place.display) if draft.place else ""
    if answer in (Answer.SKIP, Answer.NO, Answer.DONE):
        return advance(turn)
    found = read_ward(raw, landmark)
    if found is None:  # kept in the citizen's words; staff resolve it
        text = clean_text(raw, 200)[0]
        combined = f"{landmark}, {text}" if landmark else text
        draft.place = DraftPlace(display=combined, typed=combined)
        return advance(turn, [t("place_recorded", place=combined)])
    draft.place = found
    return advance(turn, [t("place_recorded", place=found.display)])
