"""``python -m bot nlp-corrections``: staff category corrections as NLP training data.

Writes JSON Lines of ``{"text": ..., "category": ...}``, the format ``python -m nlp train --extra``
reads, to a file or to standard output.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from domain.catalogue import t
from handlers.staff.actions import corrections_from_events
from storage.database import create_engine, session_factory
from storage.migrate import upgrade_to_head
from storage.report_queries import correction_events

COMMAND = "nlp-corrections"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the sub-command."""
    export = commands.add_parser(
        COMMAND, help="export staff category corrections as JSON Lines for `python -m nlp train`"
    )
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")


def to_jsonl(pairs: list[tuple[str, str]]) -> str:
    """One JSON object per line, UTF-8 text kept readable."""
    return "".join(
        json.dumps({"text": text, "category": category}, ensure_ascii=False) + "\n"
        for text, category in pairs
    )


async def run(database_url: str, args: argparse.Namespace) -> int:
    """Read every correction event and write the (text, category) pairs."""
    engine = create_engine(database_url)
    try:
        await upgrade_to_head(engine)
        async with session_factory(engine)() as session:
            pairs = corrections_from_events(await correction_events(session))
    finally:
        await engine.dispose()
    data = to_jsonl(pairs)
    if args.output is None:
        sys.stdout.buffer.write(data.encode("utf-8"))
        sys.stdout.flush()
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(data, encoding="utf-8")
    print(t("cli_nlp_corrections_done", count=len(pairs), path=args.output), file=sys.stderr)
    return 0
