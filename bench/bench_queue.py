"""The staff report queue with 100,000 reports, over real HTTP against the running service.

Seeds the reports in bulk (a realistic spread of categories, urgencies, statuses, places and
dates over two years), starts the whole service, logs in as an administrator and prints latency
percentiles for the default view, a filtered view, a search with and without diacritics, a deep
page and the live counts endpoint; then the same figures for the query layer alone. SQLite and
(when reachable) PostgreSQL. Figures only, no assertions.

Usage: ``python bench/bench_queue.py [--reports 100000] [--runs 40] [--only sqlite|postgres]``
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp
import asyncpg
from aiohttp import web
from sqlalchemy import insert

from bot.app import build_app
from bot.settings import Settings
from dashboard.auth.accounts import create_staff
from dashboard.reports.filters import parse_filter
from domain.taxonomy import CATEGORY_CODES
from domain.tracking import new_tracking_code
from handlers.citizen.report_service import search_text
from nlp.gazetteer import gazetteer
from storage.database import create_engine, session_factory
from storage.migrate import upgrade_to_head
from storage.models import Citizen, Report
from storage.report_queries import ReportQueries
from storage.staff import StaffRepository
from storage.uow import UnitOfWork

PG_ADMIN_DSN = os.environ.get("BENCH_PG_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/test")
PG_DATABASE = "phananh_bench_queue"
PASSWORD = "Ghe-Thuyen-Song-Cau-48"
PHRASES = [
    "Đường liên thôn bị sụt lún, có ổ gà lớn, xe máy đi qua rất nguy hiểm",
    "Cống thoát nước trước chợ bị tắc, mưa xuống là ngập đến đầu gối",
    "Đèn đường cả xóm tắt ba hôm nay, tối đi lại không an toàn",
    "Bãi rác tự phát cạnh kênh bốc mùi hôi thối cả tuần nay",
    "Mất điện từ chiều qua đến giờ chưa có lại, cột điện bị nghiêng",
    "Kênh tưới bị bồi lấp, nước không vào được ruộng",
    "Nước máy đục và có mùi lạ mấy ngày nay",
    "Sóng điện thoại rất yếu, không gọi được cho người thân",
    "Lớp học bị dột khi trời mưa, tường có vết nứt",
    "Trạm y tế xã thiếu thuốc, người dân phải đi xa",
    "Sân thể thao của thôn bị lấn chiếm để đỗ xe",
    "Công trình xây dựng trái phép lấn ra vỉa hè",
    "cau tran qua suoi bi sap mot phan, tre con di hoc rat nguy hiem",
    "duong ngap sau sau mua lon, nhieu xe chet may",
]
CATEGORY_WEIGHTS = [30, 15, 14, 12, 6, 6, 4, 3, 3, 2, 4, 1]
STATUSES = [
    "moi",
    "da_tiep_nhan",
    "dang_xu_ly",
    "da_chuyen",
    "da_giai_quyet",
    "trung_lap",
    "khong_thuoc_tham_quyen",
    "tu_choi",
]
STATUS_WEIGHTS = [15, 10, 15, 10, 40, 4, 3, 3]
URGENCIES, URGENCY_WEIGHTS = ["cao", "trung_binh", "thap"], [10, 70, 20]
VIEWS: dict[str, dict[str, str]] = {
    "default (open, page 1)": {},
    "filtered (category+urgency+old district)": {
        "loai": "giao_thong",
        "muc_do": "cao",
        "huyen": "huyen-luc-nam",
    },
    "search 'thoát nước' (diacritics)": {"q": "thoát nước"},
    "search 'thoat nuoc' (no diacritics)": {"q": "thoat nuoc"},
    "search 'ổ gà' (short words)": {"q": "ổ gà"},
    "search 'o ga' (short, no diacritics)": {"q": "o ga"},
    "all statuses, page 100": {"trang_thai": "tat_ca", "trang": "100"},
}
COUNTS_PATH = "/phan-anh/so-luong"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def report_rows(count: int, citizen_ids: list[int], now: datetime) -> list[dict[str, object]]:
    """``count`` reports spread over two years, 5 % without a place."""
    rng = random.Random(72)
    wards = [(u.code, u.full) for u in gazetteer().wards if u.code]
    rows: list[dict[str, object]] = []
    codes: set[str] = set()
    for index in range(count):
        created = now - timedelta(seconds=rng.randint(60, 2 * 365 * 86_400))
        place = rng.choice(wards) if rng.random() > 0.05 else (None, None)
        text = f"{rng.choice(PHRASES)} ({place[1] or 'không rõ nơi'}, lần {index})"
        code = new_tracking_code()
        while code in codes:  # 100,000 random codes collide now and then
            code = new_tracking_code()
        codes.add(code)
        citizen = rng.choice(citizen_ids)
        rows.append(
            {
                "code": code,
                "citizen_id": citizen,
                "channel": "telegram",
                "chat_id": str(citizen),
                "text": text,
                "category": rng.choices(CATEGORY_CODES, CATEGORY_WEIGHTS)[0],
                "urgency": rng.choices(URGENCIES, URGENCY_WEIGHTS)[0],
                "urgency_reasons": [],
                "flagged": [],
                "anonymous": True,
                "place_code": place[0],
                "place_name": place[1],
                "status": rng.choices(STATUSES, STATUS_WEIGHTS)[0],
                "accept_due_at": created + timedelta(hours=8),
                "resolve_due_at": created + timedelta(days=14),
                "created_at": created,
                "updated_at": created,
                "search_text": search_text(code, text, place[1]),
            }
        )
    return rows


async def seed(url: str, count: int) -> float:
    """Insert the reports and an administrator; returns the seconds spent."""
    start = time.perf_counter()
    engine = create_engine(url)
    await upgrade_to_head(engine)
    now = datetime.now(UTC)
    async with engine.begin() as conn:
        await conn.execute(
            insert(Citizen),
            [
                {"channel": "telegram", "external_id": str(i), "chat_id": str(i), "created_at": now}
                for i in range(1, 5001)
            ],
        )
    rows = report_rows(count, list(range(1, 5001)), now)
    for batch in range(0, len(rows), 5000):
        async with engine.begin() as conn:
            await conn.execute(insert(Report), rows[batch : batch + 5000])
    async with engine.connect() as conn:  # as autovacuum would after a day of reports
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.exec_driver_sql(
            "VACUUM ANALYZE reports" if engine.dialect.name == "postgresql" else "ANALYZE"
        )
    async with UnitOfWork(session_factory(engine)) as uow:
        await create_staff(
            StaffRepository(uow.session), username="bench", password=PASSWORD, role="admin"
        )
        await uow.commit()
    await engine.dispose()
    return time.perf_counter() - start


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"p50 {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   "
        f"max {ordered[-1] * 1000:7.1f} ms"
    )


async def timed(runs: int, call: Callable[[], Awaitable[object]]) -> list[float]:
    for _ in range(3):
        await call()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - start)
    return samples


async def bench_http(url: str, runs: int) -> None:
    port = free_port()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, database_url=url, http_host="127.0.0.1", http_port=port
    )
    runner = web.AppRunner(build_app(settings))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            async with http.get(f"{base}/dang-nhap") as page:
                token = CSRF_RE.search(await page.text()).group(1)  # type: ignore[union-attr]
            async with http.post(
                f"{base}/dang-nhap",
                data={
                    "csrf_token": token,
                    "username": "bench",
                    "password": PASSWORD,
                },
                allow_redirects=False,
            ) as login:
                assert login.status == 303, login.status

            def getter(path: str, json: bool = False) -> Callable[[], Awaitable[object]]:
                async def call() -> object:
                    headers = {"Accept": "application/json"} if json else {}
                    async with http.get(base + path, headers=headers) as response:
                        body = await response.read()
                        if response.status != 200:
                            raise RuntimeError(f"{path}: HTTP {response.status}")
                        return body

                return call

            for label, query in VIEWS.items():
                samples = await timed(runs, getter("/phan-anh?" + urlencode(query)))
                print(f"  HTTP  {label:44s} {percentiles(samples)}")
            samples = await timed(runs, getter(COUNTS_PATH, json=True))
            print(f"  HTTP  {'counts endpoint (JSON)':44s} {percentiles(samples)}")
    finally:
        await runner.cleanup()


async def bench_queries(url: str, runs: int) -> None:
    engine = create_engine(url)
    sessions = session_factory(engine)
    try:
        for label, params in VIEWS.items():
            parsed = parse_filter(params, None)
            page = int(params.get("trang", "1"))

            async def call(flt: object = parsed.flt, page: int = page) -> object:
                async with sessions() as session:
                    queries = ReportQueries(session)
                    return await queries.queue_page(flt, datetime.now(UTC), page=page)  # type: ignore[arg-type]

            print(f"  query {label:44s} {percentiles(await timed(runs, call))}")

        async def counts() -> object:
            async with sessions() as session:
                queries = ReportQueries(session)
                return await queries.status_counts(parse_filter({}, None).flt, datetime.now(UTC))

        print(f"  query {'counts':44s} {percentiles(await timed(runs, counts))}")
    finally:
        await engine.dispose()


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def postgres_url() -> str | None:
    try:
        admin = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    except (OSError, asyncpg.PostgresError):
        return None
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}"')
        await admin.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    finally:
        await admin.close()
    return (
        "postgresql+asyncpg://"
        + PG_ADMIN_DSN.split("://", 1)[1].rsplit("/", 1)[0]
        + ("/" + PG_DATABASE)
    )


async def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--reports", type=int, default=100_000)
    args.add_argument("--runs", type=int, default=40)
    args.add_argument("--only", choices=["sqlite", "postgres"])
    opts = args.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        targets: list[tuple[str, str | None]] = []
        if opts.only != "postgres":
            targets.append(("SQLite", f"sqlite+aiosqlite:///{tmp}/bench.db"))
        if opts.only != "sqlite":
            targets.append(("PostgreSQL", await postgres_url()))
        for name, url in targets:
            if url is None:
                print(f"{name}: not reachable, skipped")
                continue
            seconds = await seed(url, opts.reports)
            print(
                f"{name}: {opts.reports:,} reports seeded in {seconds:.1f} s; "
                f"{opts.runs} requests per view"
            )
            await bench_http(url, opts.runs)
            await bench_queries(url, opts.runs)


if __name__ == "__main__":
    asyncio.run(main())
