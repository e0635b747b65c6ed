"""Every response carries the security headers; no page can be framed; huge ids are 4xx."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web
from playwright.async_api import async_playwright
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dashboard.security import SECURITY_HEADERS
from tests.dashboard.staff_support import add_staff, browser, login, page_token
from tests.e2e.service import free_port, running_service, service_settings
from tests.support.browser import launch_options, needs_chromium

PASSWORD = "mat-khau-an-toan"
HUGE = "99999999999999999999999"


async def test_every_kind_of_response_carries_the_security_headers(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    settings = service_settings(None, db_url, free_port())
    async with running_service(settings) as base, browser() as client:
        anonymous = [
            "/dang-nhap",
            "/static/dashboard.css",
            "/healthz",
            "/chat",
            "/khong-co-trang-nay",
            "/open311/v2/services.json",
            "/phan-anh",
        ]
        for path in anonymous:
            async with client.get(base + path, allow_redirects=False) as response:
                for name, value in SECURITY_HEADERS.items():
                    assert response.headers.get(name) == value, (path, name)
        await login(client, base, "quantri", PASSWORD)
        for path in ("/phan-anh", "/thong-ke", "/thong-ke/xuat/danh-sach.csv", "/quan-tri/can-bo"):
            async with client.get(base + path, allow_redirects=False) as response:
                assert response.status == 200, path
                assert response.headers["X-Frame-Options"] == "DENY"
                assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
                assert response.headers["X-Content-Type-Options"] == "nosniff"
                assert response.headers["Referrer-Policy"] == "same-origin"


async def test_huge_numeric_ids_give_not_found_never_a_server_error(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_staff(sessions, "quantri", PASSWORD, "admin")
    settings = service_settings(None, db_url, free_port())
    async with running_service(settings) as base, browser() as client:
        await login(client, base, "quantri", PASSWORD)
        for path in (
            f"/phan-anh/PA-ABCD234/anh/{HUGE}",
            f"/thong-ke/bao-cao/{HUGE}.xlsx",
            f"/chien-dich/{HUGE}",
            f"/chien-dich/{HUGE}/sua",
        ):
            async with client.get(base + path, allow_redirects=False) as response:
                assert response.status == 404, path
        async with client.get(f"{base}/quan-tri/nhat-ky?page={HUGE}") as response:
            assert response.status == 200
        token = await page_token(client, f"{base}/quan-tri/can-bo")
        for action in ("sua", "trang-thai", "mat-khau"):
            async with client.post(
                f"{base}/quan-tri/can-bo/{HUGE}/{action}",
                data={"csrf_token": token, "role": "admin", "password": "Mot-mat-khau-dai-9"},
                allow_redirects=False,
            ) as response:
                assert 400 <= response.status < 500, (action, response.status)


@asynccontextmanager
async def other_site(html: str) -> AsyncIterator[str]:
    """Another origin on loopback (another port) serving one page; yields its URL."""
    app = web.Application()

    async def page(request: web.Request) -> web.Response:
        return web.Response(text=html, content_type="text/html")

    app.router.add_get("/", page)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        await runner.cleanup()


@needs_chromium
async def test_a_page_of_another_site_cannot_frame_the_dashboard(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    settings = service_settings(None, db_url, free_port())
    async with running_service(settings) as base, async_playwright() as playwright:
        frame_page = f'<iframe src="{base}/dang-nhap" width="600" height="400"></iframe>'
        chromium = await playwright.chromium.launch(**launch_options())
        try:
            page = await chromium.new_page()
            await page.goto(f"{base}/dang-nhap")
            assert await page.locator("input[name=password]").count() == 1
            async with other_site(frame_page) as attacker:
                await page.goto(attacker)
                framed = [frame for frame in page.frames if frame != page.main_frame]
                assert len(framed) == 1, "the iframe was not created"
                assert await framed[0].locator("input[name=password]").count() == 0
                assert framed[0].url != f"{base}/dang-nhap"
        finally:
            await chromium.close()
