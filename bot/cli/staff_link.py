"""``python -m bot staff link-telegram USERNAME TELEGRAM_USER_ID``.

Links a staff account to a Telegram user, so that person's «Tiếp nhận» presses in the staff
group act as that account. The id is the number Telegram shows for a user (e.g. via
@userinfobot); the group's refusal message also shows it.
"""

from __future__ import annotations

import argparse
import sys

from domain.catalogue import t
from storage.database import open_database

LINK_ACTION = "link-telegram"


def add_parser(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``link-telegram`` to the actions of ``python -m bot staff``."""
    link = actions.add_parser(
        LINK_ACTION, help="link a staff account to a Telegram user (staff group buttons)"
    )
    link.add_argument("username", help="the staff account's login name")
    link.add_argument("telegram_user_id", help="the person's numeric Telegram user id")


def extend_staff_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``link-telegram`` under the existing ``staff`` sub-command."""
    staff = commands.choices["staff"]
    for action in staff._actions:
        if isinstance(action, argparse._SubParsersAction):
            add_parser(action)
            return


async def run_link(database_url: str, args: argparse.Namespace) -> int:
    """Link the account; exit code 0, or 1 with a Vietnamese message on stderr."""
    telegram_user_id = str(args.telegram_user_id).strip()
    if not telegram_user_id.isdigit() or int(telegram_user_id) <= 0:
        print(t("cli_link_bad_id"), file=sys.stderr)
        return 1
    telegram_user_id = str(int(telegram_user_id))
    username = str(args.username).strip().lower()
    db = await open_database(database_url)
    try:
        async with db.uow() as uow:
            user = await uow.staff.by_username(username)
            if user is None:
                print(t("cli_link_unknown_user", username=username), file=sys.stderr)
                return 1
            other = await uow.staff_group.staff_by_telegram(telegram_user_id)
            if other is not None and other.id != user.id:
                print(
                    t("cli_link_taken", telegram_user_id=telegram_user_id, other=other.username),
                    file=sys.stderr,
                )
                return 1
            previous, user.telegram_user_id = user.telegram_user_id, telegram_user_id
            details = {"old": previous, "new": telegram_user_id}
            await uow.audit.record("cli", "staff_telegram_linked", user.username, details, None)
            await uow.commit()
    finally:
        await db.dispose()
    print(t("cli_link_done", username=username, telegram_user_id=telegram_user_id))
    return 0
