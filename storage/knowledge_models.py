"""Tables of question answering: documents, their passages, the staff FAQ, forwarded questions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, utcnow

QUESTION_OPEN = "open"
QUESTION_ANSWERED = "answered"


class KnowledgeDocument(Base):
    """An official document staff loaded; its text is kept as extracted."""

    __tablename__ = "knowledge_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300), unique=True)
    filename: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    passage_count: Mapped[int] = mapped_column(Integer, default=0)
    added_by: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class KnowledgePassage(Base):
    """One passage of a document, with its section label and position."""

    __tablename__ = "knowledge_passages"
    __table_args__ = (Index("ix_knowledge_passages_document", "document_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_documents.id", ondelete="CASCADE")
    )
    section: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class FaqEntryRow(Base):
    """A staff-curated answer and the question wordings it answers."""

    __tablename__ = "knowledge_faq"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    questions: Mapped[list[Any]]
    answer: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300), default="")
    added_by: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ForwardedQuestion(Base):
    """A question the bot could not answer, sent on to staff by the citizen."""

    __tablename__ = "knowledge_questions"
    __table_args__ = (Index("ix_knowledge_questions_status", "status", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default=QUESTION_OPEN)
    answer: Mapped[str | None] = mapped_column(Text, default=None)
    answered_by: Mapped[str | None] = mapped_column(String(120), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
