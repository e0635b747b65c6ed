"""Candidates for likely duplicates on SQLite and PostgreSQL: the ward's reports first, and the
ward's reports on the same street or landmark whatever the cap leaves out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import storage.report_queries as report_queries
from nlp.duplicates import report_spots
from storage.models import Report
from storage.uow import UnitOfWork
from tests.dashboard.reports.support import BAC_GIANG, KINH_BAC, add_report

Sessions = async_sessionmaker[AsyncSession]


async def candidates(
    sessions: Sessions,
    report: Report,
    visible: frozenset[str] | None = None,
    spots: tuple[str, ...] = (),
) -> list[str]:
    async with UnitOfWork(sessions) as uow:
        found = await uow.report_queries.duplicate_candidates(
            report, visible, datetime.now(UTC), spots
        )
        return [r.code for r in found]


async def test_the_wards_reports_come_before_the_cap(
    sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_queries, "DUPLICATE_CAP", 3)
    new = await add_report(sessions, "ổ gà đường Lê Lợi")
    elsewhere = [
        await add_report(sessions, f"ổ gà số {i}", place=KINH_BAC, age=timedelta(minutes=i))
        for i in range(1, 5)
    ]
    same_ward = await add_report(
        sessions, "Đường Lê Lợi có hố to", category="thoat_nuoc", age=timedelta(days=3)
    )
    found = await candidates(sessions, new)
    assert found[0] == same_ward.code
    assert found[1:] == [elsewhere[0].code, elsewhere[1].code]


async def test_the_wards_reports_on_the_same_street_are_always_in(
    sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_queries, "DUPLICATE_CAP", 1)
    new = await add_report(sessions, "ổ gà đường Lê Lợi")
    newest = await add_report(sessions, "mất điện", category="dien", age=timedelta(minutes=5))
    await add_report(sessions, "cống tắc", category="thoat_nuoc", age=timedelta(minutes=9))
    on_street = await add_report(
        sessions, "Le Loi co ho to dong nuoc", category="thoat_nuoc", age=timedelta(days=2)
    )
    other_ward = await add_report(
        sessions, "ổ gà đường Lê Lợi", place=KINH_BAC, category="dien", age=timedelta(days=1)
    )
    spots = tuple(sorted(report_spots(new.text)))
    assert spots == ("le loi",)
    assert await candidates(sessions, new) == [newest.code]
    found = await candidates(sessions, new, spots=spots)
    assert found == [newest.code, on_street.code]
    assert other_ward.code not in found
    assert await candidates(sessions, new, frozenset({KINH_BAC[0]}), spots) == []


async def test_closed_and_old_reports_are_no_candidates(sessions: Sessions) -> None:
    new = await add_report(sessions, "ổ gà đường Lê Lợi")
    await add_report(sessions, "ổ gà đường Lê Lợi", status="da_giai_quyet")
    await add_report(sessions, "ổ gà đường Lê Lợi", age=timedelta(days=40))
    kept = await add_report(sessions, "ổ gà đường Lê Lợi", place=BAC_GIANG)
    assert await candidates(sessions, new, spots=("le loi",)) == [kept.code]
