"""Search that ranks: every word must match as a word, accent-insensitive, phrase matches first."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.dashboard.reports.support import add_report
from tests.storage.test_report_queries import codes

Sessions = async_sessionmaker[AsyncSession]


async def test_o_ga_finds_potholes_phrase_first_and_nothing_unrelated(sessions: Sessions) -> None:
    # Oldest first within the same urgency, so a plain order would put the scattered words first.
    scattered = await add_report(
        sessions, "Gà nhà ai chạy ra đường, ổ điện cột đèn hỏng", age=timedelta(hours=5)
    )
    pothole = await add_report(sessions, "Đường Lê Lợi có ổ gà sâu", age=timedelta(hours=4))
    with_comma = await add_report(
        sessions, "Trước ngõ 12: ổ  gà, nước đọng", age=timedelta(hours=3)
    )
    upper = await add_report(sessions, "Ổ GÀ TO GIỮA ĐƯỜNG", age=timedelta(hours=2))
    # Substrings of other words ("o" in "cống", "ga" in "gần", "gạch", "ga tàu") are not the words.
    station = await add_report(sessions, "Đường ra ga tàu bị lún")
    for text in ("Cống gần chợ bị tắc", "Gạch lát vỉa hè vỡ", "Ô tô đỗ"):
        await add_report(sessions, text)
    potholes = [pothole.code, with_comma.code, upper.code]
    for query in ("ổ gà", "o ga", "O GA", "ổ, gà"):
        assert await codes(sessions, {"q": query}) == [*potholes, scattered.code], query
    assert await codes(sessions, {"q": "ổ gà Lê Lợi"}) == [pothole.code]
    assert await codes(sessions, {"q": "duong le loi"}) == [pothole.code]
    assert await codes(sessions, {"q": "đườ"}) == []  # a short word is a whole word
    roads = {pothole.code, scattered.code, upper.code, station.code}
    assert set(await codes(sessions, {"q": "duon"})) == roads  # a longer word starts a word
    assert await codes(sessions, {"q": "gà ổ"}) == [
        scattered.code,
        pothole.code,
        with_comma.code,
        upper.code,
    ]
