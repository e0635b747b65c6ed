"""Tracking codes and working-hour deadlines."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from domain.sla import VN_TZ, SlaRules, WorkingCalendar
from domain.taxonomy import Urgency
from domain.tracking import ALPHABET, new_tracking_code, parse_tracking_code


def test_new_codes_have_the_public_form_and_do_not_repeat() -> None:
    codes = {new_tracking_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert code.startswith("PA-") and len(code) == 10
        assert set(code[3:]) <= set(ALPHABET)
        assert parse_tracking_code(code) == code


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("pa-7k2m9qx", "PA-7K2M9QX"),
        (" PA 7K2M9QX ", "PA-7K2M9QX"),
        ("PA7K2M9QX", "PA-7K2M9QX"),
        ("PA-7K2M9QO", "PA-7K2M9Q0"),
    ],
)
def test_typed_codes_are_normalised(typed: str, expected: str) -> None:
    assert parse_tracking_code(typed) == expected


@pytest.mark.parametrize("typed", ["", "PA-", "PA-123", "XX-7K2M9QX", "PA-7K2M9QX9", "xin chào"])
def test_malformed_codes_are_rejected(typed: str) -> None:
    assert parse_tracking_code(typed) is None


def vn(y: int, m: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=VN_TZ)


def test_acceptance_deadline_counts_office_hours_only() -> None:
    rules = SlaRules()
    # Friday 16:00 + 8 working hours: 1h on Friday, 7h on Monday from 07:30 -> 14:30.
    assert rules.accept_by(vn(2026, 11, 27, 16), Urgency.TRUNG_BINH) == vn(2026, 11, 30, 14, 30)
    # Urgent: 4 hours; Saturday night counts from Monday 07:30.
    assert rules.accept_by(vn(2026, 11, 28, 22), Urgency.CAO) == vn(2026, 11, 30, 11, 30)


def test_holidays_are_skipped() -> None:
    calendar = WorkingCalendar(holidays=frozenset({date(2026, 9, 2)}))
    rules = SlaRules(resolve_working_days=2, calendar=calendar)
    # Tuesday 1 Sep: next working days are Thu 3 and Fri 4 (2 Sep is a holiday).
    assert rules.resolve_by(vn(2026, 9, 1, 9)) == vn(2026, 9, 4, 17)
