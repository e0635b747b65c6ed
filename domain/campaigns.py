"""Campaign rules with no I/O: the status table, refusals, content limits and progress counts.

Both the campaign workflow (``broadcasts``) and the staff chat command that drafts a campaign
(``handlers``) check content here, so a draft is valid whichever way it was written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from domain.catalogue import t


class CampaignStatus(StrEnum):
    """Where a campaign is in its life."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    DONE = "done"
    PAUSED = "paused"
    CANCELLED = "cancelled"


S = CampaignStatus

TRANSITIONS: dict[CampaignStatus, frozenset[CampaignStatus]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.CANCELLED}),
    # A reviewer may send a submitted campaign back to its author (reject → draft).
    S.SUBMITTED: frozenset({S.APPROVED, S.DRAFT, S.CANCELLED}),
    S.APPROVED: frozenset({S.SCHEDULED, S.PAUSED, S.CANCELLED}),
    S.SCHEDULED: frozenset({S.SCHEDULED, S.SENDING, S.PAUSED, S.CANCELLED}),
    # A recurring campaign goes back to ``scheduled`` after each run.
    S.SENDING: frozenset({S.DONE, S.SCHEDULED, S.PAUSED, S.CANCELLED}),
    S.PAUSED: frozenset({S.APPROVED, S.SCHEDULED, S.SENDING, S.CANCELLED}),
    S.DONE: frozenset(),
    S.CANCELLED: frozenset(),
}

# Actors that are the machine itself: their changes are events, not audit entries.
SYSTEM_ACTORS = frozenset({"system", "scheduler", "sender"})

TITLE_LIMIT = 300
TEXT_LIMIT = 4096  # Telegram sendMessage
CAPTION_LIMIT = 1024  # Telegram sendPhoto caption
PHOTO_LIMIT_MB = 10  # Telegram sendPhoto upload
PARSE_MODES = frozenset({"HTML", "MarkdownV2"})
PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})
BUTTON_TEXT_LIMIT = 64
LEARN_MORE_KEY_LIMIT = 40  # "bc:<id>:<key>" must fit in 64 bytes of callback data
LEARN_MORE_PREFIX = "bc:"


class CampaignError(Exception):
    """A refused campaign operation; ``key`` is a catalogue key, ``values`` fill it in."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class CampaignProgress:
    """Counts of a campaign's outbox (all runs unless one is asked for) and its reactions."""

    total: int = 0
    pending: int = 0
    sending: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    unknown: int = 0  # the platform call's outcome could not be learned (timeout, cut off)
    failed_reasons: dict[str, int] = field(default_factory=dict)
    clicks: int = 0
    quiz_answers: int = 0

    @property
    def finished(self) -> int:
        """Rows the sender is done with (an unknown one waits for an operator's resend)."""
        return self.sent + self.blocked + self.failed + self.unknown


def can_transition(current: CampaignStatus, target: CampaignStatus) -> bool:
    """True when the table allows ``current`` → ``target``."""
    return target in TRANSITIONS[current]


def status_label(status: str) -> str:
    """Vietnamese label of a campaign status."""
    return t(f"bc_status_{status}")


def learn_more_callback(campaign_id: int, key: str) -> str:
    """Callback data of a «Tìm hiểu thêm» button: ``bc:<campaign id>:<key>``."""
    return f"{LEARN_MORE_PREFIX}{campaign_id}:{key}"


def parse_learn_more(data: str) -> tuple[int, str] | None:
    """``(campaign id, key)`` of a «Tìm hiểu thêm» press; None when malformed."""
    campaign_id, _, key = data.removeprefix(LEARN_MORE_PREFIX).partition(":")
    return (int(campaign_id), key) if campaign_id.isdigit() else None


def check_buttons(buttons: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Buttons as stored: ``{"text", "url"}`` or ``{"text", "learn_more", "url"?, "answer"?}``."""
    checked: list[dict[str, Any]] = []
    for raw in buttons:
        if not isinstance(raw, Mapping):
            raise CampaignError("bc_err_buttons")
        text = str(raw.get("text") or "").strip()
        url = str(raw.get("url") or "").strip()
        key = str(raw.get("learn_more") or "").strip()
        if not text or len(text) > BUTTON_TEXT_LIMIT:
            raise CampaignError("bc_err_buttons")
        if url and not url.startswith(("https://", "http://")):
            raise CampaignError("bc_err_buttons")
        if key:
            if len(key.encode()) > LEARN_MORE_KEY_LIMIT or ":" in key:
                raise CampaignError("bc_err_buttons")
            button: dict[str, Any] = {"text": text, "learn_more": key}
            if url:
                button["url"] = url
            if raw.get("answer"):
                button["answer"] = str(raw["answer"])[:200]
            checked.append(button)
        elif url:
            checked.append({"text": text, "url": url})
        else:
            raise CampaignError("bc_err_buttons")
    return checked


def check_message(
    *,
    title: str,
    text: str,
    parse_mode: str | None,
    photo: bytes | None,
    photo_mime: str | None,
    buttons: Iterable[Mapping[str, Any]],
) -> dict[str, Any]:
    """Column values of a valid campaign message (everything but its audience)."""
    title = (title or "").strip()
    text = (text or "").strip()
    if not title:
        raise CampaignError("bc_err_title_empty")
    if len(title) > TITLE_LIMIT:
        raise CampaignError("bc_err_title_long", limit=TITLE_LIMIT)
    if not text:
        raise CampaignError("bc_err_text_empty")
    if len(text) > TEXT_LIMIT:
        raise CampaignError("bc_err_text_long", limit=TEXT_LIMIT)
    mode = (parse_mode or "").strip() or None
    if mode is not None and mode not in PARSE_MODES:
        raise CampaignError("bc_err_parse_mode")
    if photo:
        if photo_mime not in PHOTO_TYPES:
            raise CampaignError("bc_err_photo_type")
        if len(photo) > PHOTO_LIMIT_MB * 1024 * 1024:
            raise CampaignError("bc_err_photo_size", limit=PHOTO_LIMIT_MB)
    return {
        "title": title,
        "text": text,
        "parse_mode": mode,
        "photo": photo or None,
        "photo_mime": photo_mime if photo else None,
        "buttons": check_buttons(buttons),
    }
