"""Contest scores and leaderboards: by person, group, current commune/ward and legacy district.

A person's score is their number of correct answers; ties go to whoever gave their last answer
first (finished earliest), then to the earlier subscriber. A group or area scores the sum of its
participants' scores (mobilising members counts), ties broken by the higher average, then by the
earliest last answer. A ward formed from communes of two legacy districts counts in both
(as in audience filters).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Literal

from sqlalchemy import Subquery, and_, case, func, or_, select

from broadcasts.audience import legacy_district_wards
from domain.catalogue import t
from nlp.gazetteer import gazetteer
from storage.broadcast_models import GroupMember, QuizAnswer, Subscriber, SubscriberGroup
from storage.uow import UnitOfWork

By = Literal["person", "group", "area", "district"]
BY_CHOICES: tuple[str, ...] = ("person", "group", "area", "district")


@dataclass(frozen=True)
class Row:
    """One leaderboard line (``key`` is the subscriber id, group code, ward code or district)."""

    rank: int
    key: str
    label: str
    score: int
    answered: int
    participants: int
    last_answer_at: datetime | None


@lru_cache(maxsize=1)
def _ward_names() -> dict[str, str]:
    return {u.code: u.full for u in gazetteer().wards if u.code}


def ward_label(code: str | None) -> str:
    """Name of a current commune/ward code."""
    if not code:
        return t("qz_lb_no_area")
    return _ward_names().get(code, code)


def per_person(quiz_id: int) -> Subquery:
    """subscriber_id, score, answered, last (time of the last answer) for one quiz."""
    return (
        select(
            QuizAnswer.subscriber_id.label("subscriber_id"),
            func.sum(case((QuizAnswer.correct, 1), else_=0)).label("score"),
            func.count(QuizAnswer.id).label("answered"),
            func.max(QuizAnswer.answered_at).label("last"),
        )
        .where(QuizAnswer.quiz_id == quiz_id)
        .group_by(QuizAnswer.subscriber_id)
        .subquery()
    )


async def leaderboard(
    uow: UnitOfWork, quiz_id: int, by: str = "person", limit: int = 20
) -> list[Row]:
    """The top ``limit`` rows of the quiz's leaderboard ``by`` person, group, area or district."""
    if by == "person":
        return await _by_person(uow, quiz_id, limit)
    if by == "group":
        return await _by_group(uow, quiz_id, limit)
    if by in ("area", "district"):
        return await _by_area(uow, quiz_id, limit, districts=by == "district")
    raise ValueError(by)


async def _by_person(uow: UnitOfWork, quiz_id: int, limit: int) -> list[Row]:
    stats = per_person(quiz_id)
    stmt = (
        select(stats, Subscriber.name)
        .join(Subscriber, Subscriber.id == stats.c.subscriber_id)
        .order_by(stats.c.score.desc(), stats.c.last.asc(), stats.c.subscriber_id.asc())
        .limit(limit)
    )
    rows = (await uow.session.execute(stmt)).all()
    return [
        Row(
            rank=index,
            key=str(r.subscriber_id),
            label=r.name or t("qz_lb_no_name"),
            score=int(r.score or 0),
            answered=int(r.answered),
            participants=1,
            last_answer_at=r.last,
        )
        for index, r in enumerate(rows, start=1)
    ]


def _rank(rows: list[Row], limit: int) -> list[Row]:
    """Order by total, then average per participant, then earliest last answer, then key."""
    rows = sorted(
        rows,
        key=lambda r: (
            -r.score,
            -r.score / max(r.participants, 1),
            r.last_answer_at.timestamp() if r.last_answer_at else 0.0,
            r.key,
        ),
    )
    return [
        Row(i, r.key, r.label, r.score, r.answered, r.participants, r.last_answer_at)
        for i, r in enumerate(rows[:limit], start=1)
    ]


async def _by_group(uow: UnitOfWork, quiz_id: int, limit: int) -> list[Row]:
    stats = per_person(quiz_id)
    stmt = (
        select(
            SubscriberGroup.code,
            SubscriberGroup.name,
            func.sum(stats.c.score).label("score"),
            func.sum(stats.c.answered).label("answered"),
            func.count(stats.c.subscriber_id).label("participants"),
            func.max(stats.c.last).label("last"),
        )
        .select_from(stats)
        .join(GroupMember, GroupMember.subscriber_id == stats.c.subscriber_id)
        .join(SubscriberGroup, SubscriberGroup.id == GroupMember.group_id)
        .group_by(SubscriberGroup.code, SubscriberGroup.name)
    )
    rows = [
        Row(0, r.code, r.name, int(r.score or 0), int(r.answered), int(r.participants), r.last)
        for r in (await uow.session.execute(stmt)).all()
    ]
    return _rank(rows, limit)


async def _by_area(uow: UnitOfWork, quiz_id: int, limit: int, *, districts: bool) -> list[Row]:
    stats = per_person(quiz_id)
    stmt = select(stats, Subscriber.commune_code).join(
        Subscriber, Subscriber.id == stats.c.subscriber_id
    )
    people: dict[str, list[tuple[int, int, datetime | None]]] = defaultdict(list)
    by_ward: dict[str, list[str]] = defaultdict(list)
    if districts:
        for name, wards in legacy_district_wards().items():
            for ward in wards:
                by_ward[ward].append(name)
    for r in (await uow.session.execute(stmt)).all():
        person = (int(r.score or 0), int(r.answered), r.last)
        if districts:
            for name in by_ward.get(r.commune_code or "", []):
                people[name].append(person)
        else:
            people[r.commune_code or ""].append(person)
    rows = []
    for key, members in people.items():
        lasts = [last for _, _, last in members if last is not None]
        rows.append(
            Row(
                rank=0,
                key=key,
                label=key if districts else ward_label(key or None),
                score=sum(score for score, _, _ in members),
                answered=sum(answered for _, answered, _ in members),
                participants=len(members),
                last_answer_at=max(lasts) if lasts else None,
            )
        )
    return _rank(rows, limit)


async def rank_of(uow: UnitOfWork, quiz_id: int, subscriber_id: int) -> tuple[int, int] | None:
    """(rank, participants) of a person in the quiz; None when they have not answered."""
    stats = per_person(quiz_id)
    mine = (
        await uow.session.execute(select(stats).where(stats.c.subscriber_id == subscriber_id))
    ).one_or_none()
    if mine is None:
        return None
    better = or_(
        stats.c.score > mine.score,
        and_(stats.c.score == mine.score, stats.c.last < mine.last),
        and_(
            stats.c.score == mine.score,
            stats.c.last == mine.last,
            stats.c.subscriber_id < subscriber_id,
        ),
    )
    ahead = await uow.session.scalar(select(func.count()).select_from(stats).where(better))
    participants = await uow.session.scalar(select(func.count()).select_from(stats))
    return int(ahead or 0) + 1, int(participants or 0)
