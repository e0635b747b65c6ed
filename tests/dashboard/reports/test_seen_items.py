"""Deadline changes from the report page: the reason reaches the citizen, odd dates are flagged."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from domain.catalogue import t
from domain.sla import VN_TZ
from storage.models import WebchatMessage
from tests.dashboard.reports.support import add_report
from tests.dashboard.reports.test_pages import PASSWORD, Sessions, submit
from tests.dashboard.staff_support import add_staff, browser, dashboard, login

REASON = "Chờ đơn vị điện lực cắt điện để thi công"


def _ahead(days: int, weekday: int) -> date:
    """The first day with this weekday (Monday = 0) at least ``days`` days from today."""
    day = datetime.now(VN_TZ).date() + timedelta(days=days)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


async def _web_chat_texts(sessions: Sessions, chat_id: str) -> list[str]:
    async with sessions() as session:
        found = await session.execute(
            select(WebchatMessage).where(WebchatMessage.chat_id == chat_id)
        )
        return [str(m.payload.get("text", "")) for m in found.scalars()]


async def test_the_deadline_reason_reaches_the_citizen_and_odd_dates_are_flagged(
    db_url: str, sessions: Sessions
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    report = await add_report(sessions, "Cột điện nghiêng trước nhà văn hoá", channel="webchat")
    wednesday, saturday = _ahead(7, 2), _ahead(7, 5)
    next_year = datetime.now(VN_TZ).date() + timedelta(days=365)
    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "quantri", PASSWORD)

        # The form labels the reason «gửi người dân»: the citizen's message carries it.
        kind, text = await submit(
            client, base, report.code, "han", date=wednesday.isoformat(), reason=REASON
        )
        assert kind == "ok" and t("rp_ok_han", code=report.code) in text
        assert t("rp_notified") in text
        assert "Lưu ý" not in text  # a usual working day: nothing to point out
        [told] = await _web_chat_texts(sessions, report.chat_id)
        assert wednesday.strftime("%d/%m/%Y") in told and REASON in told

        # A Saturday and a date a year ahead are saved, each with a warning the officer sees.
        kind, text = await submit(client, base, report.code, "han", date=saturday.isoformat())
        assert kind == "ok" and t("rp_ok_han", code=report.code) in text
        assert t("rp_warn_deadline_day_off", date=saturday.strftime("%d/%m/%Y")) in text
        soon = (saturday - datetime.now(VN_TZ).date()).days
        assert t("rp_warn_deadline_far", days=soon) not in text  # two weeks at most: not far
        kind, text = await submit(client, base, report.code, "han", date=next_year.isoformat())
        assert kind == "ok" and t("rp_warn_deadline_far", days=365) in text

    # Without a reason the message is the plain deadline notice, with no empty «Lý do».
    texts = await _web_chat_texts(sessions, report.chat_id)
    assert len(texts) == 3 and all("Lý do" not in told for told in texts[1:])
