"""The statistics filter from a query string: dates, category, area and the viewer's scope."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dashboard.stats.filters import parse_filter
from reporting.figures import load
from storage.database import Database
from tests.reporting.seed import NOW, SPECS, seed


async def test_filters_by_category_and_limited_communes(
    sessions: async_sessionmaker[AsyncSession], db: Database
) -> None:
    await seed(sessions, SPECS)
    query = {"tu": "2026-03-02", "den": "2026-03-15"}
    limited, form = parse_filter(query, frozenset({"9187"}), date(2026, 3, 16))
    assert form.error is None
    fig = await load(db, limited, NOW)
    assert fig.total == 1 and dict(fig.by("place")) == {"9187": 1}  # no unplaced reports
    assert [code for code, _ in form.areas] == ["9187"]
    everywhere, _ = parse_filter({**query, "linh_vuc": "giao_thong"}, None, date(2026, 3, 16))
    fig = await load(db, everywhere, NOW)
    assert fig.total == 3
    district, _ = parse_filter(
        {**query, "dia_ban": "huyen:thanh-pho-bac-giang"}, None, date(2026, 3, 16)
    )
    assert (await load(db, district, NOW)).total == 3
    # A limited officer cannot widen the scope with another area: the filter falls back.
    outside, form = parse_filter(
        {**query, "dia_ban": "7210"}, frozenset({"9187"}), date(2026, 3, 16)
    )
    assert form.error is not None and "địa bàn" in form.error
    assert outside.place_codes == frozenset({"9187"})


def test_bad_filter_values_fall_back_to_the_last_30_days() -> None:
    today = date(2026, 3, 16)
    for query in (
        {"tu": "16/03/2026"},
        {"tu": "2026-03-10", "den": "2026-03-01"},
        {"linh_vuc": "khong_co"},
        {"dia_ban": "999999"},
    ):
        filt, form = parse_filter(query, None, today)
        assert form.error is not None, query
        assert (form.start, form.end) == (date(2026, 2, 15), today)
        assert filt.category is None and filt.place_codes is None
