"""Helpers for dashboard tests: staff accounts in the database and a browser-like client."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dashboard.auth.accounts import create_staff
from storage.uow import UnitOfWork
from tests.e2e.service import free_port, running_service, service_settings

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
ERROR_RE = re.compile(r'<p class="error" role="alert">([^<]*)</p>')


async def add_staff(
    sessions: async_sessionmaker[AsyncSession],
    username: str,
    password: str,
    role: str,
    communes: tuple[str, ...] = (),
) -> int:
    """Create an account directly in the database; returns its id."""
    async with UnitOfWork(sessions) as uow:
        user = await create_staff(
            uow.staff,
            username=username,
            password=password,
            role=role,
            communes=communes,
        )
        await uow.commit()
        return user.id


@asynccontextmanager
async def dashboard(db_url: str, **settings: Any) -> AsyncIterator[str]:
    """The real service on a free port; yields its base URL."""
    async with running_service(service_settings(None, db_url, free_port(), **settings)) as base:
        yield base


def browser() -> aiohttp.ClientSession:
    """A client that keeps cookies for 127.0.0.1 and never follows redirects by itself."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


def csrf_of(html: str) -> str:
    """The CSRF token of the first form in the page."""
    found = CSRF_RE.search(html)
    assert found, "no csrf_token field in the page"
    return found.group(1)


def error_of(html: str) -> str | None:
    """The error message shown on the page, if any."""
    found = ERROR_RE.search(html)
    return found.group(1) if found else None


async def login(
    client: aiohttp.ClientSession, base: str, username: str, password: str, next_path: str = ""
) -> aiohttp.ClientResponse:
    """Open the login page and submit the form like a browser (no redirect following)."""
    async with client.get(f"{base}/dang-nhap") as page:
        token = csrf_of(await page.text())
    response = await client.post(
        f"{base}/dang-nhap",
        data={"csrf_token": token, "username": username, "password": password, "next": next_path},
        allow_redirects=False,
    )
    await response.read()
    return response


async def page_token(client: aiohttp.ClientSession, url: str) -> str:
    """The CSRF token of a page the client is allowed to open."""
    async with client.get(url, allow_redirects=False) as page:
        assert page.status == 200, page.status
        return csrf_of(await page.text())
