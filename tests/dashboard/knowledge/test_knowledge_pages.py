"""``/hoi-dap`` over HTTP on the real service: upload a document, answer a forwarded question.

The citizen is a web-chat visitor, so the staff answer travels through the service's delivery
port (the web chat's adapter stores it for the page to fetch).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from storage.knowledge_models import FaqEntryRow, ForwardedQuestion
from tests.dashboard.staff_support import add_staff, browser, dashboard, login, page_token

ROOT = Path(__file__).resolve().parents[3]
GUIDE = ROOT / "docs" / "sources" / "huong-dan-phan-anh.md"
PASSWORD = "mat-khau-can-bo-hoi-dap"
QUESTION = "Mã tra cứu có dạng thế nào?"


class Visitor:
    """A web-chat visitor speaking the page's JSON API."""

    def __init__(self, http: aiohttp.ClientSession, base: str) -> None:
        self.http, self.base, self.session, self.after = http, base, uuid.uuid4().hex, 0

    async def post(self, **body: Any) -> str:
        payload = {"session": self.session, "id": uuid.uuid4().hex, "after": self.after, **body}
        async with self.http.post(f"{self.base}/chat/api/message", json=payload) as response:
            assert response.status == 200, await response.text()
            return self._take((await response.json())["messages"])

    async def fetch(self) -> str:
        params = {"session": self.session, "after": str(self.after)}
        async with self.http.get(f"{self.base}/chat/api/messages", params=params) as response:
            return self._take((await response.json())["messages"])

    def _take(self, messages: list[dict[str, Any]]) -> str:
        if messages:
            self.after = messages[-1]["id"]
        return "\n".join(m["text"] for m in messages)


async def _post(client: aiohttp.ClientSession, url: str, data: Any) -> aiohttp.ClientResponse:
    response = await client.post(url, data=data, allow_redirects=False)
    await response.read()
    return response


async def test_upload_a_document_and_answer_a_forwarded_question(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "canbo", PASSWORD, "can_bo")
    async with dashboard(db_url) as base, browser() as staff, aiohttp.ClientSession() as http:
        citizen = Visitor(http, base)
        await citizen.post(text="/start")
        await citizen.post(callback="consent:yes")
        declined = await citizen.post(text=f"/hoidap {QUESTION}")
        assert declined.splitlines()[-1].startswith("❔ Chưa có thông tin")  # only the seed letter
        assert await citizen.post(callback="qa:forward") == t("qa_forwarded")

        anonymous = await _post(staff, f"{base}/hoi-dap/van-ban", {"title": "x"})
        assert anonymous.status in (303, 403)
        assert (await login(staff, base, "canbo", PASSWORD)).status == 303
        async with staff.get(f"{base}/hoi-dap") as page:
            html = await page.text()
        assert QUESTION in html and "Công văn số 2987-CV/TU" in html

        no_csrf = await _post(staff, f"{base}/hoi-dap/faq", {"questions": "a", "answer": "b"})
        assert no_csrf.status == 403
        form = aiohttp.FormData()
        form.add_field("csrf_token", await page_token(staff, f"{base}/hoi-dap"))
        form.add_field("title", "Hướng dẫn gửi phản ánh")
        form.add_field("file", GUIDE.read_bytes(), filename=GUIDE.name)
        uploaded = await _post(staff, f"{base}/hoi-dap/van-ban", form)
        assert uploaded.status == 303
        async with staff.get(f"{base}/hoi-dap") as page:
            assert t("kn_uploaded", title="Hướng dẫn gửi phản ánh", count=17) in await page.text()
        answered = await citizen.post(text=f"/hoidap {QUESTION}")
        assert "PA-XXXXXXX" in answered  # the new document answers without a restart

        async with sessions() as session:
            forwarded = (await session.execute(select(ForwardedQuestion))).scalar_one()
        reply = "Mã tra cứu gồm chữ PA và 7 ký tự, ví dụ PA-1234567."
        token = await page_token(staff, f"{base}/hoi-dap")
        sent = await _post(
            staff,
            f"{base}/hoi-dap/cau-hoi/{forwarded.id}/tra-loi",
            {"csrf_token": token, "answer": reply, "save_faq": "1"},
        )
        assert sent.status == 303
        assert await citizen.fetch() == t("qa_staff_answer", question=QUESTION, answer=reply)
        async with sessions() as session:
            forwarded = (await session.execute(select(ForwardedQuestion))).scalar_one()
            faq = (await session.execute(select(FaqEntryRow))).scalar_one()
        assert (forwarded.status, forwarded.answer, forwarded.answered_by) == (
            "answered",
            reply,
            "canbo",
        )
        assert (faq.questions, faq.answer) == ([QUESTION], reply)
        from_faq = await citizen.post(text="/hoidap ma tra cuu co dang the nao")
        assert from_faq == t("qa_faq_answer", answer=reply, source=t("qa_faq_source"))
        again = await _post(
            staff,
            f"{base}/hoi-dap/cau-hoi/{forwarded.id}/tra-loi",
            {"csrf_token": token, "answer": reply},
        )
        assert again.status == 404  # answered once


async def test_leadership_accounts_cannot_open_the_page(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "lanhdao", PASSWORD, "lanh_dao")
    async with dashboard(db_url) as base, browser() as client:
        async with client.get(f"{base}/hoi-dap", allow_redirects=False) as anonymous:
            assert anonymous.status == 303 and "/dang-nhap" in anonymous.headers["Location"]
        assert (await login(client, base, "lanhdao", PASSWORD)).status == 303
        async with client.get(f"{base}/hoi-dap", allow_redirects=False) as page:
            assert page.status == 403
