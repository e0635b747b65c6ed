"""Start-up time: from starting ``python -m bot`` on a fresh SQLite file to ``/healthz`` answering.

Baselines measured in the same run, the same way: ``python -c pass`` (the interpreter alone, to
its exit) and a bare aiohttp application with one ``/healthz`` route (to its first 200). With
``--telegram`` the service also gets a bot token and the loopback Bot API server (polling mode),
so python-telegram-bot is started too. Each kind runs ``--rounds`` times; the median is printed.

Usage: ``python bench/bench_startup.py [--rounds 3] [--telegram]``; exits 1 when the service did
not come up, 2 when the median misses the 1.5 s target.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET_SECONDS = 1.5
BARE_APP = """
import sys
from aiohttp import web
async def healthz(request):
    return web.json_response({"status": "ok"})
app = web.Application()
app.router.add_get("/healthz", healthz)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
"""


def free_port() -> int:
    """A port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(port: int) -> bool:
    """Whether ``/healthz`` answers 200 now."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


def time_until_healthy(args: list[str], port: int, env: dict[str, str], limit: float) -> float:
    """Seconds from starting ``args`` to the first 200 from ``/healthz``; inf when it never came."""
    started = time.perf_counter()
    process = subprocess.Popen(
        args, env=env, cwd=env.get("BENCH_CWD", str(ROOT)), stdout=subprocess.DEVNULL
    )
    try:
        while time.perf_counter() - started < limit:
            if healthy(port):
                return time.perf_counter() - started
            if process.poll() is not None:
                return float("inf")
            time.sleep(0.01)
        return float("inf")
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def time_to_exit(args: list[str]) -> float:
    """Seconds for ``args`` to run and exit."""
    started = time.perf_counter()
    subprocess.run(args, check=True)
    return time.perf_counter() - started


def service_env(work: Path, port: int, api_base: str | None, token: str | None) -> dict[str, str]:
    """The environment of one service start on a fresh SQLite file in ``work``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "ZALO_", "DATABASE_", "HTTP_"))
    }
    env.update(
        DATABASE_URL=f"sqlite+aiosqlite:///{work / 'bot.db'}",
        HTTP_HOST="127.0.0.1",
        HTTP_PORT=str(port),
        LOG_LEVEL="WARNING",
        BENCH_CWD=str(work),  # no .env of the checkout is read
        PYTHONPATH=str(ROOT),
    )
    if token and api_base:
        env.update(TELEGRAM_BOT_TOKEN=token, TELEGRAM_API_BASE_URL=api_base)
    return env


async def _with_bot_api(rounds: int) -> list[float]:
    from tests.support.fake_bot_api import FakeBotApi

    api = FakeBotApi()
    await api.start()
    try:
        return [
            await asyncio.to_thread(_service_once, api.base_url, api.token) for _ in range(rounds)
        ]
    finally:
        await api.stop()


def _service_once(api_base: str | None = None, token: str | None = None) -> float:
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        port = free_port()
        env = service_env(Path(tmp), port, api_base, token)
        return time_until_healthy([sys.executable, "-m", "bot"], port, env, limit=60)


def main() -> int:
    """Run the measurements and print them."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=3)
    options.add_argument("--telegram", action="store_true", help="also with a bot token")
    args = options.parse_args()
    rows: list[tuple[str, list[float]]] = []
    rows.append(("python -c pass", [time_to_exit([sys.executable, "-c", "pass"])
                                    for _ in range(args.rounds)]))  # fmt: skip
    bare: list[float] = []
    for _ in range(args.rounds):
        port = free_port()
        env = dict(os.environ, BENCH_CWD=str(ROOT))
        bare.append(time_until_healthy([sys.executable, "-c", BARE_APP, str(port)], port, env, 30))
    rows.append(("bare aiohttp app to /healthz", bare))
    rows.append(
        ("python -m bot to /healthz (no token)", [_service_once() for _ in range(args.rounds)])
    )
    if args.telegram:
        with contextlib.suppress(KeyboardInterrupt):
            rows.append(
                ("python -m bot to /healthz (Telegram)", asyncio.run(_with_bot_api(args.rounds)))
            )
    print(f"{'start-up':42} {'median':>8} {'min':>8} {'max':>8}   (seconds, {args.rounds} rounds)")
    for name, times in rows:
        print(f"{name:42} {statistics.median(times):8.3f} {min(times):8.3f} {max(times):8.3f}")
    service = [statistics.median(times) for name, times in rows if name.startswith("python -m")]
    if any(value == float("inf") for value in service):
        print("the service did not answer /healthz", file=sys.stderr)
        return 1
    print(f"target {TARGET_SECONDS} s: {'met' if max(service) <= TARGET_SECONDS else 'NOT met'}")
    return 0 if max(service) <= TARGET_SECONDS else 2


if __name__ == "__main__":
    raise SystemExit(main())
