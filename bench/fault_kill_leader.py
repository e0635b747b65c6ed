"""Fault: ``kill -9`` of the leading service process during a campaign, N times.

    .venv/bin/python -m bench.fault_kill_leader [--kills 5] [--recipients 600]
        [--slow-every 25] [--rate 25] [--photo] [--min-messages 10] [--max-messages 60]
        [--max-minutes 10] [--seed 7] [--keep-logs]

The loopback Bot API server runs in this process with Telegram's limits (30 a second, one a
second per chat) and answers every ``--slow-every``-th chat's message only after
``--slow-seconds`` (delivered, answered late: longer than the service's
``TELEGRAM_SEND_TIMEOUT``). Two service processes (``python -m bot`` in webhook mode, each on
its own port and with its own log) share one fresh PostgreSQL database: one leads (the advisory
lock) and runs the scheduler, the other stands by. A campaign to ``--recipients`` subscribers is
scheduled "now"; the leader's campaign runner starts it. ``--kills`` times, after a random
number of new messages, the process leading (by its log) is killed with SIGKILL and a
replacement is started, as a supervisor would; the script measures the takeover: from the kill
until a live process logs that it leads, and until the next message reaches the server. Once the
campaign is done (nothing pending in its outbox, every row in the run it started with), it
checks, per chat, what the server accepted (each step apart with ``--photo``): before any
resend, the duplicates no more than the unknowns reported (ideally none), every chat not reached
reported (unknown or failed) and ``campaign status --json`` showing the same unknowns; then
``campaign resend-unknown`` sends the unknowns on purpose, and after it every chat is reached
unless still reported and the duplicates are no more than the unknowns reported before. The
server must have given no limit answer (429). Exits 1 when any of these does not hold, when a
takeover did not happen or when the campaign did not finish within ``--max-minutes``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import asyncpg
from sqlalchemy import text

from bench.bench_broadcast import seed
from bench.bench_cpu import database_url, free_port, wait_healthy
from bench.fault_kill_sender import (
    FIRST_CHAT,
    REPORTED,
    SEND_TIMEOUT,
    SlowApi,
    check,
    copies,
    new_campaign,
    outcomes,
)
from broadcasts import workflow
from storage.database import Database, open_database
from tests.support.fake_bot_api import FakeBotApi

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = os.environ.get("TEST_PG_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/test")
DB_NAME = "fault_kill_leader"
SECRET = "fault-kill-leader-secret"
# What bot/leadership.py logs when a process takes the lead and when it loses it.
LEAD_LINE = "this process leads: the scheduler runs here"
LOST_LINE = "leadership lost: the scheduler stops here"
LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) \w+ bot\.leadership: (.*)$")
TAKEOVER_LIMIT = 90.0  # seconds a takeover may take before it counts as not happening


@dataclass
class Lead:
    """What a process's log says of its leadership."""

    leading: bool  # the last leadership line says it leads
    times: list[float]  # wall-clock times of its lead lines


class Node:
    """One ``python -m bot`` process of the service, its output in a log file of its own."""

    def __init__(self, number: int, env: dict[str, str], folder: Path) -> None:
        self.number = number
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = folder / f"process-{number}.log"
        own = {**env, "HTTP_PORT": str(self.port), "TELEGRAM_WEBHOOK_URL": self.base}
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot"], cwd=ROOT, env=own, stdout=log, stderr=log
            )

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def lead(self) -> Lead:
        leading, times = False, []
        for line in self.log.read_text(errors="replace").splitlines():
            found = LOG_LINE.match(line)
            if found is None:
                continue
            if found[2].startswith(LEAD_LINE):
                leading = True
                stamp = datetime.strptime(found[1], "%Y-%m-%d %H:%M:%S,%f")
                times.append(stamp.timestamp())  # asctime is local time, as is naive timestamp()
            elif found[2].startswith(LOST_LINE):
                leading = False
        return Lead(leading, times)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def wait_stopped(self, limit: float = 30) -> None:
        """After ``terminate``: wait for the end, SIGKILL when it takes longer than ``limit``."""
        try:
            self.process.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def stop_all(nodes: list[Node]) -> None:
    """SIGTERM to every live process at once, then wait for each."""
    running = [node for node in nodes if node.alive]
    for node in running:
        node.process.terminate()
    for node in running:
        node.wait_stopped()


@dataclass
class Takeover:
    """One kill of the leader and what followed."""

    kill: int
    victim: int
    after_messages: int
    leader: int | None = None  # the process that took the lead
    survivor: bool = False  # it was running before the kill (not the replacement)
    lead_seconds: float | None = None  # from the kill to its lead line
    message_seconds: float | None = None  # from the kill to the next message accepted
    in_flight: int = 0  # messages accepted after the kill, before the new lead: the dead's calls

    def line(self) -> str:
        lead = "no process took the lead"
        if self.lead_seconds is not None:
            who = "a standby" if self.survivor else "its replacement"
            lead = f"process {self.leader} ({who}) leads after {self.lead_seconds:.1f} s"
        message = (
            "no message after it (nothing was left)"
            if self.message_seconds is None
            else f"next message accepted after {self.message_seconds:.1f} s"
        )
        return (
            f"kill {self.kill}: leader process {self.victim} killed after {self.after_messages}"
            f" new messages; {lead}, {message}; {self.in_flight} accepted from calls in flight"
        )


async def drop_database() -> None:
    admin = await asyncpg.connect(PG_ADMIN)
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    finally:
        await admin.close()


async def campaign_state(db: Database, campaign_id: int) -> tuple[str, int, int]:
    """(campaign status, outbox rows, outbox rows still pending or being sent)."""
    async with db.engine.connect() as conn:
        status = (
            await conn.execute(
                text("SELECT status FROM campaigns WHERE id = :c"), {"c": campaign_id}
            )
        ).scalar_one()
        total, open_rows = (
            await conn.execute(
                text(
                    "SELECT count(*), count(*) FILTER (WHERE status IN ('pending', 'sending'))"
                    " FROM broadcast_outbox WHERE campaign_id = :c"
                ),
                {"c": campaign_id},
            )
        ).one()
    return str(status), int(total), int(open_rows)


async def run_counts(db: Database, campaign_id: int) -> dict[int, int]:
    """Outbox rows per run of the campaign (a takeover carries the run on: one run)."""
    async with db.engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT run, count(*) FROM broadcast_outbox WHERE campaign_id = :c GROUP BY run"),
            {"c": campaign_id},
        )
        return {int(run): int(count) for run, count in rows}


def accepted(api: FakeBotApi) -> list[float]:
    """Server times of the campaign's messages accepted so far."""
    return [m.time for m in api.sent if m.chat_id >= FIRST_CHAT]


def leaders(nodes: list[Node]) -> list[tuple[float, Node]]:
    """Live processes whose log says they lead, the most recent lead first."""
    found = []
    for node in nodes:
        if node.alive:
            lead = node.lead()
            if lead.leading and lead.times:
                found.append((lead.times[-1], node))
    return sorted(found, key=lambda pair: pair[0], reverse=True)


async def wait_for_new(
    api: FakeBotApi, count: int, db: Database, campaign_id: int, deadline: float
) -> bool:
    """Until ``count`` more campaign messages were accepted (True), or the campaign is done or
    the deadline passed (False)."""
    target = len(accepted(api)) + count
    checked = 0.0
    while len(accepted(api)) < target:
        now = time.monotonic()
        if now > deadline:
            return False
        if now - checked > 0.5:
            checked = now
            if (await campaign_state(db, campaign_id))[0] == "done":
                return False
        await asyncio.sleep(0.02)
    return True


async def current_leader(nodes: list[Node], limit: float = 10) -> Node | None:
    """The live process leading now (by its log), waiting a little for its line."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        found = leaders(nodes)
        if found:
            return found[0][1]
        await asyncio.sleep(0.05)
    return None


async def follow_takeover(
    api: FakeBotApi,
    db: Database,
    campaign_id: int,
    nodes: list[Node],
    before: dict[int, int],
    killed: tuple[float, float],
    record: Takeover,
    deadline: float,
) -> None:
    """Fill ``record`` in: who leads after the kill and when the next message came.

    ``before``: each live process's count of lead lines at the kill; ``killed``: the kill's
    (monotonic, wall-clock) time. A message accepted after the kill but before the new lead line
    was a call of the dead leader already on its way (the server answers it all the same)."""
    kill_mono, kill_wall = killed
    lead_mono: float | None = None
    checked = 0.0
    while time.monotonic() < min(deadline, kill_mono + TAKEOVER_LIMIT):
        if lead_mono is None:
            for node in nodes:
                if not node.alive:
                    continue
                times = node.lead().times
                if len(times) > before.get(node.number, 0):
                    wall = max(times[before.get(node.number, 0)], kill_wall)
                    lead_mono = kill_mono + (wall - kill_wall)
                    record.leader, record.survivor = node.number, node.number in before
                    record.lead_seconds = wall - kill_wall
                    break
        if lead_mono is not None:
            later = [t for t in accepted(api) if t >= kill_mono]
            record.in_flight = sum(1 for t in later if t < lead_mono)
            after = [t for t in later if t >= lead_mono]
            if after:
                record.message_seconds = min(after) - kill_mono
                return
            now = time.monotonic()
            if now - checked > 0.5:
                checked = now
                status, total, open_rows = await campaign_state(db, campaign_id)
                if status == "done" and total and not open_rows:
                    return  # the run was over: the new leader had nothing left to send
        await asyncio.sleep(0.02)


async def wait_done(db: Database, campaign_id: int, deadline: float) -> tuple[str, int, int]:
    """Until the campaign is done with nothing pending in its outbox, or the deadline."""
    while True:
        state = await campaign_state(db, campaign_id)
        status, total, open_rows = state
        if (status == "done" and total and not open_rows) or time.monotonic() > deadline:
            return state
        await asyncio.sleep(0.5)


async def cli(env: dict[str, str], log: Path, *args: str, limit: float = 300) -> bytes:
    """``python -m bot campaign ARGS``, its log appended to ``log``; its standard output. Killed
    (and an error) when it runs longer than ``limit`` seconds."""
    with log.open("ab") as errors:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "campaign",
            *args,
            cwd=ROOT,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=errors,
        )
        try:
            return (await asyncio.wait_for(process.communicate(), limit))[0]
        except TimeoutError:
            process.kill()
            await process.wait()
            raise RuntimeError(
                f"campaign {' '.join(args)} still running after {limit:.0f} s"
            ) from None


async def main(options: argparse.Namespace) -> int:
    random.seed(options.seed)
    began = time.monotonic()
    deadline = began + options.max_minutes * 60
    folder = Path(tempfile.mkdtemp(prefix="fault_kill_leader-"))
    nodes: list[Node] = []
    takeovers: list[Takeover] = []
    problems: list[str] = []
    db: Database | None = None
    try:
        url = await database_url("postgres", Path(tempfile.gettempdir()), DB_NAME)
        db = await open_database(url)  # migrated here, before the processes open it together
        await seed(db, FIRST_CHAT, options.recipients)
        chats = list(range(FIRST_CHAT, FIRST_CHAT + options.recipients))
        steps = ["sendPhoto", "sendMessage"] if options.photo else ["sendMessage"]
        async with SlowApi(options.slow_every, options.slow_seconds) as api:
            base_env = {
                **os.environ,
                "DATABASE_URL": url,
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_API_BASE_URL": api.base_url,
                "TELEGRAM_FILE_BASE_URL": api.base_file_url,
                "BROADCAST_RATE_PER_SECOND": str(options.rate),
                "TELEGRAM_SEND_TIMEOUT": str(SEND_TIMEOUT),
                "LOG_LEVEL": "INFO",
            }
            service_env = {
                **base_env,
                "HTTP_HOST": "127.0.0.1",
                "TELEGRAM_WEBHOOK_SECRET": SECRET,
            }
            try:
                nodes = [Node(n, service_env, folder) for n in (1, 2)]
                await asyncio.gather(*(wait_healthy(n.base, n.process) for n in nodes))
                campaign_id = await new_campaign(db, options.photo)
                async with db.uow() as uow:
                    await workflow.schedule(uow, campaign_id, "b", kind="now")
                    await uow.commit()
                print(
                    f"campaign {campaign_id} scheduled to {options.recipients} recipients;"
                    f" processes {', '.join(str(n.number) for n in nodes)} up",
                    flush=True,
                )
                for kill in range(1, options.kills + 1):
                    count = random.randint(options.min_messages, options.max_messages)
                    if not await wait_for_new(api, count, db, campaign_id, deadline):
                        print(f"the campaign finished (or time ran out) before kill {kill}")
                        break
                    victim = await current_leader(nodes)
                    if victim is None:
                        problems.append(f"kill {kill}: messages flow but no process says it leads")
                        break
                    both = leaders(nodes)
                    if len(both) > 1:
                        problems.append(
                            f"kill {kill}: processes {[n.number for _, n in both]}"
                            " all say they lead"
                        )
                    before = {n.number: len(n.lead().times) for n in nodes if n.alive}
                    del before[victim.number]
                    victim.kill()
                    killed = (time.monotonic(), time.time())
                    replacement = Node(max(n.number for n in nodes) + 1, service_env, folder)
                    nodes.append(replacement)
                    record = Takeover(kill, victim.number, count)
                    await asyncio.gather(
                        follow_takeover(
                            api, db, campaign_id, nodes, before, killed, record, deadline
                        ),
                        wait_healthy(replacement.base, replacement.process),
                    )
                    takeovers.append(record)
                    print(record.line(), flush=True)
                    if record.lead_seconds is None:
                        problems.append(f"kill {kill}: no process took the lead")
                        break
                status, total, open_rows = await wait_done(db, campaign_id, deadline)
                elapsed = time.monotonic() - began
                finished = status == "done" and total > 0 and not open_rows
                if not finished:
                    problems.append(
                        f"the campaign is {status} with {open_rows} of {total} rows still open"
                        f" after {elapsed:.0f} s"
                    )
                before_resend = await outcomes(db, campaign_id)
                unknown = sum(1 for s in before_resend.values() if s == "unknown")
                dup_before, missing_before = check(
                    "after the kills", api, steps, chats, before_resend
                )
                unreported = [c for c in missing_before if before_resend.get(c) not in REPORTED]
                commands = folder / "commands.log"
                shown = json.loads(
                    await cli(base_env, commands, "status", str(campaign_id), "--json")
                )
                if finished:
                    resend_began = time.monotonic()
                    limit = max(60.0, deadline - time.monotonic())
                    await cli(base_env, commands, "resend-unknown", str(campaign_id), limit=limit)
                    resend_seconds = time.monotonic() - resend_began
                    after_resend = await outcomes(db, campaign_id)
                    dup_after, missing_after = check(
                        "after resend-unknown", api, steps, chats, after_resend
                    )
                else:  # a resend would carry the unfinished run on: nothing more to learn
                    print("resend-unknown not run: the campaign did not finish")
                    resend_seconds, after_resend = 0.0, before_resend
                    dup_after, missing_after = dup_before, missing_before
                unreported_after = [c for c in missing_after if after_resend.get(c) not in REPORTED]
                limit_answers = api.too_many_requests
                total_messages = sum(copies(api).values())
                runs = await run_counts(db, campaign_id)
            finally:
                stop_all(nodes)
    finally:
        stop_all(nodes)
        if db is not None:
            await db.dispose()
        await drop_database()
        if options.keep_logs:
            print(f"logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    lead_times = [t.lead_seconds for t in takeovers if t.lead_seconds is not None]
    message_times = [t.message_seconds for t in takeovers if t.message_seconds is not None]
    print(
        f"{len(takeovers)} kills of the leader in {elapsed:.1f} s ({total_messages} messages);"
        f" takeover: lead line {', '.join(f'{t:.1f}' for t in lead_times) or '-'} s"
        f" (max {max(lead_times, default=0):.1f}), next message"
        f" {', '.join(f'{t:.1f}' for t in message_times) or '-'} s"
        f" (max {max(message_times, default=0):.1f})"
    )
    print(
        f"unknown reported {unknown} (status --json: {shown['unknown']}); duplicates before the"
        f" resend {dup_before}, after it {dup_after} (resend-unknown took {resend_seconds:.1f} s);"
        f" 429s from the server {limit_answers}"
    )
    if runs != {1: options.recipients}:
        problems.append(f"outbox rows per run {runs}, not one run of {options.recipients}")
    if dup_before > unknown:
        problems.append(f"{dup_before} messages sent twice before any resend, {unknown} unknowns")
    elif dup_before:
        print(f"note: {dup_before} duplicates before any resend (within the unknowns reported)")
    if unreported:
        problems.append(f"{len(unreported)} chats never reached and not reported")
    if shown["unknown"] != unknown:
        problems.append(f"status --json shows {shown['unknown']} unknowns, the outbox {unknown}")
    if unreported_after:
        problems.append(f"{len(unreported_after)} chats not reached after the resend, unreported")
    if dup_after > unknown:
        problems.append(f"{dup_after} duplicates but only {unknown} unknowns reported")
    if limit_answers:
        problems.append(f"{limit_answers} limit answers")
    if len(takeovers) < options.kills:
        print(
            f"note: {len(takeovers)} of {options.kills} kills done"
            " (the campaign ended or the time ran out)"
        )
    for problem in problems:
        print("FAIL:", problem)
    if not problems:
        print(
            "OK: a standby resumed the campaign after every kill; duplicates ≤ unknowns reported,"
            " every chat reached or reported, no 429"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=5, help="SIGKILLs of the leader")
    parser.add_argument("--recipients", type=int, default=600)
    parser.add_argument("--rate", type=float, default=25.0, help="BROADCAST_RATE_PER_SECOND")
    parser.add_argument("--photo", action="store_true", help="a photo, then a long text")
    parser.add_argument("--slow-every", type=int, default=25, help="every n-th chat answered late")
    parser.add_argument("--slow-seconds", type=float, default=SEND_TIMEOUT + 1.5)
    parser.add_argument("--min-messages", type=int, default=10, help="new messages before a kill")
    parser.add_argument("--max-messages", type=int, default=60)
    parser.add_argument("--max-minutes", type=float, default=10.0, help="overall deadline")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the kill points")
    parser.add_argument("--keep-logs", action="store_true", help="keep the processes' logs")
    sys.exit(asyncio.run(main(parser.parse_args())))
