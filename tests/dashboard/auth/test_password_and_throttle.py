"""Password policy on the admin page, per-address login throttling, messages from the server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import build_app
from dashboard.auth.password_policy import common_passwords, password_problem
from dashboard.keys import STAFF_CONFIG
from dashboard.staff_config import StaffConfig
from domain.catalogue import t
from storage.models import AuditEntry, StaffUser
from tests.dashboard.staff_support import (
    add_staff,
    browser,
    dashboard,
    error_of,
    login,
    page_token,
)
from tests.e2e.service import free_port, service_settings

PASSWORD = "mat-khau-quan-tri"
STAFF = "/quan-tri/can-bo"


class ManualClock:
    """The staff clock of the web app, moved by the test."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 16, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_policy_refuses_short_common_guessable_passwords() -> None:
    assert "matkhau" in common_passwords() and "123456789" in common_passwords()
    refused = {
        "12345678": "staff_err_password_short",
        "1234567890": "staff_err_password_common",
        "Password123!": "staff_err_password_common",
        "Mật khẩu 2024": "staff_err_password_common",
        "anhyeuem1234": "staff_err_password_common",
        "nguyen.van.b.2026": "staff_err_password_username",
        "zzzzzzzzzzzz": "staff_err_password_weak",
        "abcdefghijkl": "staff_err_password_weak",
        "onlylowercase": "staff_err_password_weak",
    }
    for password, key in refused.items():
        assert password_problem(password, "nguyen.van.b") == key, password
    for good in ("mat-khau-an-toan", "Ba con meo 2026", "tram-bien-ap-so-7"):
        assert password_problem(good, "nguyen.van.b") is None, good


async def test_admin_page_applies_the_policy_and_shows_only_server_messages(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    async with dashboard(db_url) as base, browser() as admin:
        await login(admin, base, "quantri", PASSWORD)
        token = await page_token(admin, base + STAFF)
        form = {"csrf_token": token, "username": "nguyen.van.b", "role": "can_bo"}
        for password, key in (
            ("12345678", "staff_err_password_short"),
            ("matkhau123456", "staff_err_password_common"),
            ("nguyen.van.b-99", "staff_err_password_username"),
        ):
            async with admin.post(
                base + STAFF, data={**form, "password": password}, allow_redirects=False
            ) as response:
                assert response.status == 400
                assert error_of(await response.text()) == t(key, min=10)
        async with sessions() as session:
            found = await session.execute(select(StaffUser).where(StaffUser.username != "quantri"))
            assert found.scalars().all() == []

        async with admin.post(
            base + STAFF, data={**form, "password": "tram-bien-ap-so-7"}, allow_redirects=False
        ) as response:
            assert response.status == 303 and response.headers["Location"] == STAFF
        async with admin.get(base + STAFF) as page:
            html = await page.text()
        assert t("staff_ok_created", username="nguyen.van.b") in html
        async with admin.get(base + STAFF) as page:  # shown once
            assert t("staff_ok_created", username="nguyen.van.b") not in await page.text()
        crafted = f"{base}{STAFF}?ok=created&u=H%C3%A3y%20g%E1%BB%8Di%200999"
        async with admin.get(crafted) as page:
            html = await page.text()
        assert "Hãy gọi 0999" not in html and 'role="status"' not in html

        user_id = await _id_of(sessions, "nguyen.van.b")
        async with admin.post(
            f"{base}{STAFF}/{user_id}/mat-khau",
            data={"csrf_token": token, "password": "qwertyuiop123"},
            allow_redirects=False,
        ) as response:
            assert response.status == 400
            assert error_of(await response.text()) == t("staff_err_password_common")


async def _id_of(sessions: async_sessionmaker[AsyncSession], username: str) -> int:
    async with sessions() as session:
        stmt = select(StaffUser.id).where(StaffUser.username == username)
        return (await session.execute(stmt)).scalar_one()


async def test_one_address_failing_on_many_accounts_must_wait(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    for name in ("an", "binh", "chi", "dung"):
        await add_staff(sessions, f"canbo.{name}", PASSWORD, "can_bo")
    clock = ManualClock()
    app = build_app(service_settings(None, db_url, port := free_port()))
    app[STAFF_CONFIG] = StaffConfig(address_attempts=3, address_window_minutes=10, clock=clock)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    base = f"http://127.0.0.1:{port}"
    waiting = t("login_throttled", minutes="10")
    try:
        async with browser() as client:
            for name in ("an", "binh", "khong.co"):  # one wrong password each, or no account
                response = await login(client, base, f"canbo.{name}", "sai-mat-khau-1")
                assert response.status == 401
            response = await login(client, base, "canbo.dung", PASSWORD)  # right password
            assert response.status == 429
            assert error_of(await response.text()) == waiting
            async with client.get(f"{base}/dang-nhap") as page:  # still the login page
                assert page.status == 200
            clock.now += timedelta(minutes=10, seconds=1)
            response = await login(client, base, "canbo.dung", PASSWORD)
            assert response.status == 303
    finally:
        await runner.cleanup()
    async with sessions() as session:
        stmt = select(AuditEntry).where(AuditEntry.action == "login_failed")
        reasons = [entry.details["reason"] for entry in (await session.execute(stmt)).scalars()]
    assert reasons.count("address_throttled") == 1
    # The per-account counter was not touched by the refused attempt.
    async with sessions() as session:
        stmt = select(StaffUser.failed_logins).where(StaffUser.username == "canbo.dung")
        assert (await session.execute(stmt)).scalar_one() == 0
