"""``python -m bot docs add FILE --title …``, ``docs list`` and ``python -m bot ask "câu hỏi"``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.knowledge_seed import seed_documents
from bot.settings import Settings
from domain.catalogue import t
from handlers.citizen.qa_documents import UnsupportedDocument, add_document
from handlers.citizen.qa_index import current_index
from nlp.qa import answer_question
from nlp.qa.extract import SUPPORTED_SUFFIXES
from nlp.qa.reply import format_answer
from storage.database import Database, open_database

DOCS = "docs"
ASK = "ask"
COMMANDS = (DOCS, ASK)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``docs`` and ``ask`` to the CLI."""
    docs = commands.add_parser(
        DOCS,
        help="documents that questions are answered from",
        description="Load official documents for question answering and list them.",
    )
    actions = docs.add_subparsers(
        dest="docs_command", metavar="ACTION", required=True, help="add or list"
    )
    add = actions.add_parser(
        "add",
        help="load a document (Markdown, text, DOCX or PDF)",
        description="Extract the text of FILE, split it along its numbered points and "
        "paragraphs and store the passages; a document with the same title is not loaded twice.",
    )
    add.add_argument("file", type=Path, help="the file: " + ", ".join(SUPPORTED_SUFFIXES))
    add.add_argument("--title", required=True, help="the document's name, cited in answers")
    add.add_argument("--actor", default="cli", help="who loaded it (kept with the document)")
    actions.add_parser(
        "list", help="list the documents and their passage counts", description="List documents."
    )
    ask = commands.add_parser(
        ASK,
        help="answer a question as the bot would",
        description="Print the answer exactly as the bot sends it: the quote, then its source on "
        "the last line, or that the documents have no answer.",
    )
    ask.add_argument("question", help="the question, in Vietnamese, with or without diacritics")


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Run ``docs …`` or ``ask``; the exit status."""
    db = await open_database(settings.database_url)
    try:
        await seed_documents(db)
        if args.command == ASK:
            async with db.uow() as uow:
                index = await current_index(uow)
            print(format_answer(answer_question(index, args.question)))
            return 0
        if args.docs_command == "list":
            return await _list(db)
        return await _add(db, args)
    finally:
        await db.dispose()


async def _list(db: Database) -> int:
    async with db.uow() as uow:
        rows = [(d.id, d.passage_count, d.title) for d in await uow.knowledge.documents()]
    if not rows:
        print(t("kn_cli_empty"))
    for number, passages, title in rows:
        print(f"#{number}\t{passages}\t{title}")
    return 0


async def _add(db: Database, args: argparse.Namespace) -> int:
    title = args.title.strip()
    async with db.uow() as uow:
        existing = await uow.knowledge.document_by_title(title)
        if existing is not None:
            print(t("kn_cli_exists", title=title, id=existing.id))
            return 0
        try:
            data = args.file.read_bytes()
            document = await add_document(
                uow, title=title, filename=args.file.name, data=data, added_by=args.actor
            )
        except (OSError, UnsupportedDocument) as exc:
            print(t("kn_upload_failed", reason=exc), file=sys.stderr)
            return 2
        await uow.commit()
        print(t("kn_cli_added", id=document.id, title=title, count=document.passage_count))
    return 0
