"""``python -m bot campaign``: operators create, approve, send, watch, pause, cancel and export."""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import logging
import mimetypes
import sys
from pathlib import Path
from typing import Any

from bot.bootstrap import Services, open_services
from bot.cli import groups as group_cli
from bot.cli import quiz as quiz_cli
from bot.settings import Settings
from broadcasts import outbox, runner, workflow
from broadcasts.importer import run_cli as import_members_cli
from broadcasts.sender import CampaignSender, SenderConfig
from broadcasts.workflow import CampaignError
from domain.catalogue import t
from storage.database import Database

log = logging.getLogger("broadcasts")
CLI_ACTOR = "cli"
SIMPLE = {
    "approve": "approve as the operator (the author may approve their own campaign here)",
    "send": "send in the foreground until done (resumable: run it again after a crash)",
    "pause": "pause sending",
    "resume": "resume a paused campaign",
    "cancel": "cancel for good (unsent messages are never sent)",
    "resend-unknown": "send again, on purpose, the messages of the current run whose delivery is "
    "unknown (timed out or cut off: some may have arrived, so a few may get it twice)",
}
ID_HELP = "the campaign's id (printed by create)"


def build_parser() -> argparse.ArgumentParser:
    """The parser of every ``campaign`` sub-command."""
    root = argparse.ArgumentParser(
        prog="python -m bot campaign",
        description="Campaigns for operators: create, approve, send, watch, pause, cancel, "
        "export; subscriber groups and imports; the content pack and quiz leaderboards.",
    )
    commands = root.add_subparsers(dest="command", metavar="COMMAND", required=True)
    create = commands.add_parser("create", help="create a campaign and submit it for approval")
    create.add_argument("--title", required=True, help="the campaign's title (for staff)")
    create.add_argument(
        "--text-file", required=True, type=Path, help="UTF-8 file with the message text"
    )
    create.add_argument("--photo", type=Path, help="a JPEG, PNG or WebP photo sent with the text")
    create.add_argument(
        "--audience",
        default='{"all": true}',
        help='audience filter as JSON or @file.json (default: {"all": true})',
    )
    create.add_argument(
        "--parse-mode", choices=["HTML", "MarkdownV2"], help="Telegram formatting of the text"
    )
    create.add_argument(
        "--buttons", help='JSON list of buttons ({"text", "url"} or {"text", "learn_more"})'
    )
    create.add_argument("--author", default=CLI_ACTOR, help="who wrote it (default: cli)")
    for name, text in SIMPLE.items():
        commands.add_parser(name, help=text).add_argument("id", type=int, help=ID_HELP)
    status = commands.add_parser("status", help="counts of a campaign")
    status.add_argument("id", type=int, help=ID_HELP)
    status.add_argument("--json", action="store_true", help="print the counts as JSON")
    export = commands.add_parser("export", help="per-recipient results as CSV")
    export.add_argument("id", type=int, help=ID_HELP)
    export.add_argument("--output", required=True, type=Path, help="the CSV file to write")
    imp = commands.add_parser("import-subscribers", help="import members from CSV or XLSX")
    imp.add_argument("file", type=Path, help="the member list (columns: channel, chat_id, …)")
    group_cli.add_parser(commands)
    quiz_cli.add_parsers(commands)
    return root


def _load_json(value: str) -> Any:
    if value.startswith("@"):
        value = Path(value[1:]).read_text(encoding="utf-8")
    return json.loads(value)


async def _create(db: Database, args: argparse.Namespace) -> int:
    try:
        text = args.text_file.read_text(encoding="utf-8")
        photo = args.photo.read_bytes() if args.photo else None
    except OSError as exc:
        print(t("bc_cli_file_error", path=exc.filename, error=exc.strerror), file=sys.stderr)
        return 2
    try:
        audience = _load_json(args.audience)
        buttons = _load_json(args.buttons) if args.buttons else []
    except (OSError, ValueError) as exc:
        print(t("bc_cli_audience_error", error=exc), file=sys.stderr)
        return 2
    mime = mimetypes.guess_type(args.photo.name)[0] if args.photo else None
    async with db.uow() as uow:
        campaign = await workflow.create_campaign(
            uow,
            title=args.title,
            text=text,
            author=args.author,
            parse_mode=args.parse_mode,
            photo=photo,
            photo_mime=mime,
            buttons=buttons if isinstance(buttons, list) else [],
            audience_filter=audience if isinstance(audience, dict) else None,
        )
        await workflow.submit(uow, campaign.id, args.author)
        await uow.commit()
    print(t("bc_cli_created", title=campaign.title))
    print(campaign.id)
    return 0


async def _simple(db: Database, command: str, campaign_id: int) -> int:
    async with db.uow() as uow:
        if command == "approve":
            await workflow.approve(uow, campaign_id, CLI_ACTOR, allow_self=True)
            message = t("bc_cli_approved", id=campaign_id)
        elif command == "pause":
            await workflow.pause(uow, campaign_id, CLI_ACTOR)
            message = t("bc_cli_paused", id=campaign_id)
        elif command == "resume":
            resumed = await workflow.resume(uow, campaign_id, CLI_ACTOR)
            message = workflow.status_label(resumed.status)
        else:
            await workflow.cancel(uow, campaign_id, CLI_ACTOR)
            message = t("bc_cli_cancelled", id=campaign_id)
        await uow.commit()
    print(message)
    return 0


async def _status(db: Database, campaign_id: int, as_json: bool) -> int:
    async with db.uow() as uow:
        campaign = await workflow.get_campaign(uow, campaign_id)
        title, status = campaign.title, campaign.status
        figures = await workflow.progress(uow, campaign_id)
    data = {
        "id": campaign_id,
        "title": title,
        "status": status,
        "total": figures.total,
        "sent": figures.sent,
        "blocked": figures.blocked,
        "failed": figures.failed,
        "unknown": figures.unknown,
        "failed_reasons": figures.failed_reasons,
        "pending": figures.pending,
        "sending": figures.sending,
        "clicks": figures.clicks,
        "quiz_answers": figures.quiz_answers,
    }
    if as_json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(t("bc_cli_status", **{**data, "status": workflow.status_label(status)}))
        if figures.unknown:
            print(t("bc_cli_status_unknown", id=campaign_id, unknown=figures.unknown))
    return 0


async def _send(services: Services, campaign_id: int) -> int:
    if services.telegram is None:
        print(t("bc_cli_no_token"), file=sys.stderr)
        return 2
    db = services.db
    await runner.begin(db, campaign_id, CLI_ACTOR)
    from tqdm import tqdm

    async with db.uow() as uow:
        before = await workflow.progress(uow, campaign_id)
    bar = tqdm(desc=t("bc_cli_progress"), unit="tin", initial=before.finished, file=sys.stderr)
    sender = CampaignSender(
        db, services.delivery, SenderConfig(), on_progress=lambda _: bar.update(1)
    )
    async with runner.run_lock(db, campaign_id) as exclusive:
        run = await runner.active_run(db, campaign_id)
        if not await outbox.is_materialised(db, campaign_id, run):
            await outbox.materialise(db, campaign_id, run)
        async with db.uow() as uow:
            bar.total = (await workflow.progress(uow, campaign_id, run=run)).total
        finished = await runner.send_run(
            db, sender, campaign_id, exclusive=exclusive, actor=CLI_ACTOR
        )
    bar.close()
    async with db.uow() as uow:
        figures = await workflow.progress(uow, campaign_id)
        status = (await workflow.get_campaign(uow, campaign_id)).status
    if finished:
        print(
            t(
                "bc_cli_done",
                id=campaign_id,
                sent=figures.sent,
                blocked=figures.blocked,
                failed=figures.failed,
            )
        )
        if figures.unknown:
            print(t("bc_cli_done_unknown", id=campaign_id, unknown=figures.unknown))
        return 0
    print(t("bc_cli_stopped", id=campaign_id, status=workflow.status_label(status)))
    return 1


async def _resend_unknown(services: Services, campaign_id: int) -> int:
    if services.telegram is None:
        print(t("bc_cli_no_token"), file=sys.stderr)
        return 2
    db = services.db
    sender = CampaignSender(db, services.delivery, SenderConfig())
    async with runner.run_lock(db, campaign_id) as exclusive:
        count = await runner.resend_unknown(
            db, sender, campaign_id, exclusive=exclusive, actor=CLI_ACTOR
        )
    if not count:
        print(t("bc_cli_resend_none", id=campaign_id))
        return 0
    async with db.uow() as uow:
        figures = await workflow.progress(uow, campaign_id)
    print(
        t(
            "bc_cli_resend_done",
            id=campaign_id,
            count=count,
            sent=figures.sent,
            blocked=figures.blocked,
            failed=figures.failed,
            unknown=figures.unknown,
        )
    )
    return 0


async def _export(db: Database, campaign_id: int, output: Path) -> int:
    rows = 0
    with output.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["run", "channel", "chat_id", "status", "attempts", "sent_at", "error"])
        async with db.uow() as uow:
            async for row in uow.campaigns.export_rows(campaign_id):
                out.writerow(["" if v is None else v for v in row])
                rows += 1
    print(t("bc_cli_exported", rows=rows, path=output))
    return 0


def _needs_telegram(settings: Settings, args: argparse.Namespace) -> bool:
    """Only sending, and group links without a configured bot username, talk to Telegram."""
    if args.command in ("send", "resend-unknown"):
        return True
    return args.command == "group" and not settings.telegram_bot_username


async def _dispatch(services: Services, args: argparse.Namespace) -> int:
    db = services.db
    if args.command == "create":
        return await _create(db, args)
    if args.command == "send":
        return await _send(services, args.id)
    if args.command == "resend-unknown":
        return await _resend_unknown(services, args.id)
    if args.command in ("approve", "pause", "resume", "cancel"):
        return await _simple(db, args.command, args.id)
    if args.command == "status":
        return await _status(db, args.id, args.json)
    if args.command == "export":
        return await _export(db, args.id, args.output)
    if args.command in quiz_cli.COMMANDS:
        return await quiz_cli.run(db, args)
    if args.command == "group":
        return await group_cli.run_group(db, group_cli.bot_username(services), args)
    return await import_members_cli(db, args.file)


async def run_command(settings: Settings, args: argparse.Namespace) -> int:
    """Run one parsed command on the service's bootstrap; the exit status."""
    async with open_services(settings, telegram=_needs_telegram(settings, args)) as services:
        try:
            return await _dispatch(services, args)
        except CampaignError as exc:
            log.warning("campaign command %s refused: %s", args.command, exc.key)
            print(t(exc.key, **exc.values), file=sys.stderr)
            return 2


def main(settings: Settings, argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the command; the exit status."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    return asyncio.run(run_command(settings, args))
