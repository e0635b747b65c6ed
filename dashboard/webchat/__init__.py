"""The local web chat: a page and a small JSON API over the same handlers as Telegram."""

from __future__ import annotations

from aiohttp import web

from dashboard.webchat import routes


def setup(app: web.Application) -> None:
    """Register the web chat routes."""
    app.router.add_get("/chat", routes.chat_page)
    app.router.add_post("/chat/api/message", routes.post_message)
    app.router.add_post("/chat/api/photo", routes.post_photo)
    app.router.add_get("/chat/api/messages", routes.get_messages)
