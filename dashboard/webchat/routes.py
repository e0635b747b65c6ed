"""The local web chat: a page and a small JSON API over the same handlers as Telegram."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from dashboard.keys import DATABASE, DISPATCHER
from domain.catalogue import MESSAGES, t
from domain.delivery import Channel
from domain.messages import Incoming, IncomingKind, PhotoData, text_incoming
from storage.outage import database_errors

log = logging.getLogger(__name__)

CHANNEL = Channel.WEBCHAT
SESSION_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_TEXT = 10_000
MAX_PHOTO = 10 * 1024 * 1024
MAX_AFTER = 2**31 - 1  # web chat message ids are 32-bit integers
Route = Callable[[web.Request], Awaitable[web.Response]]


class NotRecorded(Exception):
    """The dispatcher answered but its transaction did not commit (the database failed)."""


def degrades(route: Route) -> Route:
    """While the database is unavailable, answer 503 telling the person to try again."""

    @wraps(route)
    async def guarded(request: web.Request) -> web.Response:
        try:
            return await route(request)
        except database_errors(NotRecorded) as exc:
            log.error("web chat: database unavailable: %r", exc)
            return web.json_response({"error": t("webchat_unavailable")}, status=503)

    return guarded


def _bad_request(reason: str) -> web.HTTPBadRequest:
    log.info("web chat: bad request: %s", reason)
    return web.HTTPBadRequest(text=t("webchat_bad_request"), content_type="text/plain")


def _session(value: object) -> str:
    if not isinstance(value, str) or not SESSION_RE.match(value):
        raise _bad_request("session id")
    return value


def _incoming(session: str, body: dict[str, Any]) -> Incoming:
    base: dict[str, Any] = {"channel": CHANNEL, "chat_id": session, "user_id": session}
    if isinstance(body.get("callback"), str):
        return Incoming(**base, kind=IncomingKind.CALLBACK, callback_data=body["callback"][:64])
    location = body.get("location")
    if isinstance(location, dict):
        try:
            lat, lon = float(location["lat"]), float(location["lon"])
        except (KeyError, TypeError, ValueError) as exc:
            raise _bad_request("location") from exc
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise _bad_request("location range")
        return Incoming(**base, kind=IncomingKind.LOCATION, latitude=lat, longitude=lon)
    if isinstance(body.get("phone"), str):
        return Incoming(**base, kind=IncomingKind.CONTACT, phone=body["phone"][:32])
    text = body.get("text")
    if not isinstance(text, str):
        raise _bad_request("no text, callback, location or phone")
    return text_incoming(CHANNEL, session, session, text[:MAX_TEXT])


async def _messages_after(request: web.Request, session: str, after: int) -> list[dict[str, Any]]:
    async with request.app[DATABASE].uow() as uow:
        rows = await uow.webchat.after(session, after)
        return [{"id": row.id, **row.payload} for row in rows]


def _after(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _bad_request("after")
    try:
        after = int(value)
    except ValueError as exc:
        raise _bad_request("after") from exc
    if not 0 <= after <= MAX_AFTER:
        raise _bad_request("after range")
    return after


def update_key(session: str, message_id: object) -> str | None:
    """The page's message id, per session (two sessions may both send id "1")."""
    if not isinstance(message_id, str) or not message_id:
        return None
    digest = hashlib.blake2b(f"{session}\x00{message_id}".encode(), digest_size=20)
    return digest.hexdigest()


async def _dispatch(request: web.Request, incoming: Incoming, message_id: object) -> None:
    key = update_key(incoming.chat_id, message_id)
    await request.app[DISPATCHER].handle(incoming, key)  # it delivers the replies too
    if key is not None:  # the dispatcher never raises: a turn that did not commit left no key
        async with request.app[DATABASE].uow() as uow:
            if not await uow.updates.seen(CHANNEL, key):
                raise NotRecorded(key)


@degrades
async def post_message(request: web.Request) -> web.Response:
    """A text, button press, location or phone number from the page."""
    try:
        body = await request.json()
    except (ValueError, RecursionError) as exc:  # a body nested too deep is refused too
        raise _bad_request("json") from exc
    if not isinstance(body, dict):
        raise _bad_request("body")
    session = _session(body.get("session"))
    after = _after(body.get("after", 0))
    await _dispatch(request, _incoming(session, body), body.get("id"))
    messages = await _messages_after(request, session, after)
    return web.json_response({"messages": messages})


@degrades
async def post_photo(request: web.Request) -> web.Response:
    """A photo uploaded from the page (multipart: session, id, after, caption, file)."""
    try:
        form = await request.post()
    except ValueError as exc:
        raise _bad_request("form") from exc
    session = _session(form.get("session"))
    after = _after(form.get("after", 0))
    upload = form.get("file")
    if not isinstance(upload, web.FileField):
        raise _bad_request("file")
    content = upload.file.read(MAX_PHOTO + 1)
    caption = form.get("caption")
    incoming = Incoming(
        channel=CHANNEL,
        chat_id=session,
        user_id=session,
        kind=IncomingKind.PHOTO,
        text=caption if isinstance(caption, str) and caption.strip() else None,
        photo=PhotoData(
            content=content,
            mime_type=upload.content_type or "application/octet-stream",
            oversize=len(content) > MAX_PHOTO,
        ),
    )
    await _dispatch(request, incoming, form.get("id"))
    messages = await _messages_after(request, session, after)
    return web.json_response({"messages": messages})


@degrades
async def get_messages(request: web.Request) -> web.Response:
    """Messages for the page newer than ``after`` (status notices arrive this way too)."""
    session = _session(request.query.get("session"))
    after = _after(request.query.get("after", "0"))
    return web.json_response({"messages": await _messages_after(request, session, after)})


@aiohttp_jinja2.template("chat.html")
async def chat_page(request: web.Request) -> dict[str, Any]:
    """The chat page; its strings come from the catalogue."""
    keys = (
        "webchat_title",
        "webchat_placeholder",
        "webchat_send",
        "webchat_location",
        "webchat_photo",
        "webchat_error",
    )
    return {"m": {key: MESSAGES[key] for key in keys}}
