"""What a staff password must be: long enough, not a common password, not easy to guess.

The list of common passwords (``common_passwords.tsv``, one a line, lower case) holds the most
frequent passwords of public breach corpora plus Vietnamese favourites (``matkhau``,
``anhyeuem``, …) and names of this service. A password is refused when it, or its letters with
the digits and symbols around them stripped, is on the list; when it contains the username;
when it is one character repeated or a run such as ``abcdefghij``; or when it uses one kind of
character only (all letters, all digits) and is shorter than ``LONG_PASSPHRASE``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from dashboard.staff_config import MIN_PASSWORD_LENGTH

__all__ = ["MIN_PASSWORD_LENGTH", "common_passwords", "password_problem"]

LONG_PASSPHRASE = 16  # a passphrase this long may be plain words
MIN_DISTINCT = 5
COMMON_FILE = Path(__file__).with_name("common_passwords.tsv")
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords (lower case)."""
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip())


def _fold(text: str) -> str:
    """Lower case without Vietnamese diacritics (``Mật khẩu`` -> ``mat khau``)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _is_run(text: str) -> bool:
    """One character repeated, or each character one more (or less) than the previous."""
    steps = {ord(b) - ord(a) for a, b in pairwise(text)}
    return len(steps) == 1 and steps <= {-1, 0, 1}


def _kinds(text: str) -> int:
    return sum(
        (
            any(ch.isalpha() and ch.islower() for ch in text),
            any(ch.isalpha() and ch.isupper() for ch in text),
            any(ch.isdigit() for ch in text),
            any(not ch.isalnum() for ch in text),
        )
    )


def password_problem(password: str, username: str = "") -> str | None:
    """The catalogue key saying why the password is refused, or None when it is acceptable."""
    if not password:
        return "staff_err_password_empty"
    if len(password) < MIN_PASSWORD_LENGTH:
        return "staff_err_password_short"
    folded = _fold(password)
    compact = re.sub(r"[\s._-]+", "", folded)
    common = common_passwords()
    if {folded, compact, _EDGES.sub("", folded), _EDGES.sub("", compact)} & common:
        return "staff_err_password_common"
    name = _fold(username.strip())
    if len(name) >= 3 and name in folded:
        return "staff_err_password_username"
    if _is_run(folded) or len(set(folded)) < MIN_DISTINCT:
        return "staff_err_password_weak"
    if _kinds(password) < 2 and len(password) < LONG_PASSPHRASE:
        return "staff_err_password_weak"
    return None
