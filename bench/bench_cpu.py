"""CPU per update and end-to-end throughput over whole report conversations, with baselines.

    .venv/bin/python bench/bench_cpu.py [--db sqlite|postgres] [--workers 1] [--conversations 20]
        [--chats 100] [--paced-seconds 20] [--flood-chats 60] [--profile FILE]

Realistic conversations (/start, consent, a report that names its place, whatever the bot asks,
«Gửi», thanks) are posted to the service's Telegram webhook (``python -m bot`` in webhook mode,
run as a child process) from this process; a step is done when its replies reach the loopback
Bot API server running here. Phases, each printed with its figures:

1. CPU per update: conversations one after another; the service's process CPU time (every
   process of it, from /proc) over each conversation divided by its updates; the median. In the
   same run, the baselines: a bare aiohttp handler (CPU per request of its process under the same
   client) and a bare database transaction (one read, one write, commit) on the same database.
2. Throughput with the platform's limits lifted (the loopback server and the service's rate
   budget unlimited): ``--chats`` conversations at once; updates/s end to end and errors.
3. Under Telegram's limits (the service's real rate budget): 15 updates/s for
   ``--paced-seconds`` from many chats; p50/p99 from the webhook call to the first reply.
4. A flood under the limits: ``--flood-chats`` chats send at once; replies/s while the backlog
   lasts, as a share of the rate budget (``BROADCAST_RATE_PER_SECOND``, 25 by default).

Exits 1 when an update was not answered (an error) in any phase. ``--profile FILE`` runs the
service under cProfile (one worker) and writes the statistics to FILE when it stops.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SECRET = "bench-cpu-secret"
PG_ADMIN = os.environ.get("TEST_PG_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/test")
PG_SOCKET_DIR = os.environ.get("BENCH_PG_SOCKET_DIR", "/var/run/postgresql")
TICK = os.sysconf("SC_CLK_TCK")
REPORT = (
    "Rác thải đổ bừa bãi ở đầu thôn Hạ, xã Tân Dĩnh, bốc mùi rất khó chịu mấy ngày nay, "
    "đề nghị xã cho thu gom"
)
PLACE = "thôn Hạ, xã Tân Dĩnh"


# -- the child processes ---------------------------------------------------------------------


def _lift_limits() -> None:
    """The service's own rate budget unlimited (spawned workers import this module too)."""
    from bot.channels.telegram import budget

    budget.PRIVATE_SPACING = 0.0
    budget.MARGIN = 0.0
    original = budget.RateBudget.__init__

    def unlimited(self: Any, rate: float = 25.0, **kwargs: Any) -> None:
        original(self, 0.0, **kwargs)

    budget.RateBudget.__init__ = unlimited  # type: ignore[method-assign]


if os.environ.get("BENCH_UNLIMITED") == "1":
    _lift_limits()


def child_service(argv: list[str]) -> int:
    """``bench_cpu.py serve ...``: the service, optionally profiled."""
    from bot.cli import main

    profile = os.environ.get("BENCH_PROFILE")
    if not profile:
        return main(argv)
    import cProfile

    profiler = cProfile.Profile()

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    profiler.enable()
    try:
        return main(argv)
    except KeyboardInterrupt:
        return 0
    finally:
        profiler.disable()
        profiler.dump_stats(profile)


def child_bare(port: int) -> None:
    """``bench_cpu.py bare PORT``: an aiohttp app answering 200 to the webhook path."""
    from aiohttp import web

    async def ok(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(text="ok")

    async def healthz(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/telegram/webhook", ok)
    app.router.add_get("/healthz", healthz)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def child_transactions(url: str, count: int) -> None:
    """``bench_cpu.py tx URL N``: N bare transactions (read one row, write one row, commit);
    prints the CPU seconds per transaction."""
    from storage.database import open_database

    async def run() -> float:
        db = await open_database(url)
        try:
            async with db.uow() as uow:
                await uow.citizens.get("bench", "0")
            started = time.process_time()
            for n in range(count):
                async with db.uow() as uow:
                    await uow.citizens.get("bench", str(n))
                    uow.updates.record("bench", f"tx{n}")
                    await uow.commit()
            return (time.process_time() - started) / count
        finally:
            await db.dispose()

    print(asyncio.run(run()))


# -- measuring -------------------------------------------------------------------------------


def task_cpu(pid: int) -> float:
    """CPU seconds of every thread of ``pid``: the scheduler's nanosecond run times where the
    kernel gives them (``/proc/PID/task/*/schedstat``), else user + system ticks."""
    try:
        return sum(
            int((task / "schedstat").read_text().split()[0]) / 1e9
            for task in Path(f"/proc/{pid}/task").iterdir()
        )
    except (FileNotFoundError, ProcessLookupError, IndexError, ValueError, PermissionError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK


def tree_cpu(pid: int) -> float:
    """CPU seconds of ``pid`` and its live descendants."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            total += task_cpu(current)
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending.extend(int(c) for c in children)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def postgres_cpu() -> float:
    """CPU seconds of every PostgreSQL server process on this machine (they share the cores)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() == "postgres":
                total += task_cpu(int(entry.name))
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def database_url(kind: str, folder: Path, name: str, *, socket: str = "") -> str:
    """A fresh database ``name``; on PostgreSQL through the Unix socket in ``socket`` when given
    (as docs/OPERATIONS.md deploys it), else over TCP as ``TEST_PG_ADMIN_DSN`` says."""
    if kind == "sqlite":
        return f"sqlite+aiosqlite:///{folder / (name + '.db')}"
    import asyncpg

    admin = await asyncpg.connect(PG_ADMIN)
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()
    server = PG_ADMIN.split("://", 1)[1].rsplit("/", 1)[0]
    if socket:
        return f"postgresql+asyncpg://{server.split('@', 1)[0]}@/{name}?host={socket}"
    return f"postgresql+asyncpg://{server}/{name}"


def pg_socket(via: str) -> str:
    """The socket directory to reach PostgreSQL through, or "" for TCP."""
    if via == "socket" and Path(PG_SOCKET_DIR, ".s.PGSQL.5432").exists():
        return PG_SOCKET_DIR
    return ""


async def wait_healthy(base: str, process: subprocess.Popen[bytes], limit: float = 90) -> None:
    import aiohttp

    deadline = time.monotonic() + limit
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the process stopped with {process.returncode}")
            try:
                async with http.get(base + "/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("no /healthz")


@dataclass
class Inbox:
    """The bot's messages per chat as they reach the loopback server; a chat's waiter is woken
    only by messages to its own chat (not every waiter by every message)."""

    api: Any
    seen: int = 0
    by_chat: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))
    arrived: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))
    waiting: dict[int, asyncio.Event] = field(default_factory=dict)

    async def follow(self) -> None:
        while True:
            sent = self.api.sent
            while self.seen < len(sent):
                message = sent[self.seen]
                self.seen += 1
                self.by_chat[message.chat_id].append(message)
                self.arrived[message.chat_id].append(time.monotonic())
                waiter = self.waiting.get(message.chat_id)
                if waiter is not None:
                    waiter.set()
            await asyncio.sleep(0.002)

    async def wait_beyond(self, chat: int, count: int, timeout: float = 60) -> bool:
        deadline = time.monotonic() + timeout
        event = self.waiting.setdefault(chat, asyncio.Event())
        try:
            while True:
                event.clear()
                if len(self.by_chat[chat]) > count:
                    return True
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), remaining)
        finally:
            self.waiting.pop(chat, None)


class Service:
    """The service as a child process in webhook mode against the loopback Bot API."""

    def __init__(
        self, api: Any, db_url: str, folder: Path, *, workers: int, unlimited: bool, profile: str
    ) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))},
            "DATABASE_URL": db_url,
            "HTTP_HOST": "127.0.0.1",
            "HTTP_PORT": str(self.port),
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "TELEGRAM_FILE_BASE_URL": api.base_file_url,
            "TELEGRAM_WEBHOOK_URL": self.base,
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "LOG_LEVEL": "WARNING",
            "FLOOD_MAX_MESSAGES": "1000000",
            "BENCH_UNLIMITED": "1" if unlimited else "0",
            "BENCH_PROFILE": profile,
            "PYTHONPATH": str(ROOT),
        }
        self.args = ["run", "--workers", str(workers)]
        self.log = open(folder / "service.log", "ab")  # noqa: SIM115
        self.process: subprocess.Popen[bytes] | None = None

    async def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "serve", *self.args],
            env=self.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=self.log,
        )
        await wait_healthy(self.base, self.process)

    def cpu(self) -> float:
        assert self.process is not None
        return tree_cpu(self.process.pid)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


@dataclass
class Driver:
    """Posts updates like Telegram (again until answered 200) and drives conversations."""

    api: Any
    service: Service
    inbox: Inbox
    http: Any
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    updates: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    step_cpu: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    async def post(self, update: dict[str, Any]) -> None:
        body = json.dumps({"update_id": next(self.ids), **update}, ensure_ascii=False).encode()
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
        while True:
            try:
                async with self.http.post(
                    self.service.base + "/telegram/webhook", data=body, headers=headers
                ) as response:
                    if response.status == 200:
                        break
            except Exception:  # Telegram sends it again later
                pass
            await asyncio.sleep(0.2)
        self.updates += 1

    async def step(self, chat: int, update: dict[str, Any], label: str = "") -> list[Any]:
        """Post one update; wait for its first reply; the new messages. The service's CPU over
        the step is kept under ``label`` (meaningful when one conversation runs at a time)."""
        before = len(self.inbox.by_chat[chat])
        started, cpu = time.monotonic(), self.service.cpu()
        await self.post(update)
        if not await self.inbox.wait_beyond(chat, before):
            self.errors += 1
            return []
        self.latencies.append(self.inbox.arrived[chat][before] - started)
        await asyncio.sleep(0.05)  # the rest of this update's replies
        self.step_cpu[label or "other"].append(self.service.cpu() - cpu)
        return self.inbox.by_chat[chat][before:]

    async def conversation(self, chat: int) -> int:
        """One citizen's report from /start to the code and thanks; the updates sent."""
        sent_before = self.updates
        state = self.api.state if hasattr(self.api, "state") else self.api
        await self.step(chat, state.text_update(chat, "/start"), "/start")
        await self.step(chat, state.callback_update(chat, "consent:yes"), "consent")
        replies = await self.step(chat, state.text_update(chat, REPORT), "report text")
        for _ in range(5):
            text = "\n".join(m.text or "" for m in replies)
            if "PA-" in text:
                break
            buttons = [
                b
                for m in replies
                for row in (m.reply_markup or {}).get("inline_keyboard", [])
                for b in row
                if "callback_data" in b
            ]
            send = [b for b in buttons if b["text"].startswith("Gửi")]
            if send or buttons:
                press = (send or buttons)[0]["callback_data"]
                label = "«Gửi»" if send else "a button"
                replies = await self.step(chat, state.callback_update(chat, press), label)
            else:
                replies = await self.step(chat, state.text_update(chat, PLACE), "place")
        await self.step(chat, state.text_update(chat, "cảm ơn bạn nhiều nhé"), "thanks")
        return self.updates - sent_before


async def settle(db_url: str) -> None:
    """Wait until the inbox has nothing pending."""
    from sqlalchemy import text

    from storage.database import Database, create_engine

    db = Database(create_engine(db_url))
    try:
        for _ in range(1200):
            async with db.engine.connect() as conn:
                pending = (
                    await conn.execute(
                        text("SELECT count(*) FROM inbox_updates WHERE state='pending'")
                    )
                ).scalar_one()
            if not pending:
                return
            await asyncio.sleep(0.1)
    finally:
        await db.dispose()


# -- phases ----------------------------------------------------------------------------------


async def bare_handler_cpu(requests: int = 2000) -> float:
    import aiohttp

    port = free_port()
    process = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "bare", str(port)])
    try:
        base = f"http://127.0.0.1:{port}"
        await wait_healthy(base, process)
        body = json.dumps({"update_id": 1, "message": {"text": REPORT}}).encode()
        before = tree_cpu(process.pid)
        async with aiohttp.ClientSession() as http:

            async def one(n: int) -> None:
                async with http.post(base + "/telegram/webhook", data=body) as response:
                    await response.read()

            for start in range(0, requests, 8):
                await asyncio.gather(*(one(n) for n in range(start, start + 8)))
        return (tree_cpu(process.pid) - before) / requests
    finally:
        process.terminate()
        process.wait()


def bare_transaction_cpu(url: str, count: int = 500) -> float:
    """CPU of one bare transaction, measured in a child process (which migrates first)."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "tx", url, str(count)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


async def run_service_phase(
    args: argparse.Namespace, folder: Path, name: str, *, unlimited: bool, workers: int
) -> tuple[Service, str, Any]:
    from tests.support.fake_bot_api import FakeBotApi

    if unlimited:
        api = FakeBotApi(private_chat_per_second=None, global_per_second=None)
    else:
        api = FakeBotApi()
    await api.start()
    url = await database_url(args.db, folder, name, socket=pg_socket(args.pg_via))
    service = Service(
        api, url, folder, workers=workers, unlimited=unlimited, profile=args.profile or ""
    )
    await service.start()
    return service, url, api


async def main(args: argparse.Namespace) -> int:
    import aiohttp

    errors = 0
    with tempfile.TemporaryDirectory(prefix="bench-cpu-") as tmp:
        folder = Path(tmp)
        bare = await bare_handler_cpu()
        socket = pg_socket(args.pg_via)
        if args.db == "postgres":
            print(f"PostgreSQL through {'the Unix socket in ' + socket if socket else 'TCP'}")
        tx = bare_transaction_cpu(
            await database_url(args.db, folder, "bench_cpu_tx", socket=socket)
        )
        print(f"baseline: bare aiohttp handler {bare * 1000:.2f} ms CPU/request; "
              f"bare transaction ({args.db}) {tx * 1000:.2f} ms CPU")  # fmt: skip

        if args.conversations <= 0:
            return await limited_phases(args, folder, errors)
        # 1 and 2: limits lifted
        service, url, api = await run_service_phase(
            args, folder, "bench_cpu_a", unlimited=True, workers=args.workers
        )
        inbox = Inbox(api)
        follower = asyncio.create_task(inbox.follow())
        try:
            async with aiohttp.ClientSession() as http:
                driver = Driver(api, service, inbox, http)
                await driver.conversation(800_000)  # warm: models, caches, connections
                await settle(url)
                idle_before = service.cpu()
                await asyncio.sleep(3)
                idle = (service.cpu() - idle_before) / 3
                driver.step_cpu.clear()
                per_update: list[float] = []
                pg_per_update: list[float] = []
                for n in range(args.conversations):
                    await settle(url)
                    before, pg_before = service.cpu(), postgres_cpu()
                    count = await driver.conversation(810_000 + n)
                    await settle(url)
                    per_update.append((service.cpu() - before) / count)
                    pg_per_update.append((postgres_cpu() - pg_before) / count)
                median = statistics.median(per_update)
                print(f"1. CPU per update over a whole conversation ({args.conversations} "
                      f"conversations, {count} updates each, {args.workers} worker(s)): median "
                      f"{median * 1000:.1f} ms, min {min(per_update) * 1000:.1f}, max "
                      f"{max(per_update) * 1000:.1f}; {median / bare:.0f}x the bare handler, "
                      f"{median / tx:.1f}x a bare transaction")  # fmt: skip
                steps = ", ".join(
                    f"{label} {statistics.median(cpus) * 1000:.1f}"
                    for label, cpus in driver.step_cpu.items()
                )
                print(f"   by step (median ms, with the idle service's {idle * 1000:.1f} ms/s "
                      f"over each step's ~0.06 s): {steps}")  # fmt: skip
                if args.db == "postgres":
                    print(f"   PostgreSQL's own processes: median "
                          f"{statistics.median(pg_per_update) * 1000:.1f} ms/update")  # fmt: skip
                errors += driver.errors
                driver = Driver(api, service, inbox, http, ids=driver.ids)
                started, cpu_before = time.monotonic(), service.cpu()
                here_before, pg_before = time.process_time(), postgres_cpu()
                await asyncio.gather(*(driver.conversation(820_000 + n) for n in range(args.chats)))
                await settle(url)
                wall = time.monotonic() - started
                cpu = service.cpu() - cpu_before
                here = time.process_time() - here_before
                pg = postgres_cpu() - pg_before
                per = 1000 / max(driver.updates, 1)
                print(f"2. throughput, limits lifted, {args.chats} conversations at once: "
                      f"{driver.updates} updates in {wall:.1f} s = {driver.updates / wall:.0f} "
                      f"updates/s end to end; {driver.errors} errors; service CPU "
                      f"{cpu * per:.1f} ms/update")  # fmt: skip
                database = (
                    f" and PostgreSQL {pg * per:.1f} ms/update" if args.db == "postgres" else ""
                )
                print(f"   the same cores also ran this process (load generator and loopback Bot "
                      f"API) {here * per:.1f} ms/update{database}: "
                      f"{(cpu + here + pg) / wall:.2f} of {os.cpu_count()} cores busy")  # fmt: skip
                errors += driver.errors
        finally:
            follower.cancel()
            service.stop()
            await api.stop()

        return await limited_phases(args, folder, errors)


async def limited_phases(args: argparse.Namespace, folder: Path, errors: int) -> int:
    """Phases 3 and 4, under Telegram's limits."""
    import aiohttp

    if args.paced_seconds <= 0 and args.flood_chats <= 0:
        return 1 if errors else 0
    service, url, api = await run_service_phase(
        args, folder, "bench_cpu_b", unlimited=False, workers=args.workers
    )
    inbox = Inbox(api)
    follower = asyncio.create_task(inbox.follow())
    try:
        async with aiohttp.ClientSession() as http:
            if args.paced_seconds > 0:
                driver = Driver(api, service, inbox, http)
                paced_chats = itertools.cycle(range(830_000, 830_000 + 60))
                tasks = []
                total = int(15 * args.paced_seconds)
                for _ in range(total):
                    chat = next(paced_chats)
                    update = api.text_update(chat, "/trogiup")
                    tasks.append(asyncio.create_task(driver.step(chat, update)))
                    await asyncio.sleep(1 / 15)
                await asyncio.gather(*tasks)
                lat = sorted(driver.latencies)
                p50 = lat[len(lat) // 2] * 1000
                p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000
                print(f"3. under Telegram's limits, 15 updates/s for {args.paced_seconds} s "
                      f"from 60 chats: p50 {p50:.0f} ms, p99 {p99:.0f} ms webhook to first "
                      f"reply; {driver.errors} unanswered")  # fmt: skip
                errors += driver.errors
            if args.flood_chats > 0:
                ids = driver.ids if args.paced_seconds > 0 else itertools.count(1)
                driver = Driver(api, service, inbox, http, ids=ids)  # update ids go on
                first = len(api.sent)
                chats = range(840_000, 840_000 + args.flood_chats)
                per_chat = 5
                for _ in range(per_chat):
                    await asyncio.gather(
                        *(driver.post(api.text_update(c, "/trogiup")) for c in chats)
                    )
                await settle(url)
                deadline = time.monotonic() + 120
                while time.monotonic() < deadline:
                    if all(len(inbox.by_chat[c]) >= per_chat for c in chats):
                        break
                    await asyncio.sleep(0.2)
                await asyncio.sleep(2)
                flood = api.sent[first:]
                times = sorted(m.time for m in flood)
                span = times[-1] - times[0] if len(times) > 1 else 0
                rate = (len(times) - 1) / span if span else 0
                budget = float(os.environ.get("BROADCAST_RATE_PER_SECOND", "25"))
                short = sum(1 for c in chats if len(inbox.by_chat[c]) < per_chat)
                limit_answers = sum(1 for call in api.calls if call.status == 429)
                print(f"4. flood under the limits: {args.flood_chats} chats x {per_chat} "
                      f"updates; {len(times)} replies in {span:.1f} s = {rate:.1f}/s, "
                      f"{rate / budget:.2f} of the {budget:.0f}/s budget; {short} chats "
                      f"short of replies; {limit_answers} limit answers")  # fmt: skip
                errors += short
    finally:
        follower.cancel()
        service.stop()
        await api.stop()
    return 1 if errors else 0


def cli() -> int:
    if sys.argv[1:2] == ["serve"]:
        return child_service(sys.argv[2:])
    if sys.argv[1:2] == ["bare"]:
        child_bare(int(sys.argv[2]))
        return 0
    if sys.argv[1:2] == ["tx"]:
        child_transactions(sys.argv[2], int(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--workers", type=int, default=1, help="service processes")
    parser.add_argument(
        "--pg-via",
        choices=["socket", "tcp"],
        default="socket",
        help="reach PostgreSQL through its Unix socket (as deployed; TCP when there is none)",
    )
    parser.add_argument("--conversations", type=int, default=20, help="phase 1, one by one")
    parser.add_argument("--chats", type=int, default=100, help="phase 2, conversations at once")
    parser.add_argument("--paced-seconds", type=float, default=20, help="phase 3 (0: skip)")
    parser.add_argument("--flood-chats", type=int, default=60, help="phase 4 (0: skip)")
    parser.add_argument("--profile", default="", help="cProfile statistics of the service")
    return asyncio.run(main(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(cli())
