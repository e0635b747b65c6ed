"""Command line of the service: run it, migrate the database, operate on reports."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.logs import configure_logging
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.bootstrap import Services

# Each command's module is imported when that command runs: `run` starts without the others.


def _root() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction[argparse.ArgumentParser]]:
    root = argparse.ArgumentParser(
        prog="python -m bot",
        description="Citizen report bot of the MTTQ and Youth Union (Telegram + web chat).",
    )
    commands = root.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser("run", help="run the service (default): web chat, health, Telegram")
    run.add_argument("--host", help="listen address (default HTTP_HOST or 127.0.0.1)")
    run.add_argument("--port", type=int, help="listen port (default HTTP_PORT or 8080)")
    run.add_argument(
        "--workers",
        type=int,
        default=1,
        help="number of processes sharing the port (more than 1 needs PostgreSQL; default 1)",
    )
    return root, commands


def parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    from bot.cli import docs as cli_docs
    from bot.cli import nlp as cli_nlp
    from bot.cli import open311 as cli_open311
    from bot.cli import staff as staff_cli
    from bot.cli import stats as cli_stats
    from bot.cli.staff_link import extend_staff_parser
    from domain.statuses import ReportStatus

    root, commands = _root()
    commands.add_parser("migrate", help="apply database migrations and exit")
    report = commands.add_parser("report", help="operate on reports")
    report_commands = report.add_subparsers(dest="report_command", metavar="ACTION", required=True)
    set_status = report_commands.add_parser(
        "set-status", help="change a report's status and notify the citizen"
    )
    set_status.add_argument("code", help="tracking code, e.g. PA-7K2M9QX")
    set_status.add_argument(
        "status",
        choices=[s.value for s in ReportStatus],
        metavar="STATUS",
        help="one of: " + ", ".join(s.value for s in ReportStatus),
    )
    set_status.add_argument("--note", help="public note sent to the citizen")
    set_status.add_argument("--internal-note", help="note for staff only")
    set_status.add_argument("--actor", default="cli", help="who made the change (audit)")
    staff_cli.add_parser(commands)
    extend_staff_parser(commands)
    cli_stats.add_parser(commands)
    cli_open311.add_parser(commands)
    cli_nlp.add_parser(commands)
    cli_docs.add_parser(commands)
    campaign = commands.add_parser(
        "campaign",
        help="campaigns, groups and quizzes (see `python -m bot campaign --help`)",
        add_help=False,
    )
    campaign.add_argument("campaign_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] == "run" and not {"-h", "--help"} & set(argv)):
        return _run(_root()[0].parse_args(argv))  # only what the service needs is imported
    if argv[:1] == ["campaign"]:
        from bot.cli import campaigns as campaigns_cli

        # its own parser, so `campaign --help` shows its commands
        return campaigns_cli.main(Settings(), argv[1:])
    from bot.cli import docs as cli_docs
    from bot.cli import nlp as cli_nlp
    from bot.cli import open311 as cli_open311
    from bot.cli import staff as staff_cli
    from bot.cli import stats as cli_stats
    from bot.cli.staff_link import LINK_ACTION, run_link

    if argv[:1] == [cli_nlp.NLP]:  # likewise, so `nlp --help` shows the NLP commands
        return cli_nlp.main(argv[1:])
    args = parser().parse_args(argv)
    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    if args.command == "migrate":
        asyncio.run(_migrate(settings))
        return 0
    if args.command == "report":
        return asyncio.run(_set_status(settings, args))
    if args.command == "staff" and args.staff_command == LINK_ACTION:
        return asyncio.run(run_link(settings.database_url, args))
    if args.command == "staff":
        return asyncio.run(staff_cli.run(settings.database_url, args))
    if args.command == "stats":
        return asyncio.run(cli_stats.run(settings, args))
    if args.command == "open311":
        return asyncio.run(cli_open311.run(settings.database_url, args))
    if args.command in cli_docs.COMMANDS:
        return asyncio.run(cli_docs.run(settings, args))
    if args.command == cli_nlp.COMMAND:
        return asyncio.run(cli_nlp.run(settings, args))
    return _run(args, settings)


def _run(args: argparse.Namespace, settings: Settings | None = None) -> int:
    from bot.cli.serve import serve

    if settings is None:
        settings = Settings()
        configure_logging(settings.log_level, settings.log_format)
    host = getattr(args, "host", None) or settings.http_host
    port = getattr(args, "port", None) or settings.http_port
    return serve(settings, host, port, max(1, getattr(args, "workers", 1) or 1))


async def _migrate(settings: Settings) -> None:
    from storage.database import open_database

    db = await open_database(settings.database_url)
    await db.dispose()


async def _set_status(settings: Settings, args: argparse.Namespace) -> int:
    from bot.bootstrap import open_services
    from domain.tracking import parse_tracking_code

    code = parse_tracking_code(args.code)
    async with open_services(settings) as services:
        return await _change_status(services, args, code)


async def _change_status(services: Services, args: argparse.Namespace, code: str | None) -> int:
    from domain.catalogue import status_label, t
    from domain.roles import Role, StaffActor
    from domain.statuses import InvalidTransition, ReportStatus
    from handlers.staff.actions import ActionError, StaffActions

    try:
        actor = StaffActor(
            id=0, username=args.actor, full_name=None, role=Role.ADMIN, communes=(), ip=None
        )
        result = await StaffActions(services.db, services.delivery).set_status(
            actor,
            code or args.code,
            ReportStatus(args.status),
            public_note=args.note,
            internal_note=args.internal_note,
        )
    except ActionError:
        print(t("cli_report_not_found", code=args.code), file=sys.stderr)
        return 1
    except InvalidTransition as exc:
        print(
            t(
                "cli_invalid_transition",
                current=status_label(exc.current),
                target=status_label(exc.target),
            ),
            file=sys.stderr,
        )
        return 2
    print(t("cli_status_changed", code=result.code, status=status_label(args.status)))
    if not result.notified:
        print(t("cli_notify_failed", error=result.error), file=sys.stderr)
        return 3
    return 0
