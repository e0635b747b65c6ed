"""The reporting guide (a question-answering document) says what the product does."""

from __future__ import annotations

from pathlib import Path

from domain.catalogue import t
from domain.sla import SlaRules, WorkingCalendar

GUIDE = (
    Path(__file__).resolve().parents[2] / "docs" / "sources" / "huong-dan-phan-anh.md"
).read_text(encoding="utf-8")


def test_the_guide_gives_the_deadlines_of_the_sla_rules() -> None:
    rules, calendar = SlaRules(), WorkingCalendar()
    assert f"trong vòng {rules.accept_hours:g} giờ làm việc" in GUIDE
    assert f"trong vòng {rules.accept_hours_urgent:g} giờ làm việc" in GUIDE
    assert f"{rules.resolve_working_days} ngày làm việc" in GUIDE
    start = f"{calendar.start.hour} giờ {calendar.start.minute}"
    assert f"từ {start} đến {calendar.end.hour} giờ" in GUIDE


def test_the_guide_names_the_buttons_and_commands_as_the_bot_shows_them() -> None:
    for key in ("btn_consent_yes", "btn_fixed_no", "menu_report"):
        label = t(key).split(" ", 1)[-1]  # without the emoji
        assert f"«{label}»" in GUIDE, label
    for command in ("/start", "/phananh", "/tracuu", "/cuatoi", "/xoadulieu", "/dangky"):
        assert command in GUIDE
