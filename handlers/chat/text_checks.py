"""Checks on free text before the NLP sees it."""

from __future__ import annotations

import unicodedata
from enum import StrEnum


class TextProblem(StrEnum):
    """Why a text cannot be used as written."""

    EMPTY = "empty"
    EMOJI_ONLY = "emoji_only"


def text_problem(text: str | None) -> TextProblem | None:
    """EMPTY for blank text, EMOJI_ONLY when no letter or digit is present, else None."""
    if text is None or not text.strip():
        return TextProblem.EMPTY
    if not any(unicodedata.category(ch)[0] in ("L", "N") for ch in text):
        return TextProblem.EMOJI_ONLY
    return None


def clean_text(text: str, limit: int) -> tuple[str, bool]:
    """NFC text with control characters removed, cut to `limit`; True when it was cut."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    text = text.strip()
    if len(text) > limit:
        return text[:limit], True
    return text, False


def word_count(text: str) -> int:
    """Number of whitespace-separated words."""
    return len(text.split())
