"""Staff login over real HTTP: cookie, messages, lockout, redirects, logout (both databases)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from yarl import URL

from domain.catalogue import t
from storage.models import AuditEntry, StaffSession, StaffUser, utcnow
from tests.dashboard.staff_support import (
    add_staff,
    browser,
    csrf_of,
    dashboard,
    error_of,
    login,
)

PASSWORD = "mat-khau-an-toan"
FAILED = t("login_failed", attempts=5, minutes="15")


async def test_login_sets_an_httponly_samesite_cookie_and_lands_by_role(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "canbo", PASSWORD, "can_bo")
    await add_staff(sessions, "lanhdao", PASSWORD, "lanh_dao")
    async with dashboard(db_url) as base, browser() as client:
        response = await login(client, base, "CanBo", PASSWORD)
        assert response.status == 303
        assert response.headers["Location"] == "/phan-anh"
        cookies = [c for c in response.headers.getall("Set-Cookie") if "phananh_staff=" in c]
        assert len(cookies) == 1
        assert "HttpOnly" in cookies[0]
        assert "SameSite=Lax" in cookies[0]
        assert "Secure" not in cookies[0]  # plain http on loopback
        token = cookies[0].split("phananh_staff=", 1)[1].split(";", 1)[0]
        async with sessions() as session:
            stored = (await session.execute(select(StaffSession.id))).scalars().all()
            user = (
                await session.execute(select(StaffUser).where(StaffUser.username == "canbo"))
            ).scalar_one()
        assert len(stored) == 1 and token not in stored  # only the hash is kept
        assert user.last_login_at is not None
        async with browser() as other:
            response = await login(other, base, "lanhdao", PASSWORD)
            assert response.headers["Location"] == "/thong-ke"


async def test_https_requests_get_a_secure_cookie(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    async with dashboard(db_url) as base, browser() as client:
        async with client.get(f"{base}/dang-nhap") as page:
            token = csrf_of(await page.text())
        async with client.post(
            f"{base}/dang-nhap",
            data={"csrf_token": token, "username": "quantri", "password": PASSWORD},
            headers={"X-Forwarded-Proto": "https"},
            allow_redirects=False,
        ) as response:
            cookie = next(c for c in response.headers.getall("Set-Cookie") if "phananh_staff" in c)
            assert "Secure" in cookie


async def test_wrong_password_and_unknown_user_get_the_same_message(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "canbo", PASSWORD, "can_bo")
    async with dashboard(db_url) as base, browser() as client:
        wrong = await login(client, base, "canbo", "sai-mat-khau")
        unknown = await login(client, base, "khongcoai", PASSWORD)
        for response in (wrong, unknown):
            assert response.status == 401
            assert "phananh_staff=" not in " ".join(response.headers.getall("Set-Cookie", []))
            assert error_of(await response.text()) == FAILED
    async with sessions() as session:
        entries = (
            (await session.execute(select(AuditEntry).where(AuditEntry.action == "login_failed")))
            .scalars()
            .all()
        )
    assert sorted((e.target, e.details["reason"]) for e in entries) == [
        ("canbo", "password"),
        ("khongcoai", "unknown"),
    ]


async def test_five_failures_lock_the_account_until_the_lock_expires(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "canbo", PASSWORD, "can_bo")
    async with dashboard(db_url) as base, browser() as client:
        for _ in range(5):
            assert (await login(client, base, "canbo", "sai-mat-khau")).status == 401
        locked = await login(client, base, "canbo", PASSWORD)
        assert locked.status == 401
        assert error_of(await locked.text()) == FAILED
        async with sessions() as session:
            user = (await session.execute(select(StaffUser))).scalar_one()
            assert user.locked_until is not None
            assert user.locked_until > utcnow() + timedelta(minutes=14)
            await session.execute(
                update(StaffUser).values(locked_until=utcnow() - timedelta(seconds=1))
            )
            await session.commit()
        unlocked = await login(client, base, "canbo", PASSWORD)
        assert unlocked.status == 303
    async with sessions() as session:
        reasons = [
            e.details
            for e in (await session.execute(select(AuditEntry).order_by(AuditEntry.id))).scalars()
            if e.action == "login_failed"
        ]
    assert reasons[4] == {"reason": "password", "locked": True}
    assert reasons[5] == {"reason": "locked"}


async def test_lockout_settings_are_honoured(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "canbo", PASSWORD, "can_bo")
    async with dashboard(db_url, staff_lockout_attempts=2) as base, browser() as client:
        for _ in range(2):
            await login(client, base, "canbo", "sai-mat-khau")
        assert (await login(client, base, "canbo", PASSWORD)).status == 401


async def test_open_redirects_are_ignored_and_local_next_is_followed(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    async with dashboard(db_url) as base:
        for evil in ("https://evil.example", "//evil.example/x", "/\\evil.example", "javascript:1"):
            async with browser() as client:
                response = await login(client, base, "quantri", PASSWORD, next_path=evil)
                assert response.status == 303
                assert response.headers["Location"] == "/phan-anh", evil
        async with browser() as client:
            response = await login(client, base, "quantri", PASSWORD, "/quan-tri/nhat-ky?page=2")
            assert response.headers["Location"] == "/quan-tri/nhat-ky?page=2"


async def test_anonymous_is_sent_to_login_with_next(db_url: str) -> None:
    async with dashboard(db_url) as base, browser() as client:
        async with client.get(f"{base}/quan-tri/can-bo", allow_redirects=False) as response:
            assert response.status == 303
            location = URL(response.headers["Location"])
            assert location.path == "/dang-nhap"
            assert location.query["next"] == "/quan-tri/can-bo"
        async with client.get(
            f"{base}/quan-tri/can-bo", headers={"Accept": "application/json"}
        ) as response:
            assert response.status == 401
            assert (await response.json())["error"] == t("error_unauthorized")


async def test_logout_deletes_the_session(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "quantri", PASSWORD)
        async with client.get(f"{base}/quan-tri/can-bo") as page:
            html = await page.text()
        cookie = client.cookie_jar.filter_cookies(URL(base))["phananh_staff"].value
        async with client.post(
            f"{base}/dang-xuat", data={"csrf_token": csrf_of(html)}, allow_redirects=False
        ) as response:
            assert response.status == 303
            assert response.headers["Location"].startswith("/dang-nhap")
        async with sessions() as session:
            assert (await session.execute(select(StaffSession))).first() is None
        async with browser() as replay:
            replay.cookie_jar.update_cookies({"phananh_staff": cookie})
            async with replay.get(f"{base}/quan-tri/can-bo", allow_redirects=False) as response:
                assert response.status == 303
    async with sessions() as session:
        actions = (await session.execute(select(AuditEntry.action))).scalars().all()
    assert actions == ["login", "logout"]
