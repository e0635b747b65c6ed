"""``python -m bot campaign group create CODE --name NAME`` and ``group list``."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any, Protocol

from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from broadcasts.botapi import BotApi
from broadcasts.groups import create_group, invite_link, list_groups
from domain.catalogue import t
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


class GroupSettings(Protocol):
    telegram_bot_token: SecretStr | None
    telegram_api_base_url: str
    telegram_bot_username: str | None


def add_parser(commands: Any) -> None:
    """Add ``group create|list`` to the broadcast CLI's sub-commands."""
    group = commands.add_parser("group", help="subscriber groups and their invitation links")
    actions = group.add_subparsers(dest="group_command", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="create a group and print its invitation link")
    create.add_argument("code")
    create.add_argument("--name", required=True)
    actions.add_parser("list", help="groups, member counts and invitation links")


async def bot_username(settings: GroupSettings) -> str | None:
    """TELEGRAM_BOT_USERNAME, else the bot's username from getMe (None when unknown)."""
    if settings.telegram_bot_username:
        return settings.telegram_bot_username.lstrip("@")
    if settings.telegram_bot_token is None:
        return None
    api = BotApi(settings.telegram_api_base_url, settings.telegram_bot_token.get_secret_value())
    async with api:
        result = await api.call("getMe", {})
    if not result.ok or not isinstance(result.result, dict):
        log.warning("getMe failed: %s", result.description)
        return None
    name = result.result.get("username")
    return str(name) if name else None


def _link(username: str | None, token: str) -> str:
    return invite_link(username, token) if username else t("grp_no_username")


async def run_group(
    settings: GroupSettings, sessions: async_sessionmaker[AsyncSession], args: argparse.Namespace
) -> int:
    """Run ``group create`` or ``group list``; the exit status."""
    username = await bot_username(settings)
    async with UnitOfWork(sessions) as uow:
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
