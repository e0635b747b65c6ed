"""E-mail to an Open311 requester through a real local SMTP server (aiosmtpd), over real HTTP."""

from __future__ import annotations

import html
import json
import logging
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import aiohttp
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import select

from domain.catalogue import t
from storage.models import ReportEvent
from storage.open311 import new_api_key
from storage.uow import UnitOfWork
from tests.dashboard.reports.test_pages import PASSWORD, Sessions, get, submit
from tests.dashboard.staff_support import add_staff, browser, login
from tests.e2e.service import free_port, running_service, service_settings

EMAIL = "nguoi.gui@example.vn"
SENDER = "phananh@mttq.example.vn"
REPLY = "Phường đã cử đội duy tu vá ổ gà trong tuần này."


class Inbox:
    """What the SMTP server accepted: envelope recipients and parsed messages."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.logins: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword) and data.password == b"mat-khau-smtp":
            self.logins.append(data.login.decode())
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=inbox.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def closed_port() -> int:
    """A port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def service_with_open311(
    db_url: str, sessions: Sessions, **settings: Any
) -> AsyncIterator[tuple[str, str]]:
    """The service with SMTP settings and an Open311 report with an e-mail: (base, code)."""
    key = new_api_key()
    async with UnitOfWork(sessions) as uow:
        await uow.open311.add_key("ứng dụng thử", key)
        await uow.commit()
    async with (
        running_service(service_settings(None, db_url, free_port(), **settings)) as base,
        aiohttp.ClientSession() as http,
    ):
        form = {
            "api_key": key,
            "service_code": "giao_thong",
            "address_string": "Phường Bắc Giang, tỉnh Bắc Ninh",
            "description": "Ổ gà rất to trên đường Lê Lợi, xe máy dễ ngã",
            "email": EMAIL,
        }
        async with http.post(f"{base}/open311/v2/requests.json", data=form) as response:
            assert response.status == 200, await response.text()
            code = json.loads(await response.text())[0]["service_request_id"]
        yield base, code


def smtp_settings(port: int) -> dict[str, object]:
    """Settings for the local SMTP server of :func:`smtp_server` (with a login, no TLS)."""
    return {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_username": "hopthu",
        "smtp_password": "mat-khau-smtp",
        "smtp_from": SENDER,
        "smtp_starttls": False,
    }


async def _email_events(sessions: Sessions) -> list[ReportEvent]:
    async with sessions() as session:
        stmt = select(ReportEvent).where(ReportEvent.kind == "email")
        return list((await session.execute(stmt)).scalars())


async def test_a_reply_is_e_mailed_to_the_open311_requester(
    db_url: str, sessions: Sessions
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    with smtp_server() as (inbox, port):
        async with (
            service_with_open311(
                db_url,
                sessions,
                **smtp_settings(port),
            ) as (base, code),
            browser() as client,
        ):
            await login(client, base, "quantri", PASSWORD)
            page = html.unescape((await get(client, f"{base}/phan-anh/{code}"))[1])
            assert t("rq_email_offer", to=EMAIL) in page
            kind, text = await submit(client, base, code, "tra-loi", text=REPLY, email="1")
            assert kind == "ok", text
            assert t("rp_saved_open311", code=code) in text
            assert t("rq_email_sent", to=EMAIL) in text
            timeline = html.unescape((await get(client, f"{base}/phan-anh/{code}"))[1])
            assert t("rp_event_email") in timeline
            assert t("rp_event_email_sent", to=EMAIL) in timeline
    [(recipients, message)] = inbox.messages
    assert recipients == [EMAIL] and inbox.logins == ["hopthu"]
    assert message["From"] == SENDER and message["To"] == EMAIL
    assert message["Subject"] == t("mail_subject_reply", code=code)
    body = message.get_content()
    assert REPLY in body and code in body
    [event] = await _email_events(sessions)
    assert event.details["sent"] is True and event.notified_at is not None


async def test_a_failed_e_mail_is_shown_logged_and_the_reply_kept(
    db_url: str, sessions: Sessions, caplog: pytest.LogCaptureFixture
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    caplog.set_level(logging.WARNING, logger="handlers.staff.mail")
    async with (
        service_with_open311(
            db_url,
            sessions,
            smtp_host="127.0.0.1",
            smtp_port=closed_port(),
            smtp_from=SENDER,
            smtp_starttls=False,
        ) as (base, code),
        browser() as client,
    ):
        await login(client, base, "quantri", PASSWORD)
        kind, text = await submit(
            client, base, code, "hoi", text="Ổ gà trước số nhà nào?", email="1"
        )
        assert kind == "error"
        assert t("rp_saved_open311", code=code) in text
        assert t("rq_email_failed", to=EMAIL, error="").split("(")[0] in text
    assert any(f"e-mail to {EMAIL} not sent" in r.getMessage() for r in caplog.records)
    async with sessions() as session:
        kinds = (await session.execute(select(ReportEvent.kind))).scalars().all()
    assert "question" in kinds  # the question itself is stored
    [event] = await _email_events(sessions)
    assert event.details["sent"] is False and event.details["error"]
    assert event.notified_at is None
