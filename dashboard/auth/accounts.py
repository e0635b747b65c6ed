"""Creating and changing staff accounts with validation; shared by the admin page and the CLI.

Nothing here commits: callers own the unit of work and commit after recording the audit entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from dashboard.auth.password_policy import password_problem
from dashboard.auth.passwords import hash_password
from dashboard.staff_config import MIN_PASSWORD_LENGTH
from domain.catalogue import t
from domain.roles import Role, parse_role
from storage.errors import IntegrityError
from storage.models import StaffUser
from storage.staff import StaffRepository

USERNAME_RE = re.compile(r"^[a-z0-9._-]{3,64}$")
MAX_FULL_NAME = 200


class StaffError(ValueError):
    """Invalid account data; ``message`` is the Vietnamese text to show."""

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.message = t(key, **values)
        super().__init__(self.message)


@dataclass(frozen=True)
class Ward:
    """A current commune/ward staff may be limited to."""

    code: str
    name: str


@lru_cache(maxsize=1)
def wards() -> tuple[Ward, ...]:
    """Current wards and communes of the province, by name."""
    from nlp.gazetteer import gazetteer  # loaded on first use only

    units = [Ward(u.code, u.current_name or u.full) for u in gazetteer().wards if u.code]
    return tuple(sorted(units, key=lambda w: w.name))


def ward_names() -> dict[str, str]:
    """Ward code -> name."""
    return {ward.code: ward.name for ward in wards()}


def clean_username(value: str) -> str:
    """The lower-cased username, or StaffError."""
    username = value.strip().lower()
    if not USERNAME_RE.match(username):
        raise StaffError("staff_err_username", username=value.strip())
    return username


def clean_role(value: str) -> Role:
    """The role with this code, or StaffError listing the valid ones."""
    role = parse_role(value)
    if role is None:
        raise StaffError("staff_err_role", role=value, allowed=", ".join(r.value for r in Role))
    return role


def clean_password(value: str, username: str = "") -> str:
    """The password if the policy accepts it for this account, or StaffError saying why."""
    problem = password_problem(value, username)
    if problem is not None:
        raise StaffError(problem, min=MIN_PASSWORD_LENGTH)
    return value


def clean_communes(values: Iterable[str]) -> list[str]:
    """Known ward codes without duplicates, in the order given, or StaffError."""
    codes: list[str] = []
    for value in values:
        for code in (part.strip() for part in value.split(",")):
            if code and code not in codes:
                codes.append(code)
    unknown = [code for code in codes if code not in ward_names()]
    if unknown:
        raise StaffError("staff_err_communes", codes=", ".join(unknown))
    return codes


def clean_full_name(value: str | None) -> str | None:
    """The trimmed full name (None when blank), or StaffError when too long."""
    name = (value or "").strip()
    if len(name) > MAX_FULL_NAME:
        raise StaffError("staff_err_full_name")
    return name or None


async def create_staff(
    repo: StaffRepository,
    *,
    username: str,
    password: str,
    role: str,
    full_name: str | None = None,
    communes: Iterable[str] = (),
) -> StaffUser:
    """Validate and add an account; StaffError on bad data or a taken username."""
    clean_name = clean_username(username)
    clean_role_ = clean_role(role)
    clean_password(password, clean_name)
    codes = clean_communes(communes)
    name = clean_full_name(full_name)
    if await repo.by_username(clean_name) is not None:
        raise StaffError("staff_err_duplicate", username=clean_name)
    password_hash = await hash_password(password)
    try:
        return await repo.add(
            username=clean_name,
            full_name=name,
            password_hash=password_hash,
            role=clean_role_.value,
            communes=codes,
            active=True,
            failed_logins=0,
        )
    except IntegrityError as exc:  # created meanwhile by someone else
        raise StaffError("staff_err_duplicate", username=clean_name) from exc


def role_label(role: str) -> str:
    """Vietnamese name of a role code."""
    return t(f"role_{role}") if parse_role(role) is not None else role
