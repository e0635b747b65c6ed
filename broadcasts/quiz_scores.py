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

from domain.catalogue import t
from nlp.areas import legacy_district_wards, ward_name
from storage.quizzes import PersonScore
from storage.uow import UnitOfWork

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


def ward_label(code: str | None) -> str:
    """Name of a current commune/ward code."""
    if not code:
        return t("qz_lb_no_area")
    return ward_name(code) or code


async def leaderboard(
    uow: UnitOfWork, quiz_id: int, by: str = "person", limit: int = 20
) -> list[Row]:
    """The top ``limit`` rows of the quiz's leaderboard ``by`` person, group, area or district."""
    if by == "person":
        people = await uow.quizzes.person_scores(quiz_id, limit)
        return [
            Row(i, p.key, p.label or t("qz_lb_no_name"), p.score, p.answered, 1, p.last_answer_at)
            for i, p in enumerate(people, start=1)
        ]
    if by == "group":
        groups = await uow.quizzes.group_scores(quiz_id)
        rows = [
            Row(0, g.key, g.label or g.key, g.score, g.answered, g.participants, g.last_answer_at)
            for g in groups
        ]
        return _rank(rows, limit)
    if by in ("area", "district"):
        people = await uow.quizzes.scores_with_commune(quiz_id)
        return _rank(_by_area(people, districts=by == "district"), limit)
    raise ValueError(by)


async def rank_of(uow: UnitOfWork, quiz_id: int, subscriber_id: int) -> tuple[int, int] | None:
    """(rank, participants) of a person in the quiz; None when they have not answered."""
    return await uow.quizzes.rank_of(quiz_id, subscriber_id)


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


def _by_area(people: list[PersonScore], *, districts: bool) -> list[Row]:
    """Sum participants per current ward, or per legacy district (a ward may count in two)."""
    members: dict[str, list[PersonScore]] = defaultdict(list)
    by_ward: dict[str, list[str]] = defaultdict(list)
    if districts:
        for name, wards in legacy_district_wards().items():
            for ward in wards:
                by_ward[ward].append(name)
    for person in people:
        keys = by_ward.get(person.key, []) if districts else [person.key]
        for key in keys:
            members[key].append(person)
    rows = []
    for key, group in members.items():
        lasts = [p.last_answer_at for p in group if p.last_answer_at is not None]
        rows.append(
            Row(
                rank=0,
                key=key,
                label=key if districts else ward_label(key or None),
                score=sum(p.score for p in group),
                answered=sum(p.answered for p in group),
                participants=len(group),
                last_answer_at=max(lasts) if lasts else None,
            )
        )
    return rows
