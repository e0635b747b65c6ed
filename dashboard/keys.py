"""Typed application keys shared by the web app's handlers, in one place."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from domain.messages import ReplySender
from handlers.dispatcher import Dispatcher

ENGINE = web.AppKey("engine", AsyncEngine)
SESSIONS = web.AppKey("sessions", async_sessionmaker[AsyncSession])
DISPATCHER = web.AppKey("dispatcher", Dispatcher)
SENDER = web.AppKey("sender", ReplySender)
