"""Telegram rendering of domain replies: inline buttons, reply keyboards, text pieces."""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from domain.messages import Reply

MAX_TEXT = 4096
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None


def render_markup(reply: Reply) -> Markup:
    """Inline buttons, a reply keyboard, or the order to remove the keyboard."""
    if reply.buttons:
        return InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(b.text, callback_data=b.callback_data, url=b.url)
                    for b in row
                ]
                for row in reply.buttons
            ]
        )
    if reply.keyboard:
        return ReplyKeyboardMarkup(
            [
                [
                    KeyboardButton(
                        b.text,
                        request_location=b.request_location or None,
                        request_contact=b.request_contact or None,
                    )
                    for b in row
                ]
                for row in reply.keyboard
            ],
            resize_keyboard=True,
        )
    return ReplyKeyboardRemove() if reply.remove_keyboard else None


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut a long text into Telegram-sized pieces, preferring line breaks."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > limit // 2 else limit
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return [*pieces, text] if text else pieces
