"""The daily overdue digest: exactly the overdue reports, once per working day."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from domain.delivery import Channel, Failed
from domain.sla import VN_TZ, WorkingCalendar
from handlers.staff.alert_text import GroupConfig
from handlers.staff.digest import StaffDigest
from storage.database import Database
from tests.handlers.staff.conftest import GROUP
from tests.handlers.staff.seed import add_report
from tests.support.fake_delivery import RecordingDelivery

TUESDAY = datetime(2026, 11, 24, 7, 30, tzinfo=VN_TZ)
HOLIDAY = date(2026, 11, 25)


@pytest.fixture
def digest(
    sessions: async_sessionmaker[AsyncSession],
    db: Database,
    sender: RecordingDelivery,
    group: GroupConfig,
) -> StaffDigest:
    calendar = WorkingCalendar(holidays=frozenset({HOLIDAY}))
    return StaffDigest(db, sender, group, calendar, time(7, 30))


async def test_the_digest_lists_exactly_the_overdue_reports_once_a_day(
    sessions: async_sessionmaker[AsyncSession], sender: RecordingDelivery, digest: StaffDigest
) -> None:
    old = TUESDAY - timedelta(days=12)
    late_accept = await add_report(
        sessions,
        created=TUESDAY - timedelta(days=2),
        accept_due=timedelta(hours=8),
        place_name="Xã Tân Yên",
    )
    late_resolve = await add_report(
        sessions,
        status="dang_xu_ly",
        created=old,
        resolve_due=timedelta(days=10),
        category="thoat_nuoc",
    )
    never_accepted = await add_report(sessions, created=old, resolve_due=timedelta(days=11))
    on_time = [
        await add_report(sessions, created=TUESDAY - timedelta(hours=1)),
        await add_report(
            sessions,
            status="da_tiep_nhan",
            created=TUESDAY - timedelta(days=3),
            accept_due=timedelta(hours=1),
        ),
        await add_report(sessions, status="da_giai_quyet", created=old),
        await add_report(sessions, status="trung_lap", created=old),
    ]
    assert await digest.send(TUESDAY)
    [(channel, chat, reply)] = sender.sent
    assert (channel, chat) == (Channel.TELEGRAM, GROUP)
    text = reply.text
    assert t("digest_title", date="24/11/2026", total=3) in text
    assert t("digest_counts", accept=1, resolve=2) in text
    for report in (late_accept, late_resolve, never_accepted):
        assert text.count(report.code) == 1
    for report in on_time:
        assert report.code not in text
    resolve_section = text.index(t("digest_section", label=t("overdue_giai_quyet"), count=2))
    accept_section = text.index(t("digest_section", label=t("overdue_tiep_nhan"), count=1))
    assert resolve_section < text.index(late_resolve.code) < accept_section
    assert accept_section < text.index(late_accept.code)
    # The most late first: 2 days after 10 against 1 day after 11.
    assert text.index(late_resolve.code) < text.index(never_accepted.code)
    line = next(line for line in text.splitlines() if late_accept.code in line)
    assert "Xã Tân Yên" in line and "Giao thông" in line and "trễ 1 ngày" in line
    assert not await digest.send(TUESDAY + timedelta(hours=3))  # same day: already sent
    assert not await digest.send_if_due(TUESDAY + timedelta(hours=3))
    assert len(sender.sent) == 1
    assert await digest.send(TUESDAY + timedelta(days=2))  # Thursday: a new day
    assert len(sender.sent) == 2


async def test_concurrent_workers_send_one_digest(
    sessions: async_sessionmaker[AsyncSession],
    db: Database,
    sender: RecordingDelivery,
    group: GroupConfig,
) -> None:
    await add_report(sessions, created=TUESDAY - timedelta(days=20))
    calendar = WorkingCalendar()
    workers = [StaffDigest(db, sender, group, calendar, time(7, 30)) for _ in range(4)]
    results = await asyncio.gather(*(w.send(TUESDAY) for w in workers))
    assert sorted(results) == [False, False, False, True]
    assert len(sender.sent) == 1


async def test_no_digest_on_weekends_and_holidays(
    sender: RecordingDelivery, digest: StaffDigest
) -> None:
    saturday = TUESDAY + timedelta(days=4)
    assert not await digest.send(saturday)
    assert not await digest.send(datetime.combine(HOLIDAY, time(7, 30), VN_TZ))
    assert sender.sent == []


async def test_a_failed_digest_is_sent_by_the_catch_up(
    sender: RecordingDelivery, digest: StaffDigest
) -> None:
    sender.fail_all = Failed("Bad Gateway", transient=True)
    assert not await digest.send(TUESDAY)
    sender.fail_all = None
    assert not await digest.send_if_due(TUESDAY - timedelta(minutes=1))  # before digest time
    assert await digest.send_if_due(TUESDAY + timedelta(minutes=20))
    [(_, _, reply)] = sender.sent
    assert reply.text == t("digest_none", date="24/11/2026")
    assert not await digest.send_if_due(TUESDAY + timedelta(minutes=40))


def test_due_only_in_office_hours_of_working_days(digest: StaffDigest) -> None:
    assert digest.due(TUESDAY)
    assert digest.due(TUESDAY.replace(hour=16, minute=59))
    assert not digest.due(TUESDAY.replace(hour=7, minute=29))
    assert not digest.due(TUESDAY.replace(hour=17))
    assert not digest.due(TUESDAY + timedelta(days=5))  # Sunday


async def test_a_long_digest_shows_twenty_lines_and_counts_the_rest(
    sessions: async_sessionmaker[AsyncSession], sender: RecordingDelivery, digest: StaffDigest
) -> None:
    for days in range(25):
        await add_report(sessions, created=TUESDAY - timedelta(days=15 + days))
    assert await digest.send(TUESDAY)
    text = sender.to(GROUP)[0].text
    assert sum(1 for line in text.splitlines() if line.startswith("• PA-")) == 20
    assert t("digest_more", count=5) in text
