"""The transition table, checked pair by pair."""

from __future__ import annotations

import itertools

import pytest

from domain.catalogue import STATUS_LABELS
from domain.statuses import (
    CLOSED_STATUSES,
    TRANSITIONS,
    InvalidTransition,
    ReportStatus,
    can_transition,
    check_transition,
    is_open,
)

S = ReportStatus
ALLOWED = {
    (S.MOI, S.DA_TIEP_NHAN),
    (S.MOI, S.DANG_XU_LY),
    (S.MOI, S.DA_CHUYEN),
    (S.DA_TIEP_NHAN, S.DANG_XU_LY),
    (S.DA_TIEP_NHAN, S.DA_CHUYEN),
    (S.DANG_XU_LY, S.DA_CHUYEN),
    (S.DA_CHUYEN, S.DANG_XU_LY),
    (S.DA_GIAI_QUYET, S.DANG_XU_LY),
    (S.TRUNG_LAP, S.DA_TIEP_NHAN),
    (S.KHONG_THUOC_THAM_QUYEN, S.DA_TIEP_NHAN),
    (S.TU_CHOI, S.DA_TIEP_NHAN),
} | {
    (source, closing)
    for source in (S.MOI, S.DA_TIEP_NHAN, S.DANG_XU_LY, S.DA_CHUYEN)
    for closing in (S.DA_GIAI_QUYET, S.TRUNG_LAP, S.KHONG_THUOC_THAM_QUYEN, S.TU_CHOI)
}


@pytest.mark.parametrize(("current", "target"), list(itertools.product(S, S)))
def test_every_pair_follows_the_table(current: ReportStatus, target: ReportStatus) -> None:
    expected = (current, target) in ALLOWED
    assert can_transition(current, target) is expected
    if expected:
        check_transition(current, target)
    else:
        with pytest.raises(InvalidTransition):
            check_transition(current, target)


def test_every_status_has_a_row_and_a_vietnamese_label() -> None:
    assert set(TRANSITIONS) == set(S)
    assert set(STATUS_LABELS) == set(S)
    assert STATUS_LABELS[S.DA_CHUYEN] == "Đã chuyển cơ quan chức năng"


def test_open311_open_and_closed_follow_architecture() -> None:
    assert {s for s in S if not is_open(s)} == set(CLOSED_STATUSES)
    assert {S.DA_GIAI_QUYET, S.TRUNG_LAP, S.KHONG_THUOC_THAM_QUYEN, S.TU_CHOI} == CLOSED_STATUSES


def test_no_status_moves_to_itself() -> None:
    assert all(not can_transition(s, s) for s in S)
