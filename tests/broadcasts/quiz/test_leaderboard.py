"""Contest scores and leaderboards by person, group, area and legacy district."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from broadcasts.audience import legacy_district_wards
from broadcasts.quiz import record_answer
from broadcasts.quiz_scores import leaderboard, rank_of, ward_label
from storage.broadcast_models import QuizQuestion
from storage.models import utcnow
from storage.uow import UnitOfWork
from tests.broadcasts.quiz.support import add_subscriber, load_pack


def _two_districts() -> tuple[tuple[str, str], tuple[str, str]]:
    """Two legacy districts, each with a ward that belongs to it alone."""
    districts = legacy_district_wards()
    shared = Counter(ward for wards in districts.values() for ward in wards)
    picked = []
    for name in sorted(districts):
        solo = sorted(w for w in districts[name] if shared[w] == 1)
        if solo:
            picked.append((name, solo[0]))
        if len(picked) == 2:
            return picked[0], picked[1]
    raise AssertionError("the gazetteer has fewer than two legacy districts")


async def _answer(
    sessions: async_sessionmaker[AsyncSession],
    subscriber_id: int,
    correct: int,
    wrong: int,
    last_minute: int,
) -> None:
    """`correct` right answers then `wrong` wrong ones; the last at minute `last_minute`."""
    start = utcnow() - timedelta(days=1)
    async with UnitOfWork(sessions) as uow:
        questions = (
            await uow.session.scalars(select(QuizQuestion).order_by(QuizQuestion.id))
        ).all()
        count = correct + wrong
        for index, question in enumerate(questions[:count]):
            option = question.correct_index if index < correct else (question.correct_index + 1) % 4
            at = start + timedelta(minutes=last_minute - (count - 1 - index))
            assert await record_answer(uow, question, subscriber_id, option, at)
        await uow.commit()


async def test_leaderboards(sessions: async_sessionmaker[AsyncSession]) -> None:
    loaded = await load_pack(sessions)
    (district_p, ward_x), (district_q, ward_y) = _two_districts()
    people = {
        # name: (groups, ward, correct, wrong, minute of the last answer)
        "An": (("g1",), ward_x, 8, 2, 50),
        "Bình": (("g1",), ward_y, 8, 2, 40),  # same score as An, finished earlier
        "Cường": (("g2",), ward_x, 9, 1, 100),
        "Dung": (("g2",), ward_y, 3, 0, 10),
        "Em": ((), None, 5, 5, 20),
    }
    ids: dict[str, int] = {}
    for number, (name, (groups, ward, correct, wrong, minute)) in enumerate(people.items()):
        ids[name] = await add_subscriber(
            sessions, str(5000 + number), name=name, commune_code=ward, groups=groups
        )
        await _answer(sessions, ids[name], correct, wrong, minute)

    async with UnitOfWork(sessions) as uow:
        persons = await leaderboard(uow, loaded.quiz_id, "person", 10)
        by_group = await leaderboard(uow, loaded.quiz_id, "group", 10)
        areas = await leaderboard(uow, loaded.quiz_id, "area", 10)
        districts = await leaderboard(uow, loaded.quiz_id, "district", 10)
        top_two = await leaderboard(uow, loaded.quiz_id, "person", 2)
        ranks = {name: await rank_of(uow, loaded.quiz_id, sid) for name, sid in ids.items()}
        nobody = await add_subscriber(sessions, "5999")
        no_rank = await rank_of(uow, loaded.quiz_id, nobody)

    assert [(r.rank, r.label, r.score, r.answered) for r in persons] == [
        (1, "Cường", 9, 10),
        (2, "Bình", 8, 10),
        (3, "An", 8, 10),
        (4, "Em", 5, 10),
        (5, "Dung", 3, 3),
    ]
    assert [r.label for r in top_two] == ["Cường", "Bình"]
    assert ranks == {"Cường": (1, 5), "Bình": (2, 5), "An": (3, 5), "Em": (4, 5), "Dung": (5, 5)}
    assert no_rank is None
    assert [(r.key, r.score, r.participants) for r in by_group] == [("g1", 16, 2), ("g2", 12, 2)]
    assert [(r.key, r.label, r.score, r.participants) for r in areas] == [
        (ward_x, ward_label(ward_x), 17, 2),
        (ward_y, ward_label(ward_y), 11, 2),
        ("", ward_label(None), 5, 1),
    ]
    assert ward_label(ward_x) != ward_x  # a real name, not the code
    assert [(r.key, r.score, r.participants) for r in districts] == [
        (district_p, 17, 2),
        (district_q, 11, 2),
    ]


async def test_group_ties_go_to_the_better_average(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    loaded = await load_pack(sessions)
    big = [await add_subscriber(sessions, f"61{n}", groups=("dong",)) for n in range(3)]
    small = await add_subscriber(sessions, "6200", groups=("it",))
    for subscriber_id in big:
        await _answer(sessions, subscriber_id, 2, 0, 5)
    await _answer(sessions, small, 6, 0, 90)
    async with UnitOfWork(sessions) as uow:
        rows = await leaderboard(uow, loaded.quiz_id, "group", 10)
    assert [(r.key, r.score, r.participants) for r in rows] == [("it", 6, 1), ("dong", 6, 3)]
