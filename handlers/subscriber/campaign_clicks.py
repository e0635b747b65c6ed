"""Presses on a campaign's «Tìm hiểu thêm» buttons: counted, then answered."""

from __future__ import annotations

import logging

from domain.campaigns import LEARN_MORE_PREFIX, parse_learn_more
from domain.catalogue import t
from domain.messages import Button, Reply
from handlers.chat.turn import Turn

log = logging.getLogger(__name__)


def is_click(callback_data: str | None) -> bool:
    """True for callback data of the form ``bc:<campaign id>:<key>``."""
    return (callback_data or "").startswith(LEARN_MORE_PREFIX)


async def on_click(turn: Turn) -> list[Reply]:
    """Record the click and answer with the button's text and link."""
    parsed = parse_learn_more(turn.incoming.callback_data or "")
    campaign = await turn.uow.campaigns.get(parsed[0]) if parsed is not None else None
    key = parsed[1] if parsed is not None else ""
    button = next(
        (
            b
            for b in (campaign.buttons if campaign else [])
            if isinstance(b, dict) and b.get("learn_more") == key
        ),
        None,
    )
    if campaign is None or button is None:
        log.info("click on an unknown campaign button %r", turn.incoming.callback_data)
        return [Reply(text=t("bc_learn_more_gone"))]
    incoming = turn.incoming
    subscriber_id = await turn.uow.subscribers.id_of(incoming.channel, incoming.chat_id)
    turn.uow.campaigns.add_click(campaign.id, subscriber_id, key)
    url = button.get("url")
    buttons = [[Button(t("bc_learn_more_open"), url=url)]] if url else []
    return [Reply(text=button.get("answer") or t("bc_learn_more_default"), buttons=buttons)]
