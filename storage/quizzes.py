"""``uow.quizzes``: quizzes, their questions, answers (the first counts), polls and scores."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Subquery, and_, case, func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from domain.quiz import Score
from storage.base import Repository
from storage.broadcast_models import (
    GroupMember,
    Quiz,
    QuizAnswer,
    QuizPoll,
    QuizQuestion,
    Subscriber,
    SubscriberGroup,
)
from storage.models import utcnow


@dataclass(frozen=True)
class PersonScore:
    """One participant's totals in a quiz (``key`` is a subscriber id, group or ward code)."""

    key: str
    label: str | None
    score: int
    answered: int
    participants: int
    last_answer_at: datetime | None


class QuizRepository(Repository):
    """Queries and changes of quizzes; never commits (the unit of work does)."""

    async def get(self, quiz_id: int) -> Quiz | None:
        """The quiz with this id."""
        return await self.session.get(Quiz, quiz_id)

    async def by_code(self, code: str) -> Quiz | None:
        """The quiz with this code."""
        stmt = select(Quiz).where(Quiz.code == code)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def all(self) -> Sequence[Quiz]:
        """Quizzes, newest first."""
        return list((await self.session.execute(select(Quiz).order_by(Quiz.id.desc()))).scalars())

    async def create(
        self, *, code: str, title: str, is_contest: bool, questions: Sequence[dict[str, Any]]
    ) -> Quiz:
        """A new quiz with its questions (``text``, ``options``, ``correct_index``, …) in order."""
        quiz = Quiz(code=code, title=title, is_contest=is_contest, created_at=utcnow())
        self.session.add(quiz)
        await self.session.flush()
        for position, question in enumerate(questions, start=1):
            self.session.add(
                QuizQuestion(
                    quiz_id=quiz.id,
                    position=position,
                    text=question["text"],
                    options=list(question["options"]),
                    correct_index=question["correct_index"],
                    explanation=question.get("explanation"),
                )
            )
        await self.session.flush()
        return quiz

    async def question(self, question_id: int) -> QuizQuestion | None:
        """The question with this id."""
        return await self.session.get(QuizQuestion, question_id)

    async def questions(self, quiz_id: int) -> list[QuizQuestion]:
        """A quiz's questions in order."""
        stmt = select(QuizQuestion).where(QuizQuestion.quiz_id == quiz_id)
        return list((await self.session.scalars(stmt.order_by(QuizQuestion.position))).all())

    async def question_count(self, quiz_id: int) -> int:
        """How many questions the quiz has."""
        stmt = select(func.count(QuizQuestion.id)).where(QuizQuestion.quiz_id == quiz_id)
        return int(await self.session.scalar(stmt) or 0)

    async def record_answer(
        self,
        question: QuizQuestion,
        subscriber_id: int,
        option_index: int,
        now: datetime | None = None,
    ) -> bool:
        """Store the answer unless this person already answered the question; True when stored.

        An INSERT … ON CONFLICT DO NOTHING, so two concurrent first answers (a button and a
        poll) never fail: exactly one is kept.
        """
        values = {
            "quiz_id": question.quiz_id,
            "question_id": question.id,
            "subscriber_id": subscriber_id,
            "option_index": option_index,
            "correct": option_index == question.correct_index,
            "answered_at": now or utcnow(),
        }
        dialect = self.session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        stmt = (
            insert(QuizAnswer)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["question_id", "subscriber_id"])
        )
        result = await self.session.execute(stmt)
        return bool(getattr(result, "rowcount", 0))

    async def answered_ids(self, quiz_id: int, subscriber_id: int) -> set[int]:
        """Questions of this quiz the person answered."""
        stmt = select(QuizAnswer.question_id).where(
            QuizAnswer.quiz_id == quiz_id, QuizAnswer.subscriber_id == subscriber_id
        )
        return set((await self.session.scalars(stmt)).all())

    async def next_question(
        self, quiz_id: int, subscriber_id: int
    ) -> tuple[QuizQuestion | None, int, int]:
        """The first unanswered question, its number (1-based) and the number of questions."""
        questions = await self.questions(quiz_id)
        done = await self.answered_ids(quiz_id, subscriber_id)
        for number, question in enumerate(questions, start=1):
            if question.id not in done:
                return question, number, len(questions)
        return None, len(questions), len(questions)

    async def score_of(self, quiz_id: int, subscriber_id: int) -> Score:
        """Correct answers, answers, questions and time of the last answer of one person."""
        stmt = select(
            func.coalesce(func.sum(case((QuizAnswer.correct, 1), else_=0)), 0),
            func.count(QuizAnswer.id),
            func.max(QuizAnswer.answered_at),
        ).where(QuizAnswer.quiz_id == quiz_id, QuizAnswer.subscriber_id == subscriber_id)
        correct, answered, last = (await self.session.execute(stmt)).one()
        total = await self.question_count(quiz_id)
        return Score(int(correct or 0), int(answered or 0), total, last)

    async def last_answered_quiz(self, subscriber_id: int) -> Quiz | None:
        """The quiz this person answered last."""
        stmt = (
            select(QuizAnswer.quiz_id)
            .where(QuizAnswer.subscriber_id == subscriber_id)
            .order_by(QuizAnswer.answered_at.desc(), QuizAnswer.id.desc())
            .limit(1)
        )
        quiz_id = await self.session.scalar(stmt)
        return await self.session.get(Quiz, quiz_id) if quiz_id is not None else None

    def add_poll(
        self, poll_id: str, question_id: int, subscriber_id: int, campaign_id: int | None
    ) -> None:
        """Remember which question and person a sent quiz poll belongs to."""
        self.session.add(
            QuizPoll(
                poll_id=poll_id,
                question_id=question_id,
                subscriber_id=subscriber_id,
                campaign_id=campaign_id,
            )
        )

    async def poll(self, poll_id: str) -> QuizPoll | None:
        """What a sent quiz poll belongs to."""
        return await self.session.get(QuizPoll, poll_id)

    async def person_scores(self, quiz_id: int, limit: int) -> list[PersonScore]:
        """The best ``limit`` people: score, then earliest last answer, then earliest subscriber."""
        stats = _per_person(quiz_id)
        stmt = (
            select(stats, Subscriber.name)
            .join(Subscriber, Subscriber.id == stats.c.subscriber_id)
            .order_by(stats.c.score.desc(), stats.c.last.asc(), stats.c.subscriber_id.asc())
            .limit(limit)
        )
        return [
            PersonScore(str(r.subscriber_id), r.name, int(r.score or 0), int(r.answered), 1, r.last)
            for r in (await self.session.execute(stmt)).all()
        ]

    async def group_scores(self, quiz_id: int) -> list[PersonScore]:
        """Every group's summed score (``label`` is the group's name), unordered."""
        stats = _per_person(quiz_id)
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
        return [
            PersonScore(
                r.code, r.name, int(r.score or 0), int(r.answered), int(r.participants), r.last
            )
            for r in (await self.session.execute(stmt)).all()
        ]

    async def scores_with_commune(self, quiz_id: int) -> list[PersonScore]:
        """Every participant's totals with ``key`` = their current ward code ("" when unknown)."""
        stats = _per_person(quiz_id)
        stmt = select(stats, Subscriber.commune_code).join(
            Subscriber, Subscriber.id == stats.c.subscriber_id
        )
        return [
            PersonScore(r.commune_code or "", None, int(r.score or 0), int(r.answered), 1, r.last)
            for r in (await self.session.execute(stmt)).all()
        ]

    async def rank_of(self, quiz_id: int, subscriber_id: int) -> tuple[int, int] | None:
        """(rank, participants) of a person in the quiz; None when they have not answered."""
        stats = _per_person(quiz_id)
        mine = (
            await self.session.execute(select(stats).where(stats.c.subscriber_id == subscriber_id))
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
        ahead = await self.session.scalar(select(func.count()).select_from(stats).where(better))
        participants = await self.session.scalar(select(func.count()).select_from(stats))
        return int(ahead or 0) + 1, int(participants or 0)


def _per_person(quiz_id: int) -> Subquery:
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
