"""``python -m bot nlp …`` (the NLP command line) and ``python -m bot nlp-corrections``.

``nlp`` hands its arguments to ``python -m nlp`` (classify, train, evaluate). ``nlp-corrections``
writes staff category corrections as JSON Lines of ``{"text": ..., "category": ...}``, the format
``python -m bot nlp train --extra`` reads, to a file or to standard output.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.bootstrap import open_services
from bot.settings import Settings
from domain.catalogue import t
from handlers.staff.actions import corrections_from_events
from nlp import cli as nlp_cli

COMMAND = "nlp-corrections"
NLP = "nlp"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register both sub-commands (``nlp`` only for the root help: ``main`` parses it)."""
    nlp = commands.add_parser(
        NLP,
        help="classify texts, train or evaluate the NLP model (see `python -m bot nlp --help`)",
        add_help=False,
    )
    nlp.add_argument("nlp_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    export = commands.add_parser(
        COMMAND,
        help="export staff category corrections as JSON Lines for `python -m bot nlp train`",
        description="Write every category correction staff made as one JSON object per line "
        "with 'text' and 'category', the training data `python -m bot nlp train --extra` reads.",
    )
    export.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="file to write, its directory created if missing (default: standard output)",
    )


def main(argv: Sequence[str]) -> int:
    """``python -m bot nlp ARGS`` runs ``python -m nlp ARGS``."""
    return nlp_cli.main(argv, prog="python -m bot nlp")


def to_jsonl(pairs: list[tuple[str, str]]) -> str:
    """One JSON object per line, UTF-8 text kept readable."""
    return "".join(
        json.dumps({"text": text, "category": category}, ensure_ascii=False) + "\n"
        for text, category in pairs
    )


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Read every correction event and write the (text, category) pairs."""
    async with open_services(settings, telegram=False) as services, services.db.uow() as uow:
        pairs = corrections_from_events(await uow.report_queries.correction_events())
    data = to_jsonl(pairs)
    if args.output is None:
        sys.stdout.buffer.write(data.encode("utf-8"))
        sys.stdout.flush()
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(data, encoding="utf-8")
    print(t("cli_nlp_corrections_done", count=len(pairs), path=args.output), file=sys.stderr)
    return 0
