"""Tables of dissemination campaigns: subscribers, groups, audiences, campaigns, outbox, quizzes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, utcnow

BigId = BigInteger().with_variant(Integer, "sqlite")


class Subscriber(Base):
    """Someone who receives campaigns on one channel (subscribed, imported or invited)."""

    __tablename__ = "subscribers"
    __table_args__ = (UniqueConstraint("channel", "chat_id", name="uq_subscriber_chat"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(200))
    commune_code: Mapped[str | None] = mapped_column(String(16), index=True)  # current ward
    commune_text: Mapped[str | None] = mapped_column(String(200))  # as given (old or new name)
    topics: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(20), default="active")  # active/unsubscribed/blocked
    source: Mapped[str] = mapped_column(String(20), default="dangky")  # dangky/import/invite
    consented_at: Mapped[datetime | None]
    blocked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SubscriberGroup(Base):
    """A union or association group (chi đoàn, chi hội…), joinable by an invitation link."""

    __tablename__ = "subscriber_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    invite_token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class GroupMember(Base):
    """Membership of a subscriber in a group."""

    __tablename__ = "subscriber_group_members"

    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id"), primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("subscriber_groups.id"), primary_key=True, index=True
    )
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)


class Audience(Base):
    """A saved filter: all, areas (current or legacy), groups, topics, or a combination."""

    __tablename__ = "audiences"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    filter: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Quiz(Base):
    """A quiz or contest ("Cuộc thi tìm hiểu Kết luận 72")."""

    __tablename__ = "quizzes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    is_contest: Mapped[bool] = mapped_column(Boolean, default=False)
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class QuizQuestion(Base):
    """One multiple-choice question."""

    __tablename__ = "quiz_questions"
    __table_args__ = (UniqueConstraint("quiz_id", "position", name="uq_quiz_question_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    options: Mapped[list[Any]] = mapped_column(default=list)
    correct_index: Mapped[int] = mapped_column(Integer)
    explanation: Mapped[str | None] = mapped_column(Text)


class QuizAnswer(Base):
    """A subscriber's answer; one per question and person (the first counts)."""

    __tablename__ = "quiz_answers"
    __table_args__ = (UniqueConstraint("question_id", "subscriber_id", name="uq_quiz_answer_once"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("quiz_questions.id"))
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id"), index=True)
    option_index: Mapped[int] = mapped_column(Integer)
    correct: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class QuizPoll(Base):
    """A Telegram quiz poll sent for a question, to map poll answers back."""

    __tablename__ = "quiz_polls"

    poll_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("quiz_questions.id"))
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))


class Campaign(Base):
    """A broadcast: content, audience, workflow state and schedule."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    parse_mode: Mapped[str | None] = mapped_column(String(20))  # HTML / MarkdownV2 / None
    photo: Mapped[bytes | None] = mapped_column(LargeBinary)
    photo_mime: Mapped[str | None] = mapped_column(String(60))
    buttons: Mapped[list[Any]] = mapped_column(default=list)  # [{text, url} | {text, learn_more}]
    audience_id: Mapped[int | None] = mapped_column(ForeignKey("audiences.id"))
    audience_filter: Mapped[dict[str, Any]] = mapped_column(default=dict)  # snapshot at approval
    quiz_id: Mapped[int | None] = mapped_column(ForeignKey("quizzes.id"))
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    author: Mapped[str] = mapped_column(String(64))
    approver: Mapped[str | None] = mapped_column(String(64))
    schedule_kind: Mapped[str] = mapped_column(String(10), default="now")  # now / at / cron
    scheduled_at: Mapped[datetime | None]
    cron: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class CampaignEvent(Base):
    """Who did what to a campaign and when (submit, approve, schedule, pause…)."""

    __tablename__ = "campaign_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)


class OutboxMessage(Base):
    """One recipient of one campaign run: unique, claimed by one sender at a time."""

    __tablename__ = "broadcast_outbox"
    __table_args__ = (
        UniqueConstraint("campaign_id", "run", "subscriber_id", name="uq_outbox_recipient"),
        Index("ix_outbox_claim", "campaign_id", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    run: Mapped[int] = mapped_column(Integer, default=1)  # recurring campaigns send run 1, 2, …
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id"))
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    # pending / sending / sent / blocked / failed / unknown (the call's outcome was not learned)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Messages of this recipient's campaign already delivered (a photo before a long text): a
    # restart resumes at the first step not yet sent.
    step: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    message_id: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)


class CampaignClick(Base):
    """A press on a campaign's "Tìm hiểu thêm" button."""

    __tablename__ = "campaign_clicks"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    subscriber_id: Mapped[int | None] = mapped_column(ForeignKey("subscribers.id"))
    button: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class SendRateBudget(Base):
    """The send rate of one bot token shared by every process (PostgreSQL): the last slot given
    out and the pause a 429 asked for, both as wall-clock seconds."""

    __tablename__ = "send_rate_budgets"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_slot: Mapped[float] = mapped_column(Float, default=0.0)
    paused_until: Mapped[float] = mapped_column(Float, default=0.0)
