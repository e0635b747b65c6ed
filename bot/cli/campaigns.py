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
from typing import Any, Protocol

from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.cli import groups as group_cli
from bot.cli import quiz as quiz_cli
from broadcasts import runner, workflow
from broadcasts.botapi import BotApi
from broadcasts.sender import CampaignSender, SenderConfig, quiz_hook
from broadcasts.workflow import CampaignError
from domain.catalogue import t
from storage.broadcast_models import OutboxMessage
from storage.database import create_engine, session_factory
from storage.migrate import upgrade_to_head
from storage.uow import UnitOfWork

log = logging.getLogger("broadcasts")
CLI_ACTOR = "cli"


class BroadcastSettings(Protocol):
    """The part of the service's settings the broadcast commands use."""

    database_url: str
    telegram_bot_token: SecretStr | None
    telegram_api_base_url: str
    broadcast_rate_per_second: float
    telegram_bot_username: str | None


def build_parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m bot campaign", description=__doc__)
    commands = root.add_subparsers(dest="command", metavar="COMMAND", required=True)
    create = commands.add_parser("create", help="create a campaign and submit it for approval")
    create.add_argument("--title", required=True)
    create.add_argument("--text-file", required=True, type=Path)
    create.add_argument("--photo", type=Path)
    create.add_argument("--audience", default='{"all": true}', help="filter JSON or @file.json")
    create.add_argument("--parse-mode", choices=["HTML", "MarkdownV2"])
    create.add_argument("--buttons", help="JSON list of buttons or @file.json")
    create.add_argument("--author", default=CLI_ACTOR)
    for name, text in (
        ("approve", "approve as the operator"),
        ("send", "send in the foreground until done (resumable)"),
        ("pause", "pause sending"),
        ("resume", "resume a paused campaign"),
        ("cancel", "cancel for good"),
    ):
        commands.add_parser(name, help=text).add_argument("id", type=int)
    status = commands.add_parser("status", help="counts of a campaign")
    status.add_argument("id", type=int)
    status.add_argument("--json", action="store_true")
    export = commands.add_parser("export", help="per-recipient results as CSV")
    export.add_argument("id", type=int)
    export.add_argument("--output", required=True, type=Path)
    imp = commands.add_parser("import-subscribers", help="import members from CSV or XLSX")
    imp.add_argument("file", type=Path)
    imp.add_argument("extra", nargs=argparse.REMAINDER)
    group_cli.add_parser(commands)
    quiz_cli.add_parsers(commands)
    return root


def _load_json(value: str) -> Any:
    if value.startswith("@"):
        value = Path(value[1:]).read_text(encoding="utf-8")
    return json.loads(value)


async def _create(sessions: async_sessionmaker[AsyncSession], args: argparse.Namespace) -> int:
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
    async with UnitOfWork(sessions) as uow:
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


async def _simple(
    sessions: async_sessionmaker[AsyncSession], command: str, campaign_id: int
) -> int:
    async with UnitOfWork(sessions) as uow:
        if command == "approve":
            await workflow.approve(uow, campaign_id, CLI_ACTOR, allow_self=True)
            message = t("bc_cli_approved", id=campaign_id)
        elif command == "pause":
            await workflow.pause(uow, campaign_id, CLI_ACTOR)
            message = t("bc_cli_paused", id=campaign_id)
        elif command == "resume":
            message = workflow.status_label(
                (await workflow.resume(uow, campaign_id, CLI_ACTOR)).status
            )
        else:
            await workflow.cancel(uow, campaign_id, CLI_ACTOR)
            message = t("bc_cli_cancelled", id=campaign_id)
        await uow.commit()
    print(message)
    return 0


async def _status(
    sessions: async_sessionmaker[AsyncSession], campaign_id: int, as_json: bool
) -> int:
    async with UnitOfWork(sessions) as uow:
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
    return 0


async def _send(
    settings: BroadcastSettings,
    sessions: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
    campaign_id: int,
) -> int:
    if settings.telegram_bot_token is None:
        print(t("bc_cli_no_token"), file=sys.stderr)
        return 2
    await runner.begin(sessions, campaign_id, CLI_ACTOR)
    from tqdm import tqdm

    async with UnitOfWork(sessions) as uow:
        before = await workflow.progress(uow, campaign_id)
    bar = tqdm(desc=t("bc_cli_progress"), unit="tin", initial=before.finished, file=sys.stderr)
    token = settings.telegram_bot_token.get_secret_value()
    config = SenderConfig(rate=settings.broadcast_rate_per_second)
    async with BotApi(settings.telegram_api_base_url, token) as api:
        sender = CampaignSender(
            engine, api, config, on_progress=lambda _: bar.update(1), quiz=quiz_hook()
        )
        async with runner.run_lock(engine, campaign_id) as exclusive:
            run = await runner.active_run(sessions, campaign_id)
            if not await runner.outbox.is_materialised(engine, campaign_id, run):
                await runner.outbox.materialise(engine, campaign_id, run)
            async with UnitOfWork(sessions) as uow:
                bar.total = (await workflow.progress(uow, campaign_id, run=run)).total
            finished = await runner.send_run(
                sessions, engine, sender, campaign_id, exclusive=exclusive, actor=CLI_ACTOR
            )
    bar.close()
    async with UnitOfWork(sessions) as uow:
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
        return 0
    print(t("bc_cli_stopped", id=campaign_id, status=workflow.status_label(status)))
    return 1


async def _export(engine: AsyncEngine, campaign_id: int, output: Path) -> int:
    columns = (
        OutboxMessage.run,
        OutboxMessage.channel,
        OutboxMessage.chat_id,
        OutboxMessage.status,
        OutboxMessage.attempts,
        OutboxMessage.sent_at,
        OutboxMessage.error,
    )
    stmt = (
        select(*columns)
        .where(OutboxMessage.campaign_id == campaign_id)
        .order_by(OutboxMessage.run, OutboxMessage.id)
        .execution_options(yield_per=5000)
    )
    rows = 0
    with output.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["run", "channel", "chat_id", "status", "attempts", "sent_at", "error"])
        async with engine.connect() as conn:
            result = await conn.stream(stmt)
            async for row in result:
                out.writerow(["" if v is None else v for v in row])
                rows += 1
    print(t("bc_cli_exported", rows=rows, path=output))
    return 0


async def _import(sessions: async_sessionmaker[AsyncSession], args: argparse.Namespace) -> int:
    import importlib

    importer = importlib.import_module("broadcasts.importer")

    command = getattr(importer, "run_cli", None) or getattr(importer, "cli_import", None)
    if command is None:
        raise SystemExit("broadcasts.importer has no command entry point")
    result = command(sessions, args.file, *args.extra)
    if asyncio.iscoroutine(result):
        result = await result
    return int(result or 0)


async def run_command(settings: BroadcastSettings, args: argparse.Namespace) -> int:
    engine = create_engine(settings.database_url)
    try:
        await upgrade_to_head(engine)
        sessions = session_factory(engine)
        try:
            if args.command == "create":
                return await _create(sessions, args)
            if args.command in ("approve", "pause", "resume", "cancel"):
                return await _simple(sessions, args.command, args.id)
            if args.command == "status":
                return await _status(sessions, args.id, args.json)
            if args.command == "send":
                return await _send(settings, sessions, engine, args.id)
            if args.command == "export":
                return await _export(engine, args.id, args.output)
            if args.command in quiz_cli.COMMANDS:
                return await quiz_cli.run(sessions, args)
            if args.command == "group":
                return await group_cli.run_group(settings, sessions, args)
            return await _import(sessions, args)
        except CampaignError as exc:
            log.warning("campaign command %s refused: %s", args.command, exc.key)
            print(t(exc.key, **exc.values), file=sys.stderr)
            return 2
    finally:
        await engine.dispose()


def main(settings: BroadcastSettings, argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the command; the exit status."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    return asyncio.run(run_command(settings, args))
