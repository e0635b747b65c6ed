"""Subscriptions to campaigns: /dangky, /huydangky and invitation links (``/start join_<token>``).

Nothing is stored before the subscription consent button (independent of the report consent).
The commune and topics are kept in the conversation until «Xong»; only then is the subscriber
(re)activated, so abandoning a re-run leaves the previous subscription as it was.
"""

from __future__ import annotations

import logging
from typing import Any

from domain.catalogue import t
from domain.delivery import Channel
from domain.messages import Button, IncomingKind, KeyboardButton, Reply
from domain.topics import TOPIC_CODES, topic_label
from handlers.chat.keyboards import menu_action
from handlers.chat.turn import Turn
from nlp.areas import Commune, commune_at, resolve_commune, ward_name
from storage.broadcast_models import Subscriber
from storage.subscribers import SubscriberStore

log = logging.getLogger(__name__)

COMMANDS = ("dangky", "huydangky")
JOIN_PREFIX = "join_"
PLACE = "sub_place"
TOPICS = "sub_topics"
STATES = (PLACE, TOPICS)
CALLBACK_PREFIX = "sub:"
NO_BROADCAST_CHANNELS = (Channel.WEBCHAT,)  # a browser tab cannot be reached by a campaign


def handles(turn: Turn) -> bool:
    """Whether this message belongs to the subscription flow."""
    incoming = turn.incoming
    if incoming.kind is IncomingKind.COMMAND:
        return incoming.command in COMMANDS or (
            incoming.command == "start" and incoming.args.startswith(JOIN_PREFIX)
        )
    if incoming.kind is IncomingKind.CALLBACK:
        return (incoming.callback_data or "").startswith(CALLBACK_PREFIX)
    if turn.state not in STATES:
        return False
    if incoming.kind is IncomingKind.TEXT:
        return menu_action(incoming.text or "") is None
    return incoming.kind is IncomingKind.LOCATION


async def route(turn: Turn) -> list[Reply]:
    """Handle a message for which :func:`handles` is True."""
    incoming = turn.incoming
    if incoming.channel in NO_BROADCAST_CHANNELS:
        return [Reply(text=t("sub_channel_unsupported"))]
    if incoming.kind is IncomingKind.COMMAND:
        if incoming.command == "huydangky":
            return await unsubscribe(turn)
        if incoming.command == "start":
            return await start(turn, incoming.args.removeprefix(JOIN_PREFIX).strip())
        return await start(turn)
    if incoming.kind is IncomingKind.CALLBACK:
        return await _callback(turn, (incoming.callback_data or "").removeprefix(CALLBACK_PREFIX))
    if turn.state == PLACE:
        return await _place(turn)
    return [_topics_picker(turn.data.get("topics", [])), Reply(text=t("sub_use_buttons"))]


def _store(turn: Turn) -> SubscriberStore:
    return turn.uow.subscribers


async def _subscriber(turn: Turn) -> Subscriber | None:
    return await _store(turn).get(turn.incoming.channel, turn.incoming.chat_id)


def _notice(token: str | None) -> Reply:
    suffix = f":{token}" if token else ""
    return Reply(
        text=t("sub_notice"),
        buttons=[
            [
                Button(t("btn_sub_yes"), callback_data=f"sub:yes{suffix}"),
                Button(t("btn_sub_no"), callback_data="sub:no"),
            ]
        ],
    )


async def start(turn: Turn, token: str | None = None) -> list[Reply]:
    """/dangky (token None) or an invitation: the notice first unless already consented."""
    store = _store(turn)
    intro: list[Reply] = []
    if token is not None:
        group = await store.group_by_token(token)
        if group is None:
            log.info("unknown invitation token from %s", turn.incoming.chat_id)
            return [Reply(text=t("sub_invite_invalid"))]
        intro.append(Reply(text=t("sub_invite_notice", group=group.name)))
    subscriber = await _subscriber(turn)
    if subscriber is None or subscriber.consented_at is None:
        if turn.conversation is not None:
            turn.reset()
        return [*intro, _notice(token)]
    return await _begin(turn, subscriber, token)


async def _callback(turn: Turn, data: str) -> list[Reply]:
    if data == "no":
        return [Reply(text=t("sub_declined"), remove_keyboard=True)]
    if data == "yes" or data.startswith("yes:"):
        token = data.removeprefix("yes").removeprefix(":") or None
        incoming = turn.incoming
        source = "invite" if token else "dangky"
        subscriber = await _store(turn).consent(
            incoming.channel, incoming.chat_id, incoming.display_name, source
        )
        return await _begin(turn, subscriber, token)
    if turn.state == PLACE and data == "keep" and turn.data.get("code"):
        return _ask_topics(turn)
    if turn.state == TOPICS and data.startswith("t:"):
        code = data.removeprefix("t:")
        chosen: list[str] = list(turn.data.get("topics", []))
        if code in TOPIC_CODES:
            chosen = [c for c in chosen if c != code] if code in chosen else [*chosen, code]
            turn.data["topics"] = [c for c in TOPIC_CODES if c in chosen]
        return [_topics_picker(turn.data["topics"])]
    if turn.state == TOPICS and data == "done":
        return await _finish(turn)
    return [Reply(text=t("button_expired"))]


async def _begin(turn: Turn, subscriber: Subscriber, token: str | None) -> list[Reply]:
    """After consent: join the invited group, then ask the commune (or finish at once)."""
    store = _store(turn)
    replies: list[Reply] = []
    if token:
        group = await store.group_by_token(token)
        if group is None:
            return [Reply(text=t("sub_invite_invalid"))]
        joined = await store.join(subscriber.id, group.id)
        replies.append(
            Reply(
                text=t("sub_joined_group" if joined else "sub_already_in_group", group=group.name)
            )
        )
        if subscriber.status == "active" and subscriber.commune_code:
            return replies  # an invitation adds the group and changes nothing else
    turn.keep()
    turn.reset()
    turn.goto(PLACE, topics=[c for c in subscriber.topics or [] if c in TOPIC_CODES])
    location = [[KeyboardButton(t("btn_sub_send_location"), request_location=True)]]
    replies.append(Reply(text=t("sub_ask_place"), keyboard=location))
    if subscriber.commune_code:
        turn.data.update(
            code=subscriber.commune_code,
            display=subscriber.commune_text or ward_name(subscriber.commune_code),
        )
        replies.append(
            Reply(
                text=t("sub_ask_place_current", place=turn.data["display"]),
                buttons=[[Button(t("btn_sub_keep_place"), callback_data="sub:keep")]],
            )
        )
    return replies


async def _place(turn: Turn) -> list[Reply]:
    incoming = turn.incoming
    if incoming.kind is IncomingKind.LOCATION and incoming.latitude is not None:
        commune = commune_at(incoming.latitude, incoming.longitude or 0.0)
        if commune.outcome != "ok":
            return [Reply(text=t("sub_place_outside"))]
        return _accept(turn, commune)
    text = (incoming.text or "").strip()[:200]
    commune = resolve_commune(text)
    if commune.outcome == "ok":
        return _accept(turn, commune)
    if commune.outcome == "ambiguous":
        listed = "\n".join(f"• {c}" for c in commune.candidates)
        return [Reply(text=t("sub_place_ambiguous", candidates=listed))]
    if commune.outcome == "district":
        return [Reply(text=t("sub_place_district"))]
    log.info("subscription: unknown commune %r", text)
    return [Reply(text=t("sub_place_unknown", text=text[:60]))]


def _accept(turn: Turn, commune: Commune) -> list[Reply]:
    turn.data.update(code=commune.code, display=commune.display)
    return [
        Reply(text=t("sub_place_ok", place=commune.display), remove_keyboard=True),
        *_ask_topics(turn),
    ]


def _ask_topics(turn: Turn) -> list[Reply]:
    turn.goto(TOPICS)
    return [_topics_picker(turn.data.get("topics", []))]


def _topics_picker(chosen: list[str]) -> Reply:
    buttons = [
        Button(
            t("sub_topic_on", label=topic_label(code)) if code in chosen else topic_label(code),
            callback_data=f"sub:t:{code}",
        )
        for code in TOPIC_CODES
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([Button(t("btn_sub_done"), callback_data="sub:done")])
    return Reply(text=t("sub_ask_topics"), buttons=rows)


def topics_text(topics: list[Any]) -> str:
    """Topic labels joined, or "all topics" when none was chosen."""
    return ", ".join(topic_label(str(c)) for c in topics) if topics else t("sub_topics_all")


async def _finish(turn: Turn) -> list[Reply]:
    subscriber = await _subscriber(turn)
    if subscriber is None or subscriber.consented_at is None or not turn.data.get("code"):
        turn.reset()
        return [Reply(text=t("button_expired"))]
    store = _store(turn)
    subscriber.commune_code = turn.data["code"]
    subscriber.commune_text = turn.data.get("display")
    subscriber.topics = list(turn.data.get("topics", []))
    if turn.incoming.display_name:
        subscriber.name = turn.incoming.display_name
    store.activate(subscriber)
    groups = await store.group_codes_of(subscriber.id)
    turn.reset()
    return [
        Reply(
            text=t(
                "sub_summary",
                name=subscriber.name or t("sub_no_name"),
                place=subscriber.commune_text or "",
                topics=topics_text(subscriber.topics),
                groups=t("sub_summary_groups", groups=", ".join(groups)) if groups else "",
            ),
            remove_keyboard=True,
        )
    ]


async def unsubscribe(turn: Turn) -> list[Reply]:
    """/huydangky: stop campaigns and forget name, commune, topics and groups."""
    subscriber = await _subscriber(turn)
    if turn.state in STATES:
        turn.reset()
    if subscriber is None or (
        subscriber.status == "unsubscribed" and subscriber.consented_at is None
    ):
        return [Reply(text=t("sub_not_subscribed"))]
    await _store(turn).unsubscribe(subscriber)
    if not turn.consented:  # the chat's state row only existed for the subscription
        turn.forget()
    return [Reply(text=t("sub_left"), remove_keyboard=True)]
