"""What the report flow shows: the summary card, the questions for missing pieces, its buttons.

Every button of a draft carries the draft's id (``r:<action>[:<arg>]@<draft id>``), so a button
left on the screen by a report that was filed or cancelled is recognised and never acts on a
newer one.
"""

from __future__ import annotations

from domain.catalogue import CATEGORY_LABELS, category_label, t, urgency_label
from domain.messages import Button, KeyboardButton, Reply
from domain.taxonomy import Urgency
from handlers.chat.turn import Turn
from handlers.citizen.draft import ReportDraft

PREFIX = "r:"
# Buttons of the first flow (before drafts had ids); still understood inside a draft.
LEGACY_PREFIXES = ("cat:", "place:", "photo:", "anon:", "phone:", "confirm:")
_LEGACY: dict[str, tuple[str, str]] = {
    "cat:pick": ("catpick", ""),
    "place:ok": ("placeok", ""),
    "place:other": ("place", ""),
    "photo:skip": ("noop", ""),
    "photo:done": ("noop", ""),
    "anon:1": ("anon", "1"),
    "anon:0": ("anon", "0"),
    "phone:skip": ("noop", ""),
    "confirm:yes": ("send", ""),
}


def draft_button(label: str, draft: ReportDraft, action: str, arg: str = "") -> Button:
    """A button of this draft."""
    body = f"{action}:{arg}" if arg else action
    return Button(label, callback_data=f"{PREFIX}{body}@{draft.draft_id}")


def parse_button(data: str) -> tuple[str, str, str | None]:
    """(action, argument, draft id or None for a button without one)."""
    if data.startswith(PREFIX):
        body, _, draft_id = data[len(PREFIX) :].partition("@")
        action, _, arg = body.partition(":")
        return action, arg, draft_id or None
    if data in _LEGACY:
        action, arg = _LEGACY[data]
        return action, arg, None
    if data.startswith("cat:"):
        return "cat", data.removeprefix("cat:"), None
    return "unknown", "", None


def is_draft_button(data: str) -> bool:
    """True for a button of the report flow (any generation)."""
    return data.startswith(PREFIX)


def place_line(draft: ReportDraft) -> str:
    """The place as the card shows it."""
    if draft.place is not None:
        return draft.place.display
    return t("summary_place_unknown")


def card(turn: Turn, lead: str | None = None) -> Reply:
    """The one summary card: category, place, urgency, photos, and the buttons to finish."""
    draft = turn.report
    text = t(
        "card",
        lead=f"{lead}\n\n" if lead else "",
        text=_snippet(draft.text),
        category=category_label(draft.category or draft.suggested or "khac"),
        place=place_line(draft),
        urgency=urgency_label(draft.urgency or Urgency.TRUNG_BINH),
        photos=t("card_photos", count=len(draft.photos)) if draft.photos else "",
    )
    return Reply(
        text=text,
        buttons=[
            [draft_button(t("btn_card_send"), draft, "send")],
            [
                draft_button(t("btn_card_category"), draft, "catpick"),
                draft_button(t("btn_card_place"), draft, "place"),
            ],
            [
                draft_button(t("btn_card_photo"), draft, "photo"),
                draft_button(t("btn_cancel"), draft, "cancel"),
            ],
        ],
    )


def _snippet(text: str) -> str:
    return text if len(text) <= 300 else text[:297] + "…"


def category_question(draft: ReportDraft) -> Reply:
    """Ask the category when the text did not make it clear: the two likeliest, or all."""
    suggested = draft.suggested or "khac"
    other = next((c for c in draft.alternatives if c != suggested), None)
    rows = [[draft_button(category_label(suggested), draft, "cat", suggested)]]
    if other:
        rows.append([draft_button(category_label(other), draft, "cat", other)])
    rows.append([draft_button(t("btn_category_other"), draft, "catpick")])
    if other:
        text = t(
            "propose_category_unsure", label=category_label(suggested), other=category_label(other)
        )
    else:
        text = t("propose_category", label=category_label(suggested))
    return Reply(text=text, buttons=rows)


def category_picker(draft: ReportDraft) -> Reply:
    """Every category as a button of this draft, two per row."""
    buttons = [draft_button(label, draft, "cat", code) for code, label in CATEGORY_LABELS.items()]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return Reply(text=t("pick_category"), buttons=rows)


def place_question(draft: ReportDraft, key: str = "ask_place") -> Reply:
    """Ask where, with the location button and a way to say one cannot tell."""
    del draft
    return Reply(
        text=t(key),
        keyboard=[
            [KeyboardButton(t("btn_send_location"), request_location=True)],
            [KeyboardButton(t("btn_place_unknown"))],
        ],
    )


def ward_question(draft: ReportDraft, landmark: str) -> Reply:
    """The typed place named no commune or ward: ask for it once, skipping is fine."""
    return Reply(
        text=t("ask_ward", landmark=landmark),
        buttons=[[draft_button(t("btn_skip"), draft, "skipward")]],
    )
