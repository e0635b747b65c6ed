"""Permission rules of staff roles and commune limits."""

from __future__ import annotations

from domain.catalogue import MESSAGES
from domain.roles import (
    ROLE_HOME,
    Role,
    StaffActor,
    can_manage_campaigns,
    can_manage_staff,
    can_see_place,
    can_triage,
    can_view_reports,
    can_view_stats,
    parse_role,
    visible_place_codes,
)

PERMISSIONS = {
    Role.ADMIN: {"triage", "reports", "stats", "staff", "campaigns"},
    Role.CAN_BO: {"triage", "reports", "stats"},
    Role.LANH_DAO: {"stats"},
    Role.TUYEN_TRUYEN: {"campaigns"},
}


def test_each_role_has_exactly_its_permissions() -> None:
    checks = {
        "triage": can_triage,
        "reports": can_view_reports,
        "stats": can_view_stats,
        "staff": can_manage_staff,
        "campaigns": can_manage_campaigns,
    }
    for role in Role:
        granted = {name for name, check in checks.items() if check(role)}
        assert granted == PERMISSIONS[role], role


def test_every_role_has_a_label_and_a_home() -> None:
    for role in Role:
        assert MESSAGES[f"role_{role}"]
        assert ROLE_HOME[role].startswith("/")
    assert parse_role(" can_bo ") is Role.CAN_BO
    assert parse_role("boss") is None


def test_empty_communes_mean_everywhere_and_limited_staff_see_only_theirs() -> None:
    assert visible_place_codes([]) is None
    assert visible_place_codes(["7210", "7210", ""]) == frozenset({"7210"})
    assert can_see_place([], None) and can_see_place([], "9999")
    assert can_see_place(["7210"], "7210")
    assert not can_see_place(["7210"], "7211")
    assert not can_see_place(["7210"], None)
    actor = StaffActor(1, "canbo", None, Role.CAN_BO, ("7210",), None)
    assert actor.place_codes == frozenset({"7210"})
    assert actor.sees_place("7210") and not actor.sees_place("1")
    assert actor.can(can_triage) and not actor.can(can_manage_staff)
    assert actor.display_name == "canbo"
