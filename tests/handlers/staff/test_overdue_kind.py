"""overdue_kind: every status against every position of the two deadlines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.deadlines import OverdueKind, lateness, overdue_kind
from domain.statuses import CLOSED_STATUSES, ReportStatus

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
BEFORE, AT, AFTER = NOW - timedelta(minutes=1), NOW, NOW + timedelta(minutes=1)
S = ReportStatus
OPEN_LATER = (S.DA_TIEP_NHAN, S.DANG_XU_LY, S.DA_CHUYEN)

# (status, accept_due_at, resolve_due_at) -> expected; a deadline equal to now is not missed.
CASES: list[tuple[ReportStatus, datetime, datetime, OverdueKind | None]] = []
for status in ReportStatus:
    for accept in (BEFORE, AT, AFTER):
        for resolve in (BEFORE, AT, AFTER):
            if status in CLOSED_STATUSES:
                expected = None
            elif resolve < NOW:
                expected = OverdueKind.GIAI_QUYET
            elif status is S.MOI and accept < NOW:
                expected = OverdueKind.TIEP_NHAN
            else:
                expected = None
            CASES.append((status, accept, resolve, expected))


def test_the_table_covers_every_status_and_deadline_position() -> None:
    assert len(CASES) == len(ReportStatus) * 9
    assert {kind for *_, kind in CASES} == {None, OverdueKind.TIEP_NHAN, OverdueKind.GIAI_QUYET}


@pytest.mark.parametrize(("status", "accept", "resolve", "expected"), CASES)
def test_overdue_kind_table(
    status: ReportStatus, accept: datetime, resolve: datetime, expected: OverdueKind | None
) -> None:
    assert overdue_kind(status, accept, resolve, NOW) == expected
    assert overdue_kind(status.value, accept, resolve, NOW) == expected  # plain strings too


def test_the_kinds_compare_equal_to_their_codes() -> None:
    assert overdue_kind("moi", BEFORE, AFTER, NOW) == "tiep_nhan"
    assert overdue_kind("dang_xu_ly", AFTER, BEFORE, NOW) == "giai_quyet"


@pytest.mark.parametrize("status", OPEN_LATER)
def test_an_accepted_report_is_never_late_for_acceptance(status: ReportStatus) -> None:
    assert overdue_kind(status, NOW - timedelta(days=30), AFTER, NOW) is None


def test_other_time_zones_compare_by_instant() -> None:
    hanoi = NOW.astimezone(datetime.now().astimezone().tzinfo)  # same instant, other offset
    assert overdue_kind("moi", hanoi - timedelta(seconds=1), AFTER, NOW) is OverdueKind.TIEP_NHAN


def test_lateness_counts_from_the_missed_deadline() -> None:
    assert lateness("moi", NOW - timedelta(hours=3), AFTER, NOW) == (
        OverdueKind.TIEP_NHAN,
        timedelta(hours=3),
    )
    assert lateness("moi", NOW - timedelta(days=9), NOW - timedelta(days=2), NOW) == (
        OverdueKind.GIAI_QUYET,
        timedelta(days=2),
    )
    assert lateness("da_giai_quyet", BEFORE, BEFORE, NOW) is None


def test_an_unknown_status_is_refused() -> None:
    with pytest.raises(ValueError):
        overdue_kind("dang_cho", BEFORE, BEFORE, NOW)
