"""Staff roles, what each may do, and the acting staff member handlers receive.

Permissions are plain functions of the role so pages, handlers and tests share one rule set.
A ``can_bo`` may be limited to a list of communes/wards (current ward codes, as in
``reports.place_code``); an empty list means everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """A staff member's role; the Vietnamese labels are ``role_<code>`` in the catalogue."""

    ADMIN = "admin"  # manages staff and everything else
    CAN_BO = "can_bo"  # MTTQ officer who triages reports
    LANH_DAO = "lanh_dao"  # leadership: read-only figures
    TUYEN_TRUYEN = "tuyen_truyen"  # campaigns


Permission = Callable[[Role], bool]

_TRIAGE = frozenset({Role.ADMIN, Role.CAN_BO})
_VIEW_REPORTS = frozenset({Role.ADMIN, Role.CAN_BO})
_VIEW_STATS = frozenset({Role.ADMIN, Role.CAN_BO, Role.LANH_DAO})
_CAMPAIGNS = frozenset({Role.ADMIN, Role.TUYEN_TRUYEN})
_APPROVE_CAMPAIGNS = frozenset({Role.ADMIN, Role.LANH_DAO})

# Where a role lands after logging in (when no safe ``next`` was asked for).
ROLE_HOME: dict[Role, str] = {
    Role.ADMIN: "/phan-anh",
    Role.CAN_BO: "/phan-anh",
    Role.LANH_DAO: "/thong-ke",
    Role.TUYEN_TRUYEN: "/chien-dich",
}


def parse_role(value: str) -> Role | None:
    """The role with this code, or None when it is not one."""
    try:
        return Role(value.strip())
    except ValueError:
        return None


def can_triage(role: Role) -> bool:
    """Change reports: status, category, notes, merge, reply to the citizen."""
    return role in _TRIAGE


def can_view_reports(role: Role) -> bool:
    """See individual reports (the queue and a report's page)."""
    return role in _VIEW_REPORTS


def can_view_stats(role: Role) -> bool:
    """See figures and periodic reports."""
    return role in _VIEW_STATS


def can_manage_staff(role: Role) -> bool:
    """Create and change staff accounts, read the audit log."""
    return role == Role.ADMIN


def can_manage_campaigns(role: Role) -> bool:
    """Create and send dissemination campaigns."""
    return role in _CAMPAIGNS


def can_approve_campaigns(role: Role) -> bool:
    """Approve (or send back) campaigns someone else wrote."""
    return role in _APPROVE_CAMPAIGNS


def can_view_campaigns(role: Role) -> bool:
    """Open the campaign pages: authors and approvers."""
    return can_manage_campaigns(role) or can_approve_campaigns(role)


def visible_place_codes(communes: Iterable[str]) -> frozenset[str] | None:
    """Ward codes a staff member may see: None means everywhere (an empty list)."""
    codes = frozenset(code for code in communes if code)
    return codes or None


def can_see_place(communes: Iterable[str], place_code: str | None) -> bool:
    """Whether a report at ``place_code`` is visible; limited staff never see unplaced ones."""
    codes = visible_place_codes(communes)
    return codes is None or (place_code is not None and place_code in codes)


@dataclass(frozen=True)
class StaffActor:
    """The logged-in staff member acting on a request."""

    id: int
    username: str
    full_name: str | None
    role: Role
    communes: tuple[str, ...]
    ip: str | None

    @property
    def display_name(self) -> str:
        """Full name when known, otherwise the username."""
        return self.full_name or self.username

    @property
    def place_codes(self) -> frozenset[str] | None:
        """``visible_place_codes`` of this actor: None means everywhere."""
        return visible_place_codes(self.communes)

    def can(self, permission: Permission) -> bool:
        """``actor.can(can_triage)``."""
        return permission(self.role)

    def sees_place(self, place_code: str | None) -> bool:
        """Whether this actor may see a report at ``place_code``."""
        return can_see_place(self.communes, place_code)
