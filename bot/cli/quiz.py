"""``python -m bot campaign load-content-pack`` and ``quiz leaderboard|contest`` for operators."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from bot.knowledge_seed import seed_documents
from broadcasts.content_pack import ContentPackError, load_content_pack
from broadcasts.quiz_scores import BY_CHOICES, Row, leaderboard
from domain.catalogue import format_datetime, t
from domain.sla import VN_TZ
from storage.database import Database

COMMANDS = ("load-content-pack", "quiz")


def add_parsers(commands: Any) -> None:
    """Add ``load-content-pack`` and ``quiz …`` to the campaign CLI's sub-commands."""
    pack = commands.add_parser("load-content-pack", help="load the Kết luận 72 pack (idempotent)")
    pack.add_argument("--author", default="cli", help="author of the drafts (default: cli)")
    quiz = commands.add_parser("quiz", help="quiz leaderboards and the contest window")
    actions = quiz.add_subparsers(
        dest="quiz_command", metavar="ACTION", required=True, help="leaderboard or contest"
    )
    board = actions.add_parser("leaderboard", help="print a leaderboard")
    board.add_argument("code", help="the quiz's code, e.g. ket-luan-72")
    board.add_argument(
        "--by", choices=BY_CHOICES, default="person", help="rank people, groups or areas"
    )
    board.add_argument("--limit", type=int, default=20, help="how many rows (default: 20)")
    contest = actions.add_parser("contest", help="make the quiz a contest open in a time window")
    contest.add_argument("code", help="the quiz's code, e.g. ket-luan-72")
    contest.add_argument("--opens", required=True, help="Vietnam time, e.g. 2024-05-01T08:00")
    contest.add_argument("--closes", required=True, help="Vietnam time, e.g. 2024-05-31T17:00")


def _moment(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)


def format_table(rows: list[Row], by: str) -> str:
    """A plain-text table with Vietnamese headers."""
    name_header = t(f"qz_lb_col_{'person' if by == 'person' else by}")
    headers = [t("qz_lb_col_rank"), name_header, t("qz_lb_col_score"), t("qz_lb_col_answered")]
    if by != "person":
        headers.append(t("qz_lb_col_participants"))
    headers.append(t("qz_lb_col_completed"))
    lines = []
    for row in rows:
        cells = [str(row.rank), row.label, str(row.score), str(row.answered)]
        if by != "person":
            cells.append(str(row.participants))
        cells.append(format_datetime(row.last_answer_at) if row.last_answer_at else "")
        lines.append(cells)
    widths = [max(len(h), *(len(c[i]) for c in lines)) for i, h in enumerate(headers)]
    out = [" | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    out.append("-+-".join("-" * w for w in widths))
    out += [" | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) for cells in lines]
    return "\n".join(out)


async def run(db: Database, args: argparse.Namespace) -> int:
    """Run one of this module's commands; the exit status."""
    if args.command == "load-content-pack":
        return await _load(db, args.author)
    async with db.uow() as uow:
        quiz = await uow.quizzes.by_code(args.code)
        if quiz is None:
            print(t("qz_cli_not_found", code=args.code), file=sys.stderr)
            return 2
        if args.quiz_command == "contest":
            opens, closes = _moment(args.opens), _moment(args.closes)
            for raw, moment in ((args.opens, opens), (args.closes, closes)):
                if moment is None:
                    print(t("qz_cli_bad_time", value=raw), file=sys.stderr)
                    return 2
            assert opens is not None and closes is not None
            if closes <= opens:
                print(t("qz_cli_bad_window"), file=sys.stderr)
                return 2
            quiz.is_contest, quiz.opens_at, quiz.closes_at = True, opens, closes
            title = quiz.title
            await uow.commit()
            opens_text, closes_text = format_datetime(opens), format_datetime(closes)
            print(t("qz_cli_contest_set", title=title, opens=opens_text, closes=closes_text))
            return 0
        rows = await leaderboard(uow, quiz.id, args.by, max(args.limit, 1))
        print(t("qz_lb_title", title=quiz.title, by=t(f"qz_lb_by_{args.by}")))
        print(format_table(rows, args.by) if rows else t("qz_lb_empty"))
    return 0


async def _load(db: Database, author: str) -> int:
    await seed_documents(db)  # the letter is also the first document questions are answered from
    async with db.uow() as uow:
        try:
            result = await load_content_pack(uow, author)
        except ContentPackError as exc:
            print(t("qz_pack_invalid", error=exc), file=sys.stderr)
            return 2
        await uow.commit()
    state = t("qz_pack_quiz_created" if result.quiz_created else "qz_pack_quiz_existing")
    print(
        t(
            "qz_pack_loaded",
            title=result.title,
            created=len(result.created),
            existing=len(result.existing),
            quiz=result.quiz_code,
            questions=result.questions,
            quiz_state=state,
        )
    )
    return 0
