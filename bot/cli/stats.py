"""``python -m bot stats generate --kind weekly|monthly [--period-start YYYY-MM-DD]``."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from bot.bootstrap import open_services
from bot.settings import Settings
from domain.catalogue import t
from domain.delivery import Delivered
from reporting.jobs import run_periodic
from reporting.periods import KINDS, local_today, period_values, previous_period, valid_start


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``stats`` sub-command to the CLI."""
    stats = commands.add_parser("stats", help="figures and periodic reports for the leadership")
    actions = stats.add_subparsers(dest="stats_command", metavar="ACTION", required=True)
    generate = actions.add_parser(
        "generate",
        help="generate a weekly/monthly report (once per period) and send the summary",
    )
    generate.add_argument(
        "--kind",
        required=True,
        choices=KINDS,
        help="weekly (Monday to Sunday) or monthly (a calendar month)",
    )
    generate.add_argument(
        "--period-start",
        metavar="YYYY-MM-DD",
        help="Monday (weekly) or 1st of the month (monthly); default: the last complete period",
    )


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Generate the report; exit 0 when stored now or before, 2 for a bad period start."""
    start: date | None = None
    today = local_today()
    if args.period_start:
        try:
            start = date.fromisoformat(args.period_start)
        except ValueError:
            start = None
        if start is None or not valid_start(args.kind, start, today):
            print(t("stats_cli_bad_start", value=args.period_start), file=sys.stderr)
            return 2
    async with open_services(settings) as services:
        result = await run_periodic(
            services.db,
            services.delivery,
            settings.leadership_telegram_chat_id.strip() or None,
            args.kind,
            start,
        )
    values = period_values(args.kind, start or previous_period(args.kind, today))
    if result.report.created:
        print(t("stats_cli_generated", id=result.report.report_id, **values))
    else:
        print(t("stats_cli_exists", **values))
    if result.summary is not None and not isinstance(result.summary, Delivered):
        print(t("stats_cli_summary_not_sent"), file=sys.stderr)
    return 0
