"""``python -m bot staff add|list``: staff accounts from the command line.

The password is read from standard input: without echo on a terminal (asked twice), otherwise the
first line of the pipe, so ``echo "$PASSWORD" | python -m bot staff add …`` works in scripts.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from dashboard.auth.accounts import StaffError, clean_password, create_staff, role_label
from domain.catalogue import t
from storage.database import Database, open_database


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``staff`` sub-command to the CLI."""
    staff = commands.add_parser("staff", help="staff accounts of the dashboard")
    actions = staff.add_subparsers(
        dest="staff_command", metavar="ACTION", required=True, help="what to do"
    )
    add = actions.add_parser(
        "add", help="create an account; the password is read from standard input"
    )
    add.add_argument("username", help="login name: 3-64 of a-z 0-9 . _ -")
    add.add_argument("--role", required=True, help="admin, can_bo, lanh_dao or tuyen_truyen")
    add.add_argument("--full-name", help="the person's full name")
    add.add_argument(
        "--communes",
        default="",
        help="ward codes (as in reports.place_code) a can_bo is limited to, "
        "comma-separated; empty = everywhere",
    )
    actions.add_parser("list", help="list the accounts: username, role, status, name, communes")


def read_password() -> str:
    """The new password: hidden prompt (twice) on a terminal, first line of a pipe otherwise."""
    if sys.stdin.isatty():
        first = getpass.getpass(t("cli_staff_password_prompt"))
        clean_password(first)
        if getpass.getpass(t("cli_staff_password_again")) != first:
            raise StaffError("staff_err_password_mismatch")
        return first
    return sys.stdin.readline().rstrip("\r\n")


async def run(database_url: str, args: argparse.Namespace) -> int:
    """Run ``staff add`` or ``staff list``; returns the exit code."""
    db = await open_database(database_url)
    try:
        if args.staff_command == "list":
            return await _list(db)
        return await _add(db, args)
    finally:
        await db.dispose()


async def _add(db: Database, args: argparse.Namespace) -> int:
    try:
        password = read_password()
        async with db.uow() as uow:
            user = await create_staff(
                uow.staff,
                username=args.username,
                password=password,
                role=args.role,
                full_name=args.full_name,
                communes=[args.communes],
            )
            details = {"role": user.role, "communes": user.communes, "full_name": user.full_name}
            await uow.audit.record("cli", "staff_created", user.username, details, None)
            await uow.commit()
    except StaffError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(t("cli_staff_created", username=user.username, role=role_label(user.role)))
    return 0


async def _list(db: Database) -> int:
    async with db.uow() as uow:
        users = await uow.staff.all()
        rows = [
            t(
                "cli_staff_row",
                username=user.username,
                role=user.role,
                status=t("staff_active") if user.active else t("staff_inactive"),
                full_name=user.full_name or "",
                communes=",".join(user.communes) or t("staff_communes_all"),
            )
            for user in users
        ]
    print("\n".join(rows) if rows else t("cli_staff_none"))
    return 0
