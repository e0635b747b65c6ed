"""``python -m bot open311 …``: API keys of Open311 clients (only their hashes are stored)."""

from __future__ import annotations

import argparse
import sys

from domain.catalogue import format_datetime, t
from storage.database import open_database
from storage.models import ApiKey
from storage.open311 import new_api_key

MAX_NAME = 100


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``open311`` command and its actions."""
    open311 = commands.add_parser("open311", help="API keys of Open311 GeoReport v2 clients")
    actions = open311.add_subparsers(
        dest="open311_command", metavar="ACTION", required=True, help="what to do"
    )
    add = actions.add_parser("add-key", help="create a key for a client; prints it once")
    add.add_argument("name", help="who the key is for, e.g. the partner app's name")
    revoke = actions.add_parser("revoke-key", help="revoke every active key with this name")
    revoke.add_argument("name", help="the client name the keys were created for")
    actions.add_parser("list-keys", help="list keys (names and dates, never the keys)")


def _key_line(row: ApiKey) -> str:
    state = (
        t("cli_open311_key_revoked", revoked=format_datetime(row.revoked_at))
        if row.revoked_at
        else t("cli_open311_key_active")
    )
    created = format_datetime(row.created_at)
    return t("cli_open311_key_line", id=row.id, name=row.name, created=created, state=state)


async def run(database_url: str, args: argparse.Namespace) -> int:
    """Carry out the action; 0 on success, 1 when there was nothing to do or bad input."""
    db = await open_database(database_url)
    try:
        async with db.uow() as uow:
            store = uow.open311
            if args.open311_command == "add-key":
                name = args.name.strip()
                if not 1 <= len(name) <= MAX_NAME:
                    print(t("cli_open311_key_name_invalid"), file=sys.stderr)
                    return 1
                key = new_api_key()
                row = await store.add_key(name, key)
                await uow.commit()
                print(t("cli_open311_key_created", name=name, id=row.id, secret=key))
                return 0
            if args.open311_command == "revoke-key":
                count = await store.revoke_keys(args.name.strip())
                await uow.commit()
                if not count:
                    print(t("cli_open311_key_not_found", name=args.name), file=sys.stderr)
                    return 1
                print(t("cli_open311_keys_revoked", count=count, name=args.name))
                return 0
            rows = await store.keys()
            lines = [_key_line(row) for row in rows]
        print("\n".join(lines) if lines else t("cli_open311_no_keys"))
        return 0
    finally:
        await db.dispose()
