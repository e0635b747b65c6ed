"""The citizen report flow, first half: description, category, place."""

from __future__ import annotations

import nlp
from domain.catalogue import category_label, t
from domain.messages import Button, IncomingKind, KeyboardButton, Reply
from domain.taxonomy import CATEGORY_CODES, Urgency
from handlers.chat.keyboards import category_picker
from handlers.chat.text_checks import TextProblem, clean_text, text_problem, word_count
from handlers.chat.turn import Turn
from handlers.citizen import report_finish
from handlers.citizen.draft import DraftPlace, ReportDraft

DESCRIBE = "report_describe"
CATEGORY = "report_category"
PLACE = "report_place"


def start(turn: Turn) -> list[Reply]:
    """Begin a new report: ask for the description."""
    turn.new_draft()
    turn.goto(DESCRIBE)
    return [Reply(text=t("ask_description"), remove_keyboard=True)]


def _text_error(problem: TextProblem) -> Reply:
    key = "description_empty" if problem is TextProblem.EMPTY else "description_emoji_only"
    return Reply(text=t(key))


def describe(turn: Turn, raw: str | None) -> list[Reply]:
    """Take the description, read it with the NLP and propose a category."""
    problem = text_problem(raw)
    if problem is not None:
        return [_text_error(problem)]
    text, truncated = clean_text(raw or "", turn.config.max_text_length)
    replies: list[Reply] = []
    if truncated:
        replies.append(Reply(text=t("description_too_long", limit=turn.config.max_text_length)))
    draft = turn.report
    if word_count(text) < turn.config.min_description_words:
        draft.short_text = text
        turn.goto(DESCRIBE)
        return [*replies, Reply(text=t("description_too_short"))]
    prefix, draft.short_text = draft.short_text, None
    if prefix:
        text = f"{prefix} {text}"
    return [*replies, *_analyse_and_propose(turn, text)]


def _analyse_and_propose(turn: Turn, text: str) -> list[Reply]:
    analysis = nlp.analyze(text)
    draft = turn.report
    replies: list[Reply] = []
    urgent = analysis.urgency.level == Urgency.CAO
    if urgent and draft.urgency != Urgency.CAO:
        replies.append(Reply(text=t("safety_warning"), urgent=True))
    if analysis.moderation.flagged:
        replies.append(Reply(text=t("abuse_warning")))
    draft.take_analysis(text, analysis)
    draft.proposed_place = _proposable_place(analysis.places)
    turn.goto(CATEGORY)
    return [*replies, _category_question(draft, turn.config.confident_category)]


def _proposable_place(places: list[nlp.PlaceMatch]) -> DraftPlace | None:
    clear = [p for p in places if not p.ambiguous]
    return DraftPlace.from_matches(clear) if clear else None


def _category_question(draft: ReportDraft, confident: float) -> Reply:
    suggested = draft.suggested or "khac"
    alternatives = [c for c in draft.alternatives if c != suggested]
    if (draft.confidence or 0.0) < confident and alternatives:
        other = alternatives[0]
        text = t(
            "propose_category_unsure", label=category_label(suggested), other=category_label(other)
        )
        buttons = [
            [Button(category_label(suggested), callback_data=f"cat:{suggested}")],
            [Button(category_label(other), callback_data=f"cat:{other}")],
            [Button(t("btn_category_other"), callback_data="cat:pick")],
        ]
    else:
        text = t("propose_category", label=category_label(suggested))
        buttons = [
            [
                Button(t("btn_category_ok"), callback_data=f"cat:{suggested}"),
                Button(t("btn_category_other"), callback_data="cat:pick"),
            ]
        ]
    return Reply(text=text, buttons=buttons)


def category(turn: Turn) -> list[Reply]:
    """Handle the citizen's answer to the category question."""
    incoming = turn.incoming
    if incoming.kind is IncomingKind.TEXT and not text_problem(incoming.text):
        extra, _ = clean_text(incoming.text or "", turn.config.max_text_length)
        combined = f"{turn.report.text}\n{extra}"[: turn.config.max_text_length]
        replies = _analyse_and_propose(turn, combined)
        return [Reply(text=t("description_appended")), *replies]
    data = incoming.callback_data or ""
    if data == "cat:pick":
        return [category_picker()]
    code = data.removeprefix("cat:")
    if not data.startswith("cat:") or code not in CATEGORY_CODES:
        return [Reply(text=t("use_buttons"))]
    turn.report.category = code
    turn.goto(PLACE)
    return [Reply(text=t("category_chosen", label=category_label(code))), *ask_place(turn)]


def ask_place(turn: Turn) -> list[Reply]:
    """Ask where, proposing the place found in the text when there is one."""
    location_keyboard = [[KeyboardButton(t("btn_send_location"), request_location=True)]]
    proposed = turn.report.proposed_place
    replies = [Reply(text=t("ask_place"), keyboard=location_keyboard)]
    if proposed:
        replies.append(
            Reply(
                text=t("ask_place_proposed", place=proposed.display),
                buttons=[
                    [
                        Button(t("btn_place_ok"), callback_data="place:ok"),
                        Button(t("btn_place_other"), callback_data="place:other"),
                    ]
                ],
            )
        )
    return replies


def place(turn: Turn) -> list[Reply]:
    """Handle a typed place, a location pin or the proposed-place buttons."""
    incoming = turn.incoming
    if incoming.kind is IncomingKind.CALLBACK:
        proposed = turn.report.proposed_place
        if incoming.callback_data == "place:ok" and proposed is not None:
            return _accept_place(turn, proposed)
        if incoming.callback_data == "place:other":
            turn.report.proposed_place = None
            return [Reply(text=t("ask_place"))]
        return [Reply(text=t("use_buttons"))]
    if incoming.kind is IncomingKind.LOCATION and incoming.latitude is not None:
        return _place_from_pin(turn, incoming.latitude, incoming.longitude or 0.0)
    if incoming.kind is IncomingKind.TEXT:
        return _place_from_text(turn, incoming.text or "")
    return [Reply(text=t("ask_place"))]


def _place_from_pin(turn: Turn, lat: float, lon: float) -> list[Reply]:
    unit = nlp.nearest_unit(lat, lon)
    record = DraftPlace(display=f"{lat:.5f}, {lon:.5f}", lat=lat, lon=lon, pin=True)
    replies: list[Reply] = []
    if unit is None:
        replies.append(Reply(text=t("place_outside", lat=f"{lat:.5f}", lon=f"{lon:.5f}")))
    else:
        record.code, record.name = unit.code, unit.current_name
        record.display = f"{unit.current_name or unit.name} ({lat:.5f}, {lon:.5f})"
    return [*replies, *_accept_place(turn, record)]


def _place_from_text(turn: Turn, raw: str) -> list[Reply]:
    text, _ = clean_text(raw, 300)
    if text_problem(text) or len(text) < 3:
        return [Reply(text=t("place_text_too_short"))]
    matches = nlp.find_places(text)
    ambiguous = [m for m in matches if m.ambiguous]
    clear = [m for m in matches if not m.ambiguous]
    if not clear and ambiguous:
        first = ambiguous[0]
        return [
            Reply(
                text=t(
                    "place_ambiguous",
                    name=first.matched_text or first.name,
                    candidates="; ".join(first.candidates),
                )
            )
        ]
    record = DraftPlace(display=text, typed=text)
    if clear:
        found = DraftPlace.from_matches(clear)
        record.take_unit(found)
        if found.display.casefold() not in text.casefold():
            record.display = f"{text} – {found.display}"
    return _accept_place(turn, record)


def _accept_place(turn: Turn, record: DraftPlace) -> list[Reply]:
    turn.report.place = record
    turn.goto(report_finish.PHOTO)
    return [
        Reply(text=t("place_recorded", place=record.display), remove_keyboard=True),
        *report_finish.ask_photo(turn),
    ]
