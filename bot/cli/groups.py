"""``python -m bot campaign group create CODE --name NAME`` and ``group list``."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from bot.bootstrap import Services
from broadcasts.groups import create_group, invite_link, list_groups
from domain.catalogue import t
from storage.database import Database

log = logging.getLogger(__name__)


def add_parser(commands: Any) -> None:
    """Add ``group create|list`` to the campaign CLI's sub-commands."""
    group = commands.add_parser("group", help="subscriber groups and their invitation links")
    actions = group.add_subparsers(
        dest="group_command", metavar="ACTION", required=True, help="create or list"
    )
    create = actions.add_parser("create", help="create a group and print its invitation link")
    create.add_argument("code", help="the group's code: letters, digits, _ . - (at most 64)")
    create.add_argument("--name", required=True, help="the group's name, e.g. «Chi đoàn 01»")
    actions.add_parser("list", help="groups, member counts and invitation links")


def bot_username(services: Services) -> str | None:
    """TELEGRAM_BOT_USERNAME, else the username the bot learnt from getMe (None when unknown)."""
    configured = services.settings.telegram_bot_username
    if configured:
        return configured.lstrip("@")
    if services.telegram is None:
        return None
    try:
        return services.telegram.bot.username
    except RuntimeError:  # the bot could not be initialised
        log.warning("the bot's username is unknown")
        return None


def _link(username: str | None, token: str) -> str:
    return invite_link(username, token) if username else t("grp_no_username")


async def run_group(db: Database, username: str | None, args: argparse.Namespace) -> int:
    """Run ``group create`` or ``group list``; the exit status."""
    async with db.uow() as uow:
        if args.group_command == "create":
            try:
                group = await create_group(uow, args.code, args.name)
            except ValueError as exc:
                print(t(str(exc)), file=sys.stderr)
                return 2
            await uow.commit()
            print(t("grp_created", code=group.code, name=group.name))
            print(t("grp_link", link=_link(username, group.invite_token)))
            return 0
        groups = await list_groups(uow)
    if not groups:
        print(t("grp_none"))
    for info in groups:
        link = _link(username, info.invite_token)
        print(t("grp_line", code=info.code, name=info.name, members=info.members, link=link))
    return 0
