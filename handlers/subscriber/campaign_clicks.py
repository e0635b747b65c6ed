"""Presses on a campaign's «Tìm hiểu thêm» buttons: counted, then answered."""

from __future__ import annotations

import logging

from sqlalchemy import select

from domain.catalogue import t
from domain.messages import Button, Reply
from handlers.chat.turn import Turn
from storage.broadcast_models import Campaign, CampaignClick, Subscriber

log = logging.getLogger(__name__)

PREFIX = "bc:"


def is_click(callback_data: str | None) -> bool:
    """True for callback data of the form ``bc:<campaign id>:<key>``."""
    return (callback_data or "").startswith(PREFIX)


async def on_click(turn: Turn) -> list[Reply]:
    """Record the click and answer with the button's text and link."""
    _, _, rest = (turn.incoming.callback_data or "").partition(":")
    campaign_id, _, key = rest.partition(":")
    campaign = (
        await turn.uow.session.get(Campaign, int(campaign_id)) if campaign_id.isdigit() else None
    )
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
    subscriber_id = (
        await turn.uow.session.execute(
            select(Subscriber.id).where(
                Subscriber.channel == turn.incoming.channel,
                Subscriber.chat_id == turn.incoming.chat_id,
            )
        )
    ).scalar_one_or_none()
    turn.uow.session.add(
        CampaignClick(campaign_id=campaign.id, subscriber_id=subscriber_id, button=key)
    )
    url = button.get("url")
    buttons = [[Button(t("bc_learn_more_open"), url=url)]] if url else []
    return [Reply(text=button.get("answer") or t("bc_learn_more_default"), buttons=buttons)]
