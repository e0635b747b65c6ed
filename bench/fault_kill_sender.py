"""Fault: ``kill -9`` of ``python -m bot campaign send`` during a campaign, N times.

    .venv/bin/python -m bench.fault_kill_sender [--db postgres|sqlite] [--kills 10]
        [--recipients 400] [--processes 2] [--photo] [--slow-every 25]

The loopback Bot API server runs in this process with Telegram's limits (30 a second, one a
second per chat) and answers every ``--slow-every``-th chat's message only after
``--slow-seconds`` (delivered, answered late: longer than the senders' ``TELEGRAM_SEND_TIMEOUT``).
``--processes`` senders run at once (on PostgreSQL they share one rate budget); one of them is
killed with SIGKILL after a random number of new messages, ``--kills`` times; then one sender
runs to the end, and finally ``resend-unknown`` sends the unknowns on purpose. Per chat it
counts what the server accepted (each step apart with ``--photo``: a photo, then a text too
long for its caption) and prints: before the resend, no message twice and every chat not
reached reported (unknown or failed); after it, every chat reached unless still reported (a
chat whose every answer is late stays unknown) and the duplicates no more than the unknowns
reported; and the limit answers (429s) the server gave. Exits 1 when any of these does not
hold. On SQLite run one process (``--processes 1``): its rate budget is per process.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench.bench_broadcast import TOKEN, fresh_database, seed
from broadcasts import workflow
from storage.database import Database
from tests.support.fake_bot_api import FakeBotApi

ROOT = Path(__file__).resolve().parents[1]
FIRST_CHAT = 40_000_000
SEND_TIMEOUT = 2.0
REPORTED = ("unknown", "failed")  # outcomes the status shows for a chat that may lack it
LONG_TEXT = ("Kết luận 72-KL/TW: hạ tầng đồng bộ, hiện đại, kết nối vùng. " * 25).strip()


class SlowApi(FakeBotApi):
    """Telegram with slow answers for some chats (the message is delivered, the answer late)."""

    def __init__(self, slow_every: int, slow_seconds: float) -> None:
        super().__init__(TOKEN)
        self.slow_every, self.slow_seconds = slow_every, slow_seconds

    async def _late(self, params: dict[str, Any]) -> None:
        if self.slow_every and int(params["chat_id"]) % self.slow_every == 0:
            await asyncio.sleep(self.slow_seconds)

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        result = await super()._send_message(params)
        await self._late(params)
        return result

    async def _send_photo(self, params: dict[str, Any]) -> dict[str, Any]:
        result = await super()._send_photo(params)
        await self._late(params)
        return result


async def new_campaign(db: Database, photo: bool) -> int:
    async with db.uow() as uow:
        created = await workflow.create_campaign(
            uow,
            title="Fault",
            text=LONG_TEXT if photo else "Tin Kết luận 72-KL/TW",
            author="a",
            audience_filter={"all": True},
            photo=b"\x89PNG fault" if photo else None,
            photo_mime="image/png" if photo else None,
        )
        await workflow.submit(uow, created.id, "a")
        await workflow.approve(uow, created.id, "b")
        await uow.commit()
        return created.id


async def cli(env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "campaign",
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )


async def wait_for_new(api: FakeBotApi, count: int, process: asyncio.subprocess.Process) -> bool:
    """Until ``count`` more messages were accepted (True) or the process ended (False)."""
    target = len(api.sent) + count
    while len(api.sent) < target:
        if process.returncode is not None:
            return False
        await asyncio.sleep(0.02)
    return True


async def outcomes(db: Database, campaign_id: int) -> dict[int, str]:
    async with db.engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT chat_id, status FROM broadcast_outbox WHERE campaign_id = :c"),
            {"c": campaign_id},
        )
        return {int(chat): str(status) for chat, status in rows}


def copies(api: FakeBotApi) -> dict[tuple[int, str], int]:
    """Messages accepted per (chat, method): each step of a recipient apart."""
    return Counter((m.chat_id, m.method) for m in api.sent if m.chat_id >= FIRST_CHAT)


def check(
    label: str, api: FakeBotApi, steps: list[str], chats: list[int], state: dict[int, str]
) -> tuple[int, list[int]]:
    """(duplicates, chats not fully reached) and a line of figures."""
    counted = copies(api)
    duplicates = sum(max(0, counted.get((c, s), 0) - 1) for c in chats for s in steps)
    missing = [c for c in chats if any(counted.get((c, s), 0) == 0 for s in steps)]
    by_status = Counter(state.values())
    print(
        f"{label}: {dict(sorted(by_status.items()))}; messages accepted {sum(counted.values())},"
        f" duplicates {duplicates}, chats not fully reached {len(missing)}"
    )
    return duplicates, missing


async def main(options: argparse.Namespace) -> int:
    random.seed(options.seed)
    with tempfile.TemporaryDirectory() as folder:
        db = await fresh_database(options.db, Path(folder))
        await seed(db, FIRST_CHAT, options.recipients)
        campaign_id = await new_campaign(db, options.photo)
        chats = list(range(FIRST_CHAT, FIRST_CHAT + options.recipients))
        steps = ["sendPhoto", "sendMessage"] if options.photo else ["sendMessage"]
        url = str(db.engine.url.render_as_string(hide_password=False))
        async with SlowApi(options.slow_every, options.slow_seconds) as api:
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_API_BASE_URL": api.base_url,
                "BROADCAST_RATE_PER_SECOND": str(options.rate),
                "TELEGRAM_SEND_TIMEOUT": str(SEND_TIMEOUT),
            }
            began = time.perf_counter()
            kills = 0
            running: list[asyncio.subprocess.Process] = []
            while kills < options.kills:
                running = [p for p in running if p.returncode is None]
                while len(running) < options.processes:
                    running.append(await cli(env, "send", str(campaign_id)))
                victim = random.choice(running)
                if not await wait_for_new(api, random.randint(1, 40), victim):
                    break  # the campaign finished before this kill
                victim.send_signal(signal.SIGKILL)
                await victim.wait()
                kills += 1
            for process in running:
                await process.wait()
            final = await cli(env, "send", str(campaign_id))
            await final.communicate()
            elapsed = time.perf_counter() - began
            before = await outcomes(db, campaign_id)
            unknown = sum(1 for s in before.values() if s == "unknown")
            dup_before, missing_before = check("after the kills", api, steps, chats, before)
            unreported = [c for c in missing_before if before.get(c) not in REPORTED]
            status = await cli(env, "status", str(campaign_id), "--json")
            shown = json.loads((await status.communicate())[0])
            resend = await cli(env, "resend-unknown", str(campaign_id))
            await resend.communicate()
            after = await outcomes(db, campaign_id)
            dup_after, missing_after = check("after resend-unknown", api, steps, chats, after)
            unreported_after = [c for c in missing_after if after.get(c) not in REPORTED]
        await db.dispose()
    limit_answers = api.too_many_requests
    print(
        f"{options.db}: {kills} kills of {options.processes} concurrent senders in"
        f" {elapsed:.1f} s; unknown reported {unknown} (status --json: {shown['unknown']});"
        f" 429s from the server {limit_answers}"
    )
    problems = []
    if dup_before:
        problems.append(f"{dup_before} messages sent twice without an operator's resend")
    if unreported:
        problems.append(f"{len(unreported)} chats never reached and not reported")
    if shown["unknown"] != unknown:
        problems.append("status --json does not show the unknowns")
    if unreported_after:
        problems.append(f"{len(unreported_after)} chats not reached after the resend, unreported")
    if dup_after > unknown:
        problems.append(f"{dup_after} duplicates but only {unknown} unknowns reported")
    if limit_answers:
        problems.append(f"{limit_answers} limit answers")
    for problem in problems:
        print("FAIL:", problem)
    if not problems:
        print("OK: duplicates ≤ unknowns reported, every chat reached or reported, no 429")
    return 1 if problems else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--kills", type=int, default=10, help="SIGKILLs during the campaign")
    parser.add_argument("--recipients", type=int, default=400)
    parser.add_argument("--processes", type=int, default=2, help="senders running at once")
    parser.add_argument("--rate", type=float, default=25.0, help="BROADCAST_RATE_PER_SECOND")
    parser.add_argument("--photo", action="store_true", help="a photo, then a long text")
    parser.add_argument("--slow-every", type=int, default=25, help="every n-th chat answered late")
    parser.add_argument("--slow-seconds", type=float, default=SEND_TIMEOUT + 1.5)
    parser.add_argument("--seed", type=int, default=11, help="random seed of the kill points")
    sys.exit(asyncio.run(main(parser.parse_args())))
