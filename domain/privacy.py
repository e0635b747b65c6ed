"""Personal data kept out of public output: phone numbers and e-mail addresses in free text.

Vietnamese numbers are written in many ways: ``0912 345 678``, ``0912.345.678``, ``(091) 234 5678``,
``+84912345678``, ``(+84) 912 345 678``, ``84 912 345 678``, ``0084 912…``, ``+84 (0) 912…``,
landlines ``(024) 3825 1234``. A number is a trunk ``0`` or the country code ``84`` (with ``+``,
``00`` or brackets) followed by 8 to 10 more digits, each after at most two separators (space,
dot, dash, brackets). Pure functions, no I/O.
"""

from __future__ import annotations

import re

_SEPARATORS = r"[\s.\-()\u00a0]"
PHONE_IN_TEXT = re.compile(
    r"(?<!\d)"  # not the tail of a longer number
    r"(?:"
    r"\(?(?:\+|00)?84\)?" + _SEPARATORS + r"?(?:\(0\)" + _SEPARATORS + r"?)?"  # +84, (+84), 0084
    r"|\(?0"  # the trunk prefix, maybe as "(0…"
    r")"
    r"(?:" + _SEPARATORS + r"{0,2}\d){8,10}?"  # the shortest number that is not followed by a digit
    r"(?!\d)"
)
EMAIL_IN_TEXT = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")


def mask_phones(text: str, mask: str) -> str:
    """``text`` with every phone number replaced by ``mask``."""
    return PHONE_IN_TEXT.sub(mask, text)


def mask_contacts(text: str, mask: str) -> str:
    """``text`` with e-mail addresses and phone numbers replaced by ``mask``."""
    return mask_phones(EMAIL_IN_TEXT.sub(mask, text), mask)


def contains_phone(text: str) -> bool:
    """Whether ``text`` carries a phone number."""
    return PHONE_IN_TEXT.search(text) is not None
