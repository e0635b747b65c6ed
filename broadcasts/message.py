"""What one recipient receives: a campaign as domain messages, the same on every channel."""

from __future__ import annotations

import hashlib
from typing import Any

from domain.campaigns import CAPTION_LIMIT, learn_more_callback
from domain.catalogue import t
from domain.messages import Button, OutgoingPhoto, Reply
from domain.quiz import quiz_start_button
from storage.broadcast_models import Campaign


def campaign_buttons(campaign_id: int, buttons: list[dict[str, Any]]) -> list[list[Button]]:
    """One button per row: link buttons open their URL, «Tìm hiểu thêm» ones call back."""
    rows: list[list[Button]] = []
    for button in buttons or []:
        if button.get("learn_more"):
            data = learn_more_callback(campaign_id, button["learn_more"])
            rows.append([Button(text=button["text"], callback_data=data)])
        elif button.get("url"):
            rows.append([Button(text=button["text"], url=button["url"])])
    return rows


def photo_cache_key(campaign: Campaign) -> str:
    """Same campaign, same picture, same key: the channel uploads it once (an edited photo
    gets a new key)."""
    digest = hashlib.sha256(campaign.photo or b"").hexdigest()[:16]
    return f"campaign-{campaign.id}-{digest}"


def build_replies(campaign: Campaign) -> list[Reply]:
    """Text (with parse mode and buttons); with a photo, the text is its caption when it fits,
    otherwise the photo goes first and the text follows with the buttons."""
    buttons = campaign_buttons(campaign.id, campaign.buttons)
    text = Reply(text=campaign.text, buttons=buttons, parse_mode=campaign.parse_mode or None)
    if not campaign.photo:
        return [text]
    photo = OutgoingPhoto(
        content=campaign.photo,
        mime_type=campaign.photo_mime or "image/jpeg",
        cache_key=photo_cache_key(campaign),
    )
    if len(campaign.text) <= CAPTION_LIMIT:
        return [Reply(text=campaign.text, buttons=buttons, parse_mode=text.parse_mode, photo=photo)]
    return [Reply(text="", photo=photo), text]


def quiz_intro(quiz_id: int, title: str) -> Reply:
    """The message after a campaign carrying a quiz: the «Bắt đầu trả lời» button."""
    return Reply(text=t("qz_intro", title=title), buttons=[[quiz_start_button(quiz_id)]])
