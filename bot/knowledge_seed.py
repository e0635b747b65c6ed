"""The seed letter 2987-CV/TU as the first document of question answering."""

from __future__ import annotations

import logging

from broadcasts.content_pack import CONTENT_DIR
from handlers.citizen.qa_documents import ensure_seed_document
from storage.database import Database
from storage.errors import IntegrityError

SEED_LETTER = CONTENT_DIR / "cong_van_2987_CV_TU.md"  # the same text as docs/sources/2987-CV-TU.txt

log = logging.getLogger(__name__)


async def seed_documents(db: Database) -> bool:
    """Load the seed letter unless it is there already; True when it was loaded now."""
    try:
        async with db.uow() as uow:
            document = await ensure_seed_document(uow, SEED_LETTER)
            if document is None:
                return False
            await uow.commit()
    except IntegrityError:  # another worker process loaded it at the same moment
        return False
    log.info("loaded the seed letter for question answering: %s passages", document.passage_count)
    return True
