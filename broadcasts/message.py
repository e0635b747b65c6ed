"""What one recipient receives: the Bot API calls of a campaign's message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from broadcasts.content_rules import CAPTION_LIMIT
from storage.broadcast_models import Campaign

CALLBACK_PREFIX = "bc"


@dataclass(frozen=True)
class Step:
    """One API call (``chat_id`` is added per recipient)."""

    method: str
    params: dict[str, Any] = field(default_factory=dict)


def callback_data(campaign_id: int, key: str) -> str:
    """``bc:<campaign id>:<key>`` of a «Tìm hiểu thêm» button."""
    return f"{CALLBACK_PREFIX}:{campaign_id}:{key}"


def parse_callback(data: str) -> tuple[int, str] | None:
    """(campaign id, key) of a campaign button's callback data, else None."""
    prefix, _, rest = data.partition(":")
    campaign, _, key = rest.partition(":")
    if prefix != CALLBACK_PREFIX or not campaign.isdigit() or not key:
        return None
    return int(campaign), key


def reply_markup(campaign_id: int, buttons: list[dict[str, Any]]) -> dict[str, Any] | None:
    """One button per row: link buttons open their URL, «Tìm hiểu thêm» ones call back."""
    rows: list[list[dict[str, str]]] = []
    for button in buttons or []:
        if button.get("learn_more"):
            rows.append(
                [
                    {
                        "text": button["text"],
                        "callback_data": callback_data(campaign_id, button["learn_more"]),
                    }
                ]
            )
        elif button.get("url"):
            rows.append([{"text": button["text"], "url": button["url"]}])
    return {"inline_keyboard": rows} if rows else None


def build_steps(campaign: Campaign) -> list[Step]:
    """Text (with parse mode and buttons); with a photo, the text is its caption when it fits,
    otherwise the photo goes first and the text follows with the buttons."""
    markup = reply_markup(campaign.id, campaign.buttons)
    text: dict[str, Any] = {"text": campaign.text}
    caption: dict[str, Any] = {"caption": campaign.text}
    extra: dict[str, Any] = {}
    if campaign.parse_mode:
        extra["parse_mode"] = campaign.parse_mode
    if markup:
        extra["reply_markup"] = markup
    if not campaign.photo:
        return [Step("sendMessage", {**text, **extra})]
    if len(campaign.text) <= CAPTION_LIMIT:
        return [Step("sendPhoto", {**caption, **extra})]
    return [Step("sendPhoto", {}), Step("sendMessage", {**text, **extra})]
