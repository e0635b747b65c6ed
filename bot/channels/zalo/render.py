"""Zalo rendering of domain replies: plain text under 2000 characters, buttons as numbers.

Zalo shows no buttons, so a reply's buttons and menu entries become numbered lines
(«1. Gửi», «2. Sửa loại»); the chat's choices are remembered and a later typed «2» (or «số 2»,
«2.») is read as the press of the second one. Requests for a location pin or the phone number
become a line asking to type them.
"""

from __future__ import annotations

import html
import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from domain.catalogue import t
from domain.messages import Reply

MAX_TEXT = 2000
# Where a long text may be cut, best first: paragraphs, lines, sentences, clauses, words.
BREAKS = ("\n\n", "\n", ". ", "! ", "? ", "… ", "; ", ", ", " ")
_TAG = re.compile(r"<[^>]+>")
_MARKDOWN_ESCAPE = re.compile(r"\\([_*\[\]()~`>#+\-=|{}.!\\])")
_CHOICE = re.compile(r"^\s*(?:(?:số|so)\s*)?#?\s*(\d{1,2})\s*[.)]?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Rendered:
    """What Zalo receives for one reply, and the choices its numbers stand for."""

    text: str
    choices: list[dict[str, Any]] = field(default_factory=list)  # item n-1 answers «n»
    forget_choices: bool = False  # the reply takes the previous choices away


def plain_text(text: str, parse_mode: str | None) -> str:
    """The text without Telegram formatting (Zalo shows plain text)."""
    if parse_mode == "HTML":
        return html.unescape(_TAG.sub("", text.replace("<br>", "\n")))
    if parse_mode == "MarkdownV2":
        return _MARKDOWN_ESCAPE.sub(r"\1", text)
    return text


@dataclass(slots=True)
class TurnChoices:
    """The choices shown so far in answer to one message of a chat."""

    chat_id: str
    choices: list[dict[str, Any]] = field(default_factory=list)
    stored: bool = False  # the turn's choices were stored with the turn (delivery skips it)


def turn_choices(replies: list[Reply]) -> list[dict[str, Any]] | None:
    """The choices a chat has on screen once ``replies`` (one turn's answer, in order) have been
    shown, numbered on from each other as ``ZaloDelivery`` numbers them; None when the answer
    leaves the previous choices as they were."""
    shown: list[dict[str, Any]] = []
    result: list[dict[str, Any]] | None = None
    for reply in replies:
        rendered = render(reply, first_number=len(shown) + 1, hint=not shown)
        if rendered.choices:
            shown = [*shown, *rendered.choices]
            result = shown
        elif not shown and rendered.forget_choices:
            result = []
    return result


# Set by the adapter while it handles one event: the replies to it number their choices on from
# each other («1. Chuyển sang ẩn danh … 4. 📝 Gửi phản ánh»), so every number on the screen means
# what it shows. Messages outside a turn (notices, campaigns) number from 1.
CURRENT_TURN: ContextVar[TurnChoices | None] = ContextVar("zalo_turn", default=None)


def render(reply: Reply, first_number: int = 1, *, hint: bool = True) -> Rendered:
    """The reply as Zalo text with numbered choices, numbered from ``first_number``."""
    lines: list[str] = []
    choices: list[dict[str, Any]] = []
    skip = first_number - 1

    def number() -> int:
        return skip + len(choices)

    for row in reply.buttons:
        for button in row:
            if button.callback_data is not None:
                choices.append({"data": button.callback_data})
                lines.append(t("zalo_choice_line", number=number(), text=button.text))
            elif button.url is not None:
                lines.append(t("zalo_link_line", text=button.text, url=button.url))
    requests: list[str] = []
    for keyboard_row in reply.keyboard:
        for key in keyboard_row:
            if key.request_location:
                requests.append(t("zalo_type_location"))
            elif key.request_contact:
                requests.append(t("zalo_type_phone"))
            else:
                choices.append({"text": key.text})
                lines.append(t("zalo_choice_line", number=number(), text=key.text))
    if reply.quiz is not None:
        quiz = reply.quiz
        head = quiz.question
        lines = [t("zalo_choice_line", number=n, text=o) for n, o in enumerate(quiz.options, 1)]
        lines.append(t("zalo_quiz_hint"))
    else:
        head = plain_text(reply.text, reply.parse_mode)
        if choices and hint:
            lines.append(t("zalo_choices_hint"))
    parts = [head.strip(), "\n".join(lines), "\n".join(requests)]
    text = "\n\n".join(part for part in parts if part)
    forget = not choices and (reply.remove_keyboard or bool(reply.keyboard))
    return Rendered(text=text, choices=choices, forget_choices=forget)


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut a long text into pieces under ``limit``, at paragraph, line or sentence ends."""
    pieces: list[str] = []
    text = text.strip()
    while len(text) > limit:
        window = text[: limit + 1]
        cut = limit
        for separator in BREAKS:
            at = window.rfind(separator, 0, limit)
            if at >= limit // 3:
                cut = at + len(separator.rstrip(" ")) if separator.strip() else at
                break
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*pieces, text] if text else pieces


def choice_number(text: str | None) -> int | None:
    """The number a citizen typed to pick a choice («2», «2.», «số 2»), or None."""
    if not text:
        return None
    match = _CHOICE.match(text)
    return int(match.group(1)) if match else None
