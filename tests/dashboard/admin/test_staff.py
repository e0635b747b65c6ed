"""Staff administration and CSRF over real HTTP (both databases)."""

from __future__ import annotations

import re

import aiohttp
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from storage.models import AuditEntry, StaffSession, StaffUser
from storage.uow import UnitOfWork
from tests.dashboard.staff_support import (
    add_staff,
    browser,
    csrf_of,
    dashboard,
    error_of,
    login,
    page_token,
)

PASSWORD = "mat-khau-quan-tri"
STAFF = "/quan-tri/can-bo"
TARGET_RE = re.compile(r"<td>(PA-\d{4})</td>")


async def _user(sessions: async_sessionmaker[AsyncSession], username: str) -> StaffUser | None:
    async with sessions() as session:
        stmt = select(StaffUser).where(StaffUser.username == username)
        return (await session.execute(stmt)).scalar_one_or_none()


async def _post(
    client: aiohttp.ClientSession, url: str, data: dict[str, str] | list[tuple[str, str]]
) -> tuple[int, str, str]:
    async with client.post(url, data=data, allow_redirects=False) as response:
        return response.status, response.headers.get("Location", ""), await response.text()


async def test_posts_without_a_valid_csrf_token_are_refused(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    form = {"username": "moi1", "role": "can_bo", "password": "tram-bien-ap-moi-1"}
    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "quantri", PASSWORD)
        token = await page_token(client, base + STAFF)
        for bad in ({}, {"csrf_token": "gia-mao-" + token[8:]}):
            status, _, html = await _post(client, base + STAFF, {**form, **bad})
            assert status == 403
            assert error_of(html) == t("error_csrf")
        assert await _user(sessions, "moi1") is None
        status, location, _ = await _post(client, base + STAFF, {**form, "csrf_token": token})
        assert status == 303 and location.startswith(STAFF)
        assert await _user(sessions, "moi1") is not None
        # JavaScript may send the token in a header instead.
        async with client.post(
            base + STAFF,
            data={**form, "username": "moi2"},
            headers={"X-CSRF-Token": token},
            allow_redirects=False,
        ) as response:
            assert response.status == 303
        # The login form itself is protected too.
        async with (
            browser() as anonymous,
            anonymous.post(
                f"{base}/dang-nhap", data={"username": "quantri", "password": PASSWORD}
            ) as response,
        ):
            assert response.status == 403
        # Exempt machine API: the web chat answers without a token.
        async with client.post(
            f"{base}/chat/api/message", json={"session": "phien-thu-nghiem", "text": "/start"}
        ) as response:
            assert response.status == 200


async def test_officers_cannot_open_admin_pages(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "canbo", PASSWORD, "can_bo")
    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "canbo", PASSWORD)
        for path in (STAFF, "/quan-tri/nhat-ky"):
            async with client.get(base + path, allow_redirects=False) as response:
                assert response.status == 403
                html = await response.text()
                assert error_of(html) == t("error_forbidden")
                assert 'href="/phan-anh"' in html and f'href="{STAFF}"' not in html
        token = csrf_of(html)  # the logout form of the 403 page carries the session's token
        status, _, _ = await _post(
            client,
            base + STAFF,
            {"csrf_token": token, "username": "x1", "role": "admin", "password": "12345678"},
        )
        assert status == 403
        assert await _user(sessions, "x1") is None


async def test_admin_manages_staff_through_the_forms_and_the_log_shows_it(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    admin_id = await add_staff(sessions, "quantri", PASSWORD, "admin")
    async with dashboard(db_url) as base, browser() as admin:
        await login(admin, base, "quantri", PASSWORD)
        token = await page_token(admin, base + STAFF)
        form = [
            ("csrf_token", token),
            ("username", "Nguyen.Van.B"),
            ("full_name", "Nguyễn Văn B"),
            ("role", "can_bo"),
            ("communes", "7210"),
            ("password", "mat-khau-can-bo"),
        ]
        status, location, _ = await _post(admin, base + STAFF, form)
        assert status == 303
        async with admin.get(base + location) as page:
            html = await page.text()
        assert t("staff_ok_created", username="nguyen.van.b") in html
        assert "Nguyễn Văn B" in html and "Phường Bắc Giang" in html
        created = await _user(sessions, "nguyen.van.b")
        assert created is not None and created.communes == ["7210"]
        assert created.password_hash.startswith("$argon2id$")

        # Bad input: a clear message, nothing saved.
        for bad, message in (
            (("username", "quantri"), t("staff_err_duplicate", username="quantri")),
            (("password", "ngan"), t("staff_err_password_short", min=10)),
            (("communes", "0000"), t("staff_err_communes", codes="0000")),
        ):
            fields = dict(form) | {"username": "nguoi.khac"} | dict([bad])
            status, _, html = await _post(admin, base + STAFF, fields)
            assert status == 400 and error_of(html) == message

        async with browser() as officer:
            assert (await login(officer, base, "nguyen.van.b", "mat-khau-can-bo")).status == 303

            # Change role and communes, then deactivate: the officer's session ends at once.
            edit = f"{base}{STAFF}/{created.id}"
            status, _, _ = await _post(
                admin,
                edit + "/sua",
                [("csrf_token", token), ("full_name", "Nguyễn Văn B"), ("role", "lanh_dao")],
            )
            assert status == 303
            changed = await _user(sessions, "nguyen.van.b")
            assert changed is not None and changed.role == "lanh_dao" and changed.communes == []
            status, _, _ = await _post(
                admin, edit + "/trang-thai", {"csrf_token": token, "active": "0"}
            )
            assert status == 303
            async with officer.get(f"{base}/dang-nhap", allow_redirects=False) as response:
                assert response.status == 200  # no longer logged in
        async with browser() as officer:
            assert (await login(officer, base, "nguyen.van.b", "mat-khau-can-bo")).status == 401

        # Reactivate with a new password.
        await _post(admin, edit + "/trang-thai", {"csrf_token": token, "active": "1"})
        status, _, _ = await _post(
            admin, edit + "/mat-khau", {"csrf_token": token, "password": "mat-khau-moi-hon"}
        )
        assert status == 303
        async with browser() as officer:
            assert (await login(officer, base, "nguyen.van.b", "mat-khau-can-bo")).status == 401
            assert (await login(officer, base, "nguyen.van.b", "mat-khau-moi-hon")).status == 303

        # An admin cannot lock themselves out.
        status, _, html = await _post(
            admin, f"{base}{STAFF}/{admin_id}/trang-thai", {"csrf_token": token, "active": "0"}
        )
        assert status == 400 and error_of(html) == t("staff_err_self")

        async with admin.get(f"{base}/quan-tri/nhat-ky?actor=quantri") as page:
            log_html = await page.text()
        for action in ("staff_created", "staff_updated", "staff_deactivated", "password_reset"):
            assert t(f"audit_action_{action}") in log_html
        async with admin.get(f"{base}/quan-tri/nhat-ky?action=password_reset") as page:
            filtered = await page.text()
        assert t("audit_page", page=1, pages=1, total=1) in filtered

    async with sessions() as session:
        entries = (
            (await session.execute(select(AuditEntry).where(AuditEntry.actor == "quantri")))
            .scalars()
            .all()
        )
        remaining = (await session.execute(select(StaffSession.user_id))).scalars().all()
    created_entry = next(e for e in entries if e.action == "staff_created")
    assert created_entry.target == "nguyen.van.b"
    assert created_entry.details["role"] == "can_bo"
    assert created_entry.ip == "127.0.0.1"
    updated = next(e for e in entries if e.action == "staff_updated")
    assert updated.details["role"] == ["can_bo", "lanh_dao"]
    assert created.id not in remaining or remaining.count(created.id) == 1


async def test_audit_log_is_paginated_newest_first(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    async with UnitOfWork(sessions) as uow:
        for number in range(60):
            await uow.audit.record("canbo", "report_note", f"PA-{number:04d}", {}, None)
        await uow.commit()
    async with dashboard(db_url) as base, browser() as client:
        await login(client, base, "quantri", PASSWORD)
        pages = []
        for query in ("actor=canbo", "actor=canbo&page=2", "page=2"):
            async with client.get(f"{base}/quan-tri/nhat-ky?{query}") as page:
                pages.append(await page.text())
    first, second, unfiltered = (TARGET_RE.findall(html.split("<tbody>", 1)[1]) for html in pages)
    assert first == [f"PA-{n:04d}" for n in range(59, 9, -1)]
    assert second == [f"PA-{n:04d}" for n in range(9, -1, -1)]
    assert t("audit_page", page=2, pages=2, total=60) in pages[1]
    # Without the filter the admin's own login is the newest of 61 entries.
    assert unfiltered == [f"PA-{n:04d}" for n in range(10, -1, -1)]
    assert t("audit_page", page=2, pages=2, total=61) in pages[2]
