"""``python -m bot run --workers N``: processes sharing one port on PostgreSQL, supervised."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

from domain.catalogue import t
from tests.conftest import _reset_postgres
from tests.e2e.service import free_port

ROOT = Path(__file__).resolve().parents[3]


def _env(database_url: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    env.pop("ZALO_BOT_TOKEN", None)
    return env


def test_several_workers_need_postgresql(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--workers", "2"],
        cwd=ROOT,
        env=_env(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and t("cli_workers_need_postgres") in done.stderr


def _children(pid: int) -> list[int]:
    """The worker processes (not multiprocessing's resource tracker)."""
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    workers = []
    for child in (int(p) for p in found.split()):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" not in cmdline:
            workers.append(child)
    return workers


async def _healthy(base: str) -> bool:
    try:
        async with aiohttp.ClientSession() as http, http.get(f"{base}/healthz") as response:
            return response.status == 200
    except aiohttp.ClientError:
        return False


async def _wait(condition, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await condition():
            return
        await asyncio.sleep(0.2)
    raise AssertionError("condition not reached")


async def test_two_workers_share_the_port_and_a_dead_one_is_replaced() -> None:
    url = await _reset_postgres()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    parent = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--workers", "2", "--port", str(port)],
        cwd=ROOT,
        env=_env(url),
    )
    try:
        await _wait(lambda: _healthy(base))

        async def two_workers() -> bool:
            return len(_children(parent.pid)) == 2

        await _wait(two_workers)
        workers = _children(parent.pid)
        os.kill(workers[0], signal.SIGKILL)
        await _wait(lambda: _healthy(base), timeout=15)  # the other worker answers

        async def replaced() -> bool:
            now = _children(parent.pid)
            return workers[0] not in now and len(now) == 2

        await _wait(replaced)
        await _wait(lambda: _healthy(base))
    finally:
        parent.send_signal(signal.SIGTERM)
        assert parent.wait(timeout=30) == 0
