"""The passage index of question answering: built once per process, rebuilt when documents change.

Every question first asks storage for the knowledge version (two aggregate queries); only when
it differs from the cached one are the passages and FAQ read again and the index rebuilt.
"""

from __future__ import annotations

import asyncio

from nlp.qa import FaqEntry, Passage, QaIndex
from storage.uow import UnitOfWork

_cache: dict[tuple[object, ...], QaIndex] = {}
_lock = asyncio.Lock()


async def build_index(uow: UnitOfWork) -> QaIndex:
    """A fresh index over every stored passage and FAQ entry."""
    titles = {d.id: d.title for d in await uow.knowledge.documents()}
    passages = [
        Passage(p.id, p.document_id, titles.get(p.document_id, ""), p.section, p.position, p.text)
        for p in await uow.knowledge.passages()
    ]
    faq = [
        FaqEntry(e.id, tuple(str(q) for q in e.questions), e.answer, e.source)
        for e in await uow.knowledge.faq_entries()
    ]
    return QaIndex(passages, faq)


async def current_index(uow: UnitOfWork) -> QaIndex:
    """The index for the stored documents as they are now."""
    version = await uow.knowledge.version()
    index = _cache.get(version)
    if index is not None:
        return index
    async with _lock:
        index = _cache.get(version)
        if index is None:
            index = await build_index(uow)
            _cache.clear()  # one version at a time: the old index is garbage now
            _cache[version] = index
    return index
