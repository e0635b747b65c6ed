"""The web chat and health endpoint over real HTTP, with no Telegram token at all."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from domain.catalogue import t
from tests.e2e.service import free_port, running_service, service_settings

CODE_RE = re.compile(r"PA-[0-9A-Z]{7}")
ROOT = Path(__file__).resolve().parents[2]


class WebVisitor:
    """A visitor of /chat, speaking its JSON API."""

    def __init__(self, http: aiohttp.ClientSession, base: str) -> None:
        self.http = http
        self.base = base
        self.session = uuid.uuid4().hex
        self.after = 0

    async def post(self, **body: Any) -> list[dict[str, Any]]:
        payload = {"session": self.session, "id": uuid.uuid4().hex, "after": self.after, **body}
        async with self.http.post(f"{self.base}/chat/api/message", json=payload) as response:
            assert response.status == 200, await response.text()
            messages: list[dict[str, Any]] = (await response.json())["messages"]
        if messages:
            self.after = messages[-1]["id"]
        return messages

    async def photo(self, content: bytes) -> list[dict[str, Any]]:
        form = aiohttp.FormData()
        form.add_field("session", self.session)
        form.add_field("after", str(self.after))
        form.add_field("file", content, filename="hien-truong.jpg", content_type="image/jpeg")
        async with self.http.post(f"{self.base}/chat/api/photo", data=form) as response:
            assert response.status == 200
            messages: list[dict[str, Any]] = (await response.json())["messages"]
        self.after = messages[-1]["id"] if messages else self.after
        return messages


def joined(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m["text"] for m in messages)


def callbacks(messages: list[dict[str, Any]]) -> list[str]:
    return [
        b["callback_data"]
        for m in messages
        for row in m["buttons"]
        for b in row
        if b.get("callback_data")
    ]


@pytest.fixture
async def web(tmp_path: Path) -> AsyncIterator[tuple[aiohttp.ClientSession, str]]:
    settings = service_settings(
        None, f"sqlite+aiosqlite:///{tmp_path / 'data' / 'bot.db'}", free_port()
    )
    async with running_service(settings) as base, aiohttp.ClientSession() as http:
        yield http, base


async def test_health_and_chat_page(web: tuple[aiohttp.ClientSession, str]) -> None:
    http, base = web
    async with http.get(f"{base}/healthz") as response:
        assert response.status == 200 and (await response.json())["status"] == "ok"
    async with http.get(f"{base}/chat") as response:
        page = await response.text()
    assert response.status == 200 and '<html lang="vi">' in page and t("webchat_title") in page


async def test_complete_report_over_the_web_chat(web: tuple[aiohttp.ClientSession, str]) -> None:
    http, base = web
    visitor = WebVisitor(http, base)
    assert "Nghị định 13/2023/NĐ-CP" in joined(await visitor.post(text="/start"))
    await visitor.post(callback="consent:yes")
    # typed the way people type: no diacritics, «ok» instead of a button, thanks
    messages = await visitor.post(
        text="rac thai do trom thanh dong lon canh kenh tuoi thon Nam, boc mui hoi thoi ca tuan nay"
    )
    assert "xã/phường nào" in joined(messages)
    card = joined(await visitor.post(text="xa Tan Dinh"))
    assert "Thôn Nam, Xã Tân Dĩnh" in card and "Môi trường" in card
    assert "Ảnh: 1" in joined(await visitor.photo(b"\xff\xd8\xff" + b"\x00" * 500))
    done = joined(await visitor.post(text="ok"))
    code = CODE_RE.search(done)
    assert code, done
    assert code.group(0) in joined(await visitor.post(text="cam on nhe"))
    assert "Mới gửi" in joined(await visitor.post(text=f"/tracuu {code.group(0)}"))


async def test_bad_requests_get_a_clear_error(web: tuple[aiohttp.ClientSession, str]) -> None:
    http, base = web
    async with http.post(f"{base}/chat/api/message", data=b"{oops") as response:
        assert response.status == 400 and await response.text() == t("webchat_bad_request")
    async with http.post(f"{base}/chat/api/message", json={"session": "../etc", "text": "x"}) as r:
        assert r.status == 400
    async with http.get(f"{base}/chat/api/messages", params={"session": "abc"}) as response:
        assert response.status == 400


async def test_status_change_reaches_the_web_chat_page(
    web: tuple[aiohttp.ClientSession, str], tmp_path: Path
) -> None:
    http, base = web
    visitor = WebVisitor(http, base)
    await visitor.post(text="/start")
    await visitor.post(callback="consent:yes")
    card = await visitor.post(
        text="Cống thoát nước trước cổng chợ Thương phường Bắc Giang bị tắc, mưa là ngập"
    )
    send = next(c for c in callbacks(card) if c.startswith("r:send"))
    code = CODE_RE.search(joined(await visitor.post(callback=send)))
    assert code
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'data' / 'bot.db'}"}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    done = await asyncio.to_thread(
        subprocess.run,
        [
            sys.executable,
            "-m",
            "bot",
            "report",
            "set-status",
            code.group(0),
            "da_tiep_nhan",
            "--note",
            "Cán bộ sẽ kiểm tra chiều nay",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    async with http.get(
        f"{base}/chat/api/messages",
        params={"session": visitor.session, "after": str(visitor.after)},
    ) as r:
        notices = joined((await r.json())["messages"])
    assert "Đã tiếp nhận" in notices and "Cán bộ sẽ kiểm tra chiều nay" in notices
    tracked = joined(await visitor.post(text=f"/tracuu {code.group(0)}"))
    assert "Đã tiếp nhận" in tracked and "Ghi chú mới nhất: Cán bộ sẽ kiểm tra chiều nay" in tracked


def test_quick_start_runs_with_no_token_on_sqlite_under_data(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    env["HTTP_PORT"] = str(port)
    env["PYTHONPATH"] = str(ROOT)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline and status != 200:
            time.sleep(0.3)
            try:
                import urllib.request

                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz") as response:
                    status = response.status
            except OSError:
                assert process.poll() is None, process.stdout.read() if process.stdout else ""
        assert status == 200
        assert (tmp_path / "data" / "bot.db").exists()
    finally:
        process.terminate()
        process.wait(timeout=30)
