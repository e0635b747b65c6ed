"""Changing one's own password, and two-factor login (TOTP, recovery codes) for administrators."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import aiohttp
import pyotp
from aiohttp import web
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import build_app
from dashboard.keys import STAFF_CONFIG
from dashboard.staff_config import StaffConfig
from domain.catalogue import t
from storage.models import AuditEntry, StaffUser
from storage.staff_2fa_models import StaffRecoveryCode
from tests.dashboard.staff_support import add_staff, browser, error_of, login, page_token
from tests.e2e.service import free_port, service_settings

PASSWORD = "mat-khau-quan-tri"
NEW_PASSWORD = "cau-long-bac-ninh-7"
TWO_FACTOR = "/tai-khoan/hai-buoc"
CODE_PAGE = "/dang-nhap/ma-xac-thuc"
SECRET_RE = re.compile(r'<code class="totp-secret">([A-Z2-7 ]+)</code>')
RECOVERY_RE = re.compile(r"<li><code>([a-z2-7]{5}-[a-z2-7]{5})</code></li>")


class ManualClock:
    """The staff clock of the web app, moved by the test."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 16, 2, 0, 5, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@asynccontextmanager
async def served(db_url: str, clock: ManualClock, **config: object) -> AsyncIterator[str]:
    """The real web app with the staff clock under the test's control."""
    app = build_app(service_settings(None, db_url, port := free_port()))
    app[STAFF_CONFIG] = StaffConfig(clock=clock, **config)  # type: ignore[arg-type]
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def _post(
    client: aiohttp.ClientSession, url: str, data: dict[str, str]
) -> tuple[int, str, str]:
    async with client.post(url, data=data, allow_redirects=False) as response:
        return response.status, await response.text(), response.headers.get("Location", "")


async def _logged_in(client: aiohttp.ClientSession, base: str) -> bool:
    async with client.get(base + "/tai-khoan", allow_redirects=False) as response:
        return response.status == 200


async def _audit(sessions: async_sessionmaker[AsyncSession], action: str) -> list[AuditEntry]:
    async with sessions() as session:
        stmt = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        return list((await session.execute(stmt)).scalars())


async def test_every_role_changes_its_password_and_other_sessions_end(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    for username, role in (("lanh.dao", "lanh_dao"), ("tuyen.truyen", "tuyen_truyen")):
        await add_staff(sessions, username, PASSWORD, role)
        async with served(db_url, ManualClock()) as base, browser() as me, browser() as other:
            assert (await login(me, base, username, PASSWORD)).status == 303
            assert (await login(other, base, username, PASSWORD)).status == 303
            url = base + "/tai-khoan/mat-khau"
            token = await page_token(me, url)
            form = {"csrf_token": token, "current": PASSWORD, "new": NEW_PASSWORD}
            for data, key in (
                ({**form, "current": "khong-dung-dau"}, "account_pw_current_wrong"),
                ({**form, "again": NEW_PASSWORD + "x"}, "account_pw_mismatch"),
                ({**form, "new": "matkhau123456", "again": "matkhau123456"}, None),
                ({**form, "new": PASSWORD, "again": PASSWORD}, "account_pw_same"),
            ):
                status, page, _ = await _post(me, url, data)
                assert status == 400
                expected = t(key) if key else t("staff_err_password_common")
                assert error_of(page) == html_lib.escape(expected, quote=True)
            status, page, _ = await _post(me, url, {**form, "again": NEW_PASSWORD})
            assert status == 200 and t("account_pw_done", sessions=1) in page
            assert await _logged_in(me, base)
            assert not await _logged_in(other, base)
        async with served(db_url, ManualClock()) as base, browser() as client:
            assert (await login(client, base, username, PASSWORD)).status == 401
            assert (await login(client, base, username, NEW_PASSWORD)).status == 303
    changed = await _audit(sessions, "password_changed")
    assert [(e.actor, e.details) for e in changed] == [
        ("lanh.dao", {"sessions_ended": 1}),
        ("tuyen.truyen", {"sessions_ended": 1}),
    ]


async def _enrol(
    client: aiohttp.ClientSession, base: str, clock: ManualClock
) -> tuple[str, list[str]]:
    """Turn two-factor login on from its page; the secret and the recovery codes shown."""
    async with client.get(base + TWO_FACTOR) as response:
        page = await response.text()
    found = SECRET_RE.search(page)
    assert found and "<svg" in page and "otpauth://totp/" in page
    secret = found.group(1).replace(" ", "")
    token = page_token_of(page)
    status, page, _ = await _post(
        client, base + TWO_FACTOR + "/bat", {"csrf_token": token, "code": "000000"}
    )
    assert status == 400 and error_of(page) == t("account_code_wrong")
    code = pyotp.TOTP(secret).at(clock.now)
    status, page, _ = await _post(
        client, base + TWO_FACTOR + "/bat", {"csrf_token": token, "code": f"{code[:3]} {code[3:]}"}
    )
    assert status == 200 and t("account_totp_enabled") in page
    codes = RECOVERY_RE.findall(page)
    assert len(codes) == 10 and len(set(codes)) == 10
    async with client.get(base + TWO_FACTOR) as response:  # shown once
        assert not RECOVERY_RE.findall(await response.text())
    return secret, codes


def page_token_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


async def _code_step(client: aiohttp.ClientSession, base: str, code: str) -> tuple[int, str, str]:
    async with client.get(base + CODE_PAGE, allow_redirects=False) as response:
        assert response.status == 200, response.status
        token = page_token_of(await response.text())
    return await _post(client, base + CODE_PAGE, {"csrf_token": token, "code": code})


async def test_admin_turns_on_totp_and_login_asks_for_a_fresh_code(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    await add_staff(sessions, "quantri.hai", PASSWORD, "admin")
    clock = ManualClock()
    async with served(db_url, clock) as base:
        async with browser() as admin:
            await login(admin, base, "quantri", PASSWORD)
            async with admin.get(base + "/phan-anh") as response:
                assert t("account_totp_prompt") in await response.text()
            secret, recovery = await _enrol(admin, base, clock)
            async with admin.get(base + "/phan-anh") as response:
                assert t("account_totp_prompt") not in await response.text()
        totp = pyotp.TOTP(secret)
        async with browser() as client:
            response = await login(client, base, "quantri", PASSWORD, next_path="/thong-ke")
            assert response.status == 303 and response.headers["Location"] == CODE_PAGE
            assert not await _logged_in(client, base)  # the password alone opens nothing
            replayed = totp.at(clock.now)  # the code used to confirm, same 30 seconds
            status, page, _ = await _code_step(client, base, replayed)
            assert status == 401 and error_of(page) == t("account_code_wrong")
            clock.now += timedelta(seconds=30)
            code = totp.at(clock.now)
            status, _, location = await _code_step(client, base, f" {code[:3]} {code[3:]} ")
            assert status == 303 and location == "/thong-ke"
            assert await _logged_in(client, base)
        async with browser() as client:  # the same code again, a second later: refused
            clock.now += timedelta(seconds=1)
            await login(client, base, "quantri", PASSWORD)
            status, _, _ = await _code_step(client, base, code)
            assert status == 401
            status, _, location = await _code_step(client, base, recovery[0].upper())
            assert status == 303 and await _logged_in(client, base)
        async with browser() as client:  # a recovery code serves once
            await login(client, base, "quantri", PASSWORD)
            assert (await _code_step(client, base, recovery[0]))[0] == 401
            assert (await _code_step(client, base, recovery[1].replace("-", " ")))[0] == 303
        async with browser() as other:  # another admin resets it
            await login(other, base, "quantri.hai", PASSWORD)
            async with other.get(base + TWO_FACTOR) as response:
                page = await response.text()
            user_id = await _id_of(sessions, "quantri")
            assert f"/dat-lai/{user_id}" in page
            status, page, _ = await _post(
                other,
                f"{base}{TWO_FACTOR}/dat-lai/{user_id}",
                {"csrf_token": page_token_of(page)},
            )
            assert status == 200 and t("account_reset_done", username="quantri") in page
        async with browser() as client:
            assert (await login(client, base, "quantri", PASSWORD)).headers["Location"] != CODE_PAGE
    async with sessions() as session:
        left = (await session.execute(select(StaffRecoveryCode))).scalars().all()
    assert left == []
    logins = await _audit(sessions, "login")
    factors = [e.details.get("second_factor") for e in logins if e.actor == "quantri"]
    assert factors == [None, "totp", "recovery", "recovery", None]
    assert [(e.actor, e.target) for e in await _audit(sessions, "totp_reset")] == [
        ("quantri.hai", "quantri")
    ]


async def _id_of(sessions: async_sessionmaker[AsyncSession], username: str) -> int:
    async with sessions() as session:
        stmt = select(StaffUser.id).where(StaffUser.username == username)
        return (await session.execute(stmt)).scalar_one()


async def test_wrong_codes_are_throttled_like_passwords(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    clock = ManualClock()
    async with served(db_url, clock, address_attempts=5, lockout_attempts=3) as base:
        async with browser() as admin:
            await login(admin, base, "quantri", PASSWORD)
            secret, _ = await _enrol(admin, base, clock)  # one wrong code counted here
        clock.now += timedelta(seconds=30)
        async with browser() as client:
            await login(client, base, "quantri", PASSWORD)
            assert (await _code_step(client, base, "111111"))[0] == 401
            assert (await _code_step(client, base, "222222"))[0] == 401
        async with browser() as client:  # the right password again does not start the count anew
            assert (await login(client, base, "quantri", PASSWORD)).headers["Location"] == CODE_PAGE
            status, _, location = await _code_step(client, base, "333333")  # third: locked
            assert status == 303 and location == "/dang-nhap?ma=sai-nhieu-lan"
            async with client.get(base + CODE_PAGE, allow_redirects=False) as response:
                assert response.status == 303  # the pending login is gone
            # The account is locked: even the right password is refused for a while.
            assert (await login(client, base, "quantri", PASSWORD)).status == 401
            # Wrong codes counted against the address too: its fifth failure makes it wait.
            assert (await login(client, base, "quantri", PASSWORD)).status == 429
        clock.now += timedelta(minutes=16)
        async with browser() as client:
            await login(client, base, "quantri", PASSWORD)
            code = pyotp.TOTP(secret).at(clock.now)
            assert (await _code_step(client, base, code))[0] == 303
    refused = [e.details for e in await _audit(sessions, "login_failed")]
    assert [d["reason"] for d in refused].count("code") == 3
    assert any(d.get("locked") for d in refused)
