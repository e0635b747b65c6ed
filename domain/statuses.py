"""Report statuses and the allowed transitions between them."""

from __future__ import annotations

from enum import StrEnum


class ReportStatus(StrEnum):
    """Lifecycle of a citizen report."""

    MOI = "moi"
    DA_TIEP_NHAN = "da_tiep_nhan"
    DANG_XU_LY = "dang_xu_ly"
    DA_CHUYEN = "da_chuyen"
    DA_GIAI_QUYET = "da_giai_quyet"
    TRUNG_LAP = "trung_lap"
    KHONG_THUOC_THAM_QUYEN = "khong_thuoc_tham_quyen"
    TU_CHOI = "tu_choi"


S = ReportStatus

CLOSED_STATUSES: frozenset[ReportStatus] = frozenset(
    {S.DA_GIAI_QUYET, S.TRUNG_LAP, S.KHONG_THUOC_THAM_QUYEN, S.TU_CHOI}
)

# Closing statuses reachable from every open status.
_CLOSE = {S.DA_GIAI_QUYET, S.TRUNG_LAP, S.KHONG_THUOC_THAM_QUYEN, S.TU_CHOI}

TRANSITIONS: dict[ReportStatus, frozenset[ReportStatus]] = {
    S.MOI: frozenset({S.DA_TIEP_NHAN, S.DANG_XU_LY, S.DA_CHUYEN} | _CLOSE),
    S.DA_TIEP_NHAN: frozenset({S.DANG_XU_LY, S.DA_CHUYEN} | _CLOSE),
    S.DANG_XU_LY: frozenset({S.DA_CHUYEN} | _CLOSE),
    S.DA_CHUYEN: frozenset({S.DANG_XU_LY} | _CLOSE),
    # A resolved report is reopened when the citizen says it is not fixed.
    S.DA_GIAI_QUYET: frozenset({S.DANG_XU_LY}),
    # A merge or a refusal made in error can be undone by staff.
    S.TRUNG_LAP: frozenset({S.DA_TIEP_NHAN}),
    S.KHONG_THUOC_THAM_QUYEN: frozenset({S.DA_TIEP_NHAN}),
    S.TU_CHOI: frozenset({S.DA_TIEP_NHAN}),
}


class InvalidTransition(ValueError):
    """Raised when a status change is not in the transition table."""

    def __init__(self, current: ReportStatus, target: ReportStatus) -> None:
        super().__init__(f"transition {current.value} -> {target.value} is not allowed")
        self.current = current
        self.target = target


def can_transition(current: ReportStatus, target: ReportStatus) -> bool:
    """True when staff may move a report from `current` to `target`."""
    return target in TRANSITIONS[current]


def check_transition(current: ReportStatus, target: ReportStatus) -> None:
    """Raise InvalidTransition unless the move is allowed."""
    if not can_transition(current, target):
        raise InvalidTransition(current, target)


def is_open(status: ReportStatus) -> bool:
    """Open311 'open' (True) or 'closed' (False)."""
    return status not in CLOSED_STATUSES
