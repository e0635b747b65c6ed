"""``python -m bot run [--workers N]``: one process, or N processes sharing one port.

Several workers need PostgreSQL: they share its inbox (each chat's updates claimed in order), its
rate budgets and its leader lock (one process runs the scheduler). The parent only supervises:
it restarts a worker that died and stops them all on SIGTERM or Ctrl+C.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
import sys
import time
from multiprocessing.process import BaseProcess
from types import FrameType

from aiohttp import web

from bot.settings import Settings
from domain.catalogue import t

RESTART_PAUSE = 1.0  # seconds between a worker's death and its replacement


def serve(settings: Settings, host: str, port: int, workers: int) -> int:
    """Run the service in this process, or supervise ``workers`` processes."""
    if workers <= 1:
        _run(settings, host, port, reuse_port=False)
        return 0
    if not settings.database_url.startswith("postgresql"):
        print(t("cli_workers_need_postgres"), file=sys.stderr)
        return 2
    asyncio.run(_migrate(settings.database_url))  # once, before the workers open it together
    context = multiprocessing.get_context("spawn")
    stopping = False

    def start(index: int) -> BaseProcess:
        process = context.Process(target=_worker, args=(host, port), name=f"worker-{index}")
        process.start()
        return process

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    processes = [start(i) for i in range(workers)]
    while not stopping:
        time.sleep(RESTART_PAUSE)
        for index, process in enumerate(processes):
            if not process.is_alive() and not stopping:
                print(t("cli_worker_restarted", name=process.name, code=process.exitcode))
                processes[index] = start(index)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=10)
    return 0


async def _migrate(url: str) -> None:
    from bot.knowledge_seed import seed_documents
    from storage.database import open_database

    db = await open_database(url)
    try:
        await seed_documents(db)
    finally:
        await db.dispose()


def _worker(host: str, port: int) -> None:
    from bot.logs import configure_logging

    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    _run(settings, host, port, reuse_port=True)


def _run(settings: Settings, host: str, port: int, *, reuse_port: bool) -> None:
    from bot.app import build_app

    web.run_app(build_app(settings), host=host, port=port, print=None, reuse_port=reuse_port)
