"""Tracking codes handed to citizens: ``PA-`` followed by 7 unambiguous characters."""

from __future__ import annotations

import re
import secrets

# Crockford-style alphabet: no I, L, O, U, so codes read aloud over the phone survive.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 7
PREFIX = "PA-"
_CODE_RE = re.compile(rf"^PA-?([0-9A-Z]{{{CODE_LENGTH}}})$")
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_tracking_code() -> str:
    """A fresh random code such as ``PA-7K2M9QX``."""
    return PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def parse_tracking_code(raw: str) -> str | None:
    """Normalise what a citizen typed (case, spaces, O/0) into a code, or None."""
    cleaned = re.sub(r"[\s_.]", "", raw.strip().upper())
    if cleaned.startswith("PA"):
        cleaned = "PA-" + cleaned[2:].lstrip("-").translate(_CONFUSABLE)
    match = _CODE_RE.match(cleaned)
    return f"{PREFIX}{match.group(1)}" if match else None


# A code inside a sentence: "PA-J6T66MR", "pa j6t66mr", "ma cua toi la j6t66mr nhe".
_PREFIXED_RE = re.compile(r"(?<![0-9A-Z])PA[\s\-_.:#]*([0-9A-Z]{7})(?![0-9A-Z])")
_BARE_RE = re.compile(r"(?<![0-9A-Z])([0-9A-Z]{7})(?![0-9A-Z])")


def find_tracking_code(text: str) -> tuple[str | None, bool]:
    """The tracking code written anywhere in ``text``, and whether it carried the ``PA`` prefix.

    A bare seven-character word counts only when it mixes letters and digits, so ordinary
    Vietnamese words ("KHANCAP", "1234567") are not taken for codes.
    """
    upper = text.upper()
    prefixed = _PREFIXED_RE.search(upper)
    if prefixed:
        return PREFIX + prefixed.group(1).translate(_CONFUSABLE), True
    for match in _BARE_RE.finditer(upper):
        word = match.group(1)
        has_digit = any(c.isdigit() for c in word)
        has_letter = any(c.isalpha() for c in word)
        if has_digit and has_letter:
            code = word.translate(_CONFUSABLE)
            if all(c in ALPHABET for c in code):
                return PREFIX + code, False
    return None, False


def tracking_code_candidates(text: str) -> list[str]:
    """Every seven-character word of ``text`` that could be a code, the likeliest first.

    Codes written with ``PA`` come first, then words that mix letters and digits, then the rest
    (a code may be all letters); the caller keeps the ones that exist.
    """
    upper = text.upper()
    found: list[str] = [
        PREFIX + m.group(1).translate(_CONFUSABLE) for m in _PREFIXED_RE.finditer(upper)
    ]
    mixed: list[str] = []
    plain: list[str] = []
    for match in _BARE_RE.finditer(upper):
        code = match.group(1).translate(_CONFUSABLE)
        if not all(c in ALPHABET for c in code):
            continue
        is_mixed = any(c.isdigit() for c in code) and any(c.isalpha() for c in code)
        (mixed if is_mixed else plain).append(PREFIX + code)
    return list(dict.fromkeys([*found, *mixed, *plain]))
