"""Text normalisation and accent folding.

``normalize`` produces the text we show and reason about (NFC, one tone-mark style, no emoji,
chat abbreviations expanded); ``fold`` produces the accent-insensitive key used for features and
matching, because many citizens type without diacritics.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from nlp.abbreviations import ABBREVIATIONS, DANG_BEFORE

MAX_CHARS = 20_000  # longer inputs are cut: a report never needs more and regexes stay fast

_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_PAIRS = (("o", "a"), ("o", "e"), ("u", "y"))
_SPACE_RE = re.compile(r"\s+")
_REPEAT_LETTER_RE = re.compile(r"([^\W\d_])\1{2,}")
_REPEAT_PUNCT_RE = re.compile(r"([!?,;:])\1+|(\.)\.{3,}")
_WORD_RE = re.compile(r"\w+", re.UNICODE)
_INVISIBLE = {"\ufe0e", "\ufe0f", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def _case_variants(first: str, second: str) -> list[tuple[str, str]]:
    return [(a, b) for a in (first, first.upper()) for b in (second, second.upper())]


@lru_cache(maxsize=1)
def _tone_table() -> tuple[re.Pattern[str], dict[str, str]]:
    """Map new-style tone placement ("hoà", "thuỷ") to the style of official names ("hòa")."""
    table: dict[str, str] = {}
    for first, second in _PAIRS:
        for a, b in _case_variants(first, second):
            for tone in _TONES:
                new = a + unicodedata.normalize("NFC", b + tone)
                old = unicodedata.normalize("NFC", a + tone) + b
                table[new] = old
    alternatives = "|".join(sorted(table, key=len, reverse=True))
    # Only at the end of a syllable, and not in "qu"+"y" ("quý" is the same in both styles).
    pattern = re.compile(rf"(?<![qQ])({alternatives})(?![^\W\d_])")
    return pattern, table


def fix_tone_placement(text: str) -> str:
    """Move tone marks of open "oa", "oe", "uy" syllables to the first vowel ("hoà" -> "hòa")."""
    pattern, table = _tone_table()
    return pattern.sub(lambda m: table[m.group(1)], text)


def _is_droppable(ch: str) -> bool:
    if ch in _INVISIBLE:
        return True
    cat = unicodedata.category(ch)
    return cat in ("So", "Sk", "Cs", "Co", "Cn") or (cat == "Cc" and ch not in "\t\n\r")


def strip_emoji(text: str) -> str:
    """Replace emoji, pictographs and invisible joiners by spaces."""
    if text.isascii():
        return "".join(" " if (c < " " and c not in "\t\n\r") else c for c in text)
    return "".join(" " if _is_droppable(c) else c for c in text)


def clean(text: str) -> str:
    """NFC, tone placement, emoji removal, repeated characters and whitespace (no abbreviations)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text[:MAX_CHARS])
    text = strip_emoji(text)
    text = fix_tone_placement(text)
    text = _REPEAT_LETTER_RE.sub(r"\1", text)
    text = _REPEAT_PUNCT_RE.sub(lambda m: m.group(1) or "...", text)
    return _SPACE_RE.sub(" ", text).strip()


def _match_case(source: str, target: str) -> str:
    if source.isupper() and len(source) > 1:
        return target.upper()
    if source[:1].isupper():
        return target[:1].upper() + target[1:]
    return target


def expand_abbreviations(text: str) -> str:
    """Expand chat abbreviations such as "ko", "đc", "j", "dg" word by word."""
    words = list(_WORD_RE.finditer(text))
    if not words:
        return text
    out: list[str] = []
    last = 0
    for i, match in enumerate(words):
        token = match.group(0)
        key = token.lower()
        expansion = ABBREVIATIONS.get(key)
        if expansion is not None:
            prev = words[i - 1].group(0) if i else ""
            nxt = words[i + 1].group(0).lower() if i + 1 < len(words) else ""
            adjacent = text[words[i - 1].end() : match.start()] if i else ""
            if key in ("dg", "đg") and nxt in DANG_BEFORE:
                expansion = "đang"
            elif prev.isdigit() and adjacent.strip() == "" and len(key) == 1:
                expansion = None  # "50 k" is money, "3 r" / "2 t" are not words to expand
        out.append(text[last : match.start()])
        out.append(token if expansion is None else _match_case(token, expansion))
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def normalize(text: str) -> str:
    """NFC text with one tone-mark style, no emoji, tidy whitespace and expanded abbreviations."""
    return expand_abbreviations(clean(text))


def fold_char(ch: str) -> str:
    """Fold one character: lower case, no diacritics, "đ" -> "d" (may return "")."""
    low = ch.lower()
    if low.isascii():
        return low
    if low == "đ":
        return "d"
    decomposed = unicodedata.normalize("NFD", low)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Accent-insensitive key: lower case, NFD, combining marks removed, "đ" -> "d"."""
    if not text:
        return ""
    low = text.lower()
    if low.isascii():
        return low
    decomposed = unicodedata.normalize("NFD", low.replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def has_diacritics(text: str) -> bool:
    """True when the text contains Vietnamese letters with marks (so it was typed with accents)."""
    return any(not c.isascii() and c.isalpha() for c in text)
