"""``python -m bot stats generate --kind weekly|monthly [--period-start YYYY-MM-DD]``."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime, timedelta

from bot.bootstrap import open_services
from bot.settings import Settings
from domain.catalogue import t
from domain.sla import VN_TZ
from reporting.jobs import run_periodic
from reporting.periodic import (
    KINDS,
    kind_label,
    period_end,
    previous_period,
    valid_start,
)
from reporting.tables import day


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``stats`` sub-command to the CLI."""
    stats = commands.add_parser("stats", help="figures and periodic reports for the leadership")
    actions = stats.add_subparsers(dest="stats_command", metavar="ACTION", required=True)
    generate = actions.add_parser(
        "generate",
        help="generate a weekly/monthly report (once per period) and send the summary",
    )
    generate.add_argument("--kind", required=True, choices=KINDS)
    generate.add_argument(
        "--period-start",
        help="Monday (weekly) or 1st of the month (monthly); default: the last complete period",
    )


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Generate the report; exit 0 when stored now or before, 2 for a bad period start."""
    start: date | None = None
    today = datetime.now(UTC).astimezone(VN_TZ).date()
    if args.period_start:
        try:
            start = date.fromisoformat(args.period_start)
        except ValueError:
            start = None
        if start is None or not valid_start(args.kind, start, today):
            print(t("stats_cli_bad_start", value=args.period_start), file=sys.stderr)
            return 2
    async with open_services(settings) as services:
        outcome = await run_periodic(
            services.db.sessions,
            services.delivery,
            settings.leadership_telegram_chat_id.strip() or None,
            args.kind,
            start,
        )
    first = start or previous_period(args.kind, today)
    values = {
        "kind": kind_label(args.kind),
        "start": day(first),
        "end": day(period_end(args.kind, first) - timedelta(days=1)),
    }
    if outcome.created:
        print(t("stats_cli_generated", id=outcome.report_id, **values))
    else:
        print(t("stats_cli_exists", **values))
    return 0
