"""Report-page actions tell the truth: deadline reasons reach the citizen, odd dates are
flagged, and a question to an Open311 requester goes by e-mail with the way to answer."""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta

from sqlalchemy import select

from domain.catalogue import t
from domain.sla import VN_TZ
from storage.models import WebchatMessage
from tests.dashboard.reports.support import add_report
from tests.dashboard.reports.test_duplicate_proposals import proposed
from tests.dashboard.reports.test_email import (
    EMAIL,
    SENDER,
    service_with_open311,
    smtp_server,
    smtp_settings,
)
from tests.dashboard.reports.test_pages import PASSWORD, Sessions, get, submit
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


async def test_an_open311_question_goes_by_e_mail_and_says_how_to_answer(
    db_url: str, sessions: Sessions
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    question = "Ổ gà nằm trước số nhà bao nhiêu ạ?"
    answer = "Trước số nhà 25 đường Lê Lợi"
    with smtp_server() as (inbox, port):
        async with (
            service_with_open311(
                db_url,
                sessions,
                **smtp_settings(port),
            ) as (base, code),
            browser() as client,
        ):
            await login(client, base, "quantri", PASSWORD)
            kind, text = await submit(client, base, code, "hoi", text=question, email="1")
            assert kind == "ok" and t("rq_email_sent", to=EMAIL) in text
            assert t("rp_notified") not in text  # the chat message was never sent
            # The requester answers the e-mail; the officer adds the answer to the report.
            kind, _ = await submit(client, base, code, "ghi-chu", text=answer)
            assert kind == "ok"
            timeline = html.unescape((await get(client, f"{base}/phan-anh/{code}"))[1])
            assert question in timeline and answer in timeline
    [(recipients, message)] = inbox.messages
    assert recipients == [EMAIL] and message["From"] == SENDER
    assert message["Subject"] == t("mail_subject_question", code=code)
    body = message.get_content()
    assert question in body and "trả lời thư này" in body  # the way to answer is given


async def test_once_merged_neither_report_offers_to_merge_them_again(
    db_url: str, sessions: Sessions
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    main = await add_report(sessions, "ổ gà đường Lê Lợi", channel="webchat")
    dup = await add_report(sessions, "le loi o ga to qua, di xe sap", channel="webchat")
    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "quantri", PASSWORD)
        assert dup.code in await proposed(client, base, main.code)  # proposed before
        kind, _ = await submit(client, base, dup.code, "gop", duplicate=dup.code, main=main.code)
        assert kind == "ok"
        assert dup.code not in await proposed(client, base, main.code)
        assert main.code not in await proposed(client, base, dup.code)
        page = (await get(client, f"{base}/phan-anh/{dup.code}"))[1]
        assert 'id="form-merge"' not in page and f"/phan-anh/{dup.code}/gop" not in page
