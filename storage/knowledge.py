"""Documents, passages, the FAQ and forwarded questions of question answering."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, func, select

from storage.base import Repository
from storage.knowledge_models import (
    QUESTION_ANSWERED,
    QUESTION_OPEN,
    FaqEntryRow,
    ForwardedQuestion,
    KnowledgeDocument,
    KnowledgePassage,
)
from storage.models import utcnow


class KnowledgeRepository(Repository):
    """``uow.knowledge``: what question answering reads and what staff curate."""

    async def add_document(
        self,
        *,
        title: str,
        filename: str,
        text: str,
        passages: Iterable[tuple[str, int, str]],
        added_by: str = "",
    ) -> KnowledgeDocument:
        """Store a document and its passages (section, position, text)."""
        rows = [
            KnowledgePassage(section=section[:300], position=position, text=body)
            for section, position, body in passages
        ]
        document = KnowledgeDocument(
            title=title[:300],
            filename=filename[:300],
            text=text,
            passage_count=len(rows),
            added_by=added_by[:120],
        )
        self.session.add(document)
        await self.session.flush()
        for row in rows:
            row.document_id = document.id
        self.session.add_all(rows)
        await self.session.flush()
        return document

    async def document(self, document_id: int) -> KnowledgeDocument | None:
        """One document by id."""
        return await self.session.get(KnowledgeDocument, document_id)

    async def document_by_title(self, title: str) -> KnowledgeDocument | None:
        """The document with exactly this title."""
        found = await self.session.execute(
            select(KnowledgeDocument).where(KnowledgeDocument.title == title)
        )
        return found.scalar_one_or_none()

    async def documents(self) -> list[KnowledgeDocument]:
        """Every document, oldest first."""
        found = await self.session.execute(select(KnowledgeDocument).order_by(KnowledgeDocument.id))
        return list(found.scalars())

    async def delete_document(self, document_id: int) -> bool:
        """Remove a document and its passages; False when there was none."""
        await self.session.execute(
            delete(KnowledgePassage).where(KnowledgePassage.document_id == document_id)
        )
        done = await self.session.execute(
            delete(KnowledgeDocument).where(KnowledgeDocument.id == document_id)
        )
        return bool(getattr(done, "rowcount", 0))

    async def passages(self, document_id: int | None = None) -> list[KnowledgePassage]:
        """The passages of one document or of all, in document order."""
        query = select(KnowledgePassage).order_by(
            KnowledgePassage.document_id, KnowledgePassage.position
        )
        if document_id is not None:
            query = query.where(KnowledgePassage.document_id == document_id)
        return list((await self.session.execute(query)).scalars())

    async def version(self) -> tuple[object, ...]:
        """Changes whenever a document or a FAQ entry is added or removed (a cheap check)."""
        docs = await self.session.execute(
            select(
                func.count(KnowledgeDocument.id),
                func.max(KnowledgeDocument.id),
                func.max(KnowledgeDocument.created_at),
            )
        )
        faq = await self.session.execute(
            select(
                func.count(FaqEntryRow.id),
                func.max(FaqEntryRow.id),
                func.max(FaqEntryRow.created_at),
            )
        )
        return (*docs.one(), *faq.one())

    async def faq_entries(self) -> list[FaqEntryRow]:
        """Every FAQ entry, oldest first."""
        found = await self.session.execute(select(FaqEntryRow).order_by(FaqEntryRow.id))
        return list(found.scalars())

    async def add_faq(
        self, *, questions: Sequence[str], answer: str, source: str = "", added_by: str = ""
    ) -> FaqEntryRow:
        """A new FAQ entry."""
        entry = FaqEntryRow(
            questions=[q.strip() for q in questions if q.strip()],
            answer=answer.strip(),
            source=source.strip()[:300],
            added_by=added_by[:120],
        )
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def delete_faq(self, entry_id: int) -> bool:
        """Remove a FAQ entry; False when there was none."""
        done = await self.session.execute(delete(FaqEntryRow).where(FaqEntryRow.id == entry_id))
        return bool(getattr(done, "rowcount", 0))

    async def forward(self, *, question: str, channel: str, chat_id: str) -> ForwardedQuestion:
        """Record a question the citizen sends on to staff."""
        row = ForwardedQuestion(question=question, channel=channel, chat_id=chat_id)
        self.session.add(row)
        await self.session.flush()
        return row

    async def question(self, question_id: int) -> ForwardedQuestion | None:
        """One forwarded question."""
        return await self.session.get(ForwardedQuestion, question_id)

    async def questions(self, status: str | None = QUESTION_OPEN) -> list[ForwardedQuestion]:
        """Forwarded questions with this status (all when None), oldest first."""
        query = select(ForwardedQuestion).order_by(
            ForwardedQuestion.created_at, ForwardedQuestion.id
        )
        if status is not None:
            query = query.where(ForwardedQuestion.status == status)
        return list((await self.session.execute(query)).scalars())

    async def record_answer(
        self, question_id: int, *, answer: str, by: str, at: datetime | None = None
    ) -> ForwardedQuestion | None:
        """Mark a forwarded question answered by a staff member."""
        row = await self.question(question_id)
        if row is None:
            return None
        row.answer, row.answered_by = answer, by[:120]
        row.status, row.answered_at = QUESTION_ANSWERED, at or utcnow()
        await self.session.flush()
        return row
