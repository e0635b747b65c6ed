"""TOTP (RFC 6238, 30-second steps, 6 digits) and one-time recovery codes for staff login.

A code is accepted for the current step and the one before or after (clock drift of phones);
the step of the accepted code is returned so storage can refuse it, or an earlier one, later
(``uow.staff_2fa.accept_step``). Recovery codes are ten random characters from the base32
alphabet, shown as ``abcde-fghij`` and stored as SHA-256 digests: a code is 50 random bits, not
a password someone chose, and the TOTP secret it stands in for sits in the same database, so a
slow hash would protect nothing while making each login with a code check ten Argon2 hashes
(about five seconds on a busy 2-core server).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime

import pyotp
from markupsafe import Markup

from storage.staff_2fa import StaffRecoveryCode

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1
RECOVERY_CODES = 10
RECOVERY_LENGTH = 10
_RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
_SEPARATORS = re.compile(r"[\s\-._]+")


def new_secret() -> str:
    """A fresh base32 secret (160 bits, as RFC 4226 recommends)."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, username: str, issuer: str) -> str:
    """The ``otpauth://`` URI authenticator apps read (from the QR code or typed)."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer)


def qr_svg(uri: str) -> Markup:
    """The URI as an inline SVG QR code (no script, no external image)."""
    import segno  # only the two-factor enrolment page draws one

    return Markup(segno.make(uri, error="m").svg_inline(scale=4, border=2))


def grouped_secret(secret: str) -> str:
    """The secret in groups of four characters, easier to type by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def clean_code(raw: str) -> str:
    """What was typed without spaces, dashes and dots, lower case (``123 456`` -> ``123456``)."""
    return _SEPARATORS.sub("", raw.strip()).lower()[:64]


def looks_like_totp(code: str) -> bool:
    """Six digits: a code from the app; anything else is tried as a recovery code."""
    return len(code) == DIGITS and code.isascii() and code.isdigit()


def current_step(now: datetime) -> int:
    """The TOTP time step of ``now``."""
    return int(now.timestamp()) // STEP_SECONDS


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code this is (within the drift allowed), or None."""
    if not looks_like_totp(code):
        return None
    totp = pyotp.TOTP(secret)
    step = current_step(now)
    for candidate in (step, step - DRIFT_STEPS, step + DRIFT_STEPS):
        if hmac.compare_digest(totp.at(candidate * STEP_SECONDS), code):
            return candidate
    return None


def new_recovery_codes() -> list[str]:
    """Ten fresh recovery codes as shown to the person (``abcde-fghij``)."""
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def _digest(code: str) -> str:
    return "sha256$" + hashlib.sha256(code.encode("ascii")).hexdigest()


async def hash_recovery_codes(codes: list[str]) -> list[str]:
    """The digests to store for these codes."""
    return [_digest(clean_code(code)) for code in codes]


async def matching_recovery_code(
    stored: list[StaffRecoveryCode], code: str
) -> StaffRecoveryCode | None:
    """The unused stored code this typed code is, or None."""
    if len(code) != RECOVERY_LENGTH or not code.isascii() or not code.isalnum():
        return None
    digest = _digest(code)
    found = None
    for row in stored:  # every row compared, in constant time each
        if hmac.compare_digest(row.code_hash, digest):
            found = row
    return found
