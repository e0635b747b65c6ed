"""Loading a document for question answering: extract its text, split it, store the passages."""

from __future__ import annotations

from pathlib import Path

from nlp.qa.extract import UnsupportedDocument, extract_text
from nlp.qa.passages import split_passages
from storage.knowledge_models import KnowledgeDocument
from storage.uow import UnitOfWork

SEED_TITLE = "Công văn số 2987-CV/TU ngày 11/4/2024 của Tỉnh ủy Bắc Giang"

__all__ = ["SEED_TITLE", "UnsupportedDocument", "add_document", "ensure_seed_document"]


async def add_document(
    uow: UnitOfWork, *, title: str, filename: str, data: bytes, added_by: str = ""
) -> KnowledgeDocument:
    """Store the document's passages (the caller commits); raises UnsupportedDocument."""
    text = extract_text(data, filename)
    passages = split_passages(text)
    if not passages:
        raise UnsupportedDocument("the document has no text")
    return await uow.knowledge.add_document(
        title=title.strip(),
        filename=Path(filename).name,
        text=text,
        passages=[(p.section, p.position, p.text) for p in passages],
        added_by=added_by,
    )


async def ensure_seed_document(
    uow: UnitOfWork, path: Path, title: str = SEED_TITLE
) -> KnowledgeDocument | None:
    """Load the seed letter when it is not there yet; None when it already was (caller commits)."""
    if await uow.knowledge.document_by_title(title) is not None:
        return None
    return await add_document(
        uow, title=title, filename=path.name, data=path.read_bytes(), added_by="seed"
    )
