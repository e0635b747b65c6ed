"""Office hours, weekdays and the staff group come from the settings."""

from __future__ import annotations

from datetime import date, time

import pytest
from pydantic import ValidationError

from bot.bootstrap import handler_config
from bot.settings import Settings
from domain.sla import WorkingCalendar


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


def test_defaults_keep_the_calendar_unchanged() -> None:
    current = settings()
    assert handler_config(current).sla.calendar == WorkingCalendar()
    assert current.staff_telegram_chat_id is None and current.dashboard_public_url is None
    assert (current.digest_time, current.alert_batch_minutes) == (time(7, 30), 15)


def test_office_hours_and_weekdays_reach_the_deadlines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORK_START", "08:00")
    monkeypatch.setenv("WORK_END", "16:30")
    monkeypatch.setenv("WORK_WEEKDAYS", "0,1,2,3,4,5")
    monkeypatch.setenv("PUBLIC_HOLIDAYS", "2026-09-02")
    monkeypatch.setenv("STAFF_TELEGRAM_CHAT_ID", "-1001234567890")
    calendar = handler_config(Settings(_env_file=None)).sla.calendar  # type: ignore[call-arg]
    assert calendar == WorkingCalendar(
        start=time(8, 0),
        end=time(16, 30),
        weekdays=frozenset({0, 1, 2, 3, 4, 5}),
        holidays=frozenset({date(2026, 9, 2)}),
    )
    assert Settings(_env_file=None).staff_telegram_chat_id == -1001234567890  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "values",
    [
        {"work_weekdays": "0,7"},
        {"work_weekdays": ""},
        {"work_start": "17:00", "work_end": "07:30"},
        {"staff_telegram_chat_id": "12345"},  # a person, not a group
        {"alert_batch_minutes": "0"},
    ],
)
def test_bad_values_are_refused(values: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        settings(**values)
