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
