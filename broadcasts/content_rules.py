"""Checks of a campaign's content and schedule (Telegram's limits), raising CampaignError."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from broadcasts.workflow import CampaignError

TITLE_LIMIT = 300
TEXT_LIMIT = 4096  # Telegram sendMessage
CAPTION_LIMIT = 1024  # Telegram sendPhoto caption
PHOTO_LIMIT_MB = 10  # Telegram sendPhoto upload
PARSE_MODES = frozenset({"HTML", "MarkdownV2"})
PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})
BUTTON_TEXT_LIMIT = 64
LEARN_MORE_KEY_LIMIT = 40  # "bc:<id>:<key>" must fit in 64 bytes of callback data


def _error(key: str, **values: object) -> CampaignError:
    from broadcasts.workflow import CampaignError

    return CampaignError(key, **values)


def check_buttons(buttons: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Buttons as stored: ``{"text", "url"}`` or ``{"text", "learn_more", "url"?, "answer"?}``."""
    checked: list[dict[str, Any]] = []
    for raw in buttons:
        if not isinstance(raw, Mapping):
            raise _error("bc_err_buttons")
        text = str(raw.get("text") or "").strip()
        url = str(raw.get("url") or "").strip()
        key = str(raw.get("learn_more") or "").strip()
        if not text or len(text) > BUTTON_TEXT_LIMIT:
            raise _error("bc_err_buttons")
        if url and not url.startswith(("https://", "http://")):
            raise _error("bc_err_buttons")
        if key:
            if len(key.encode()) > LEARN_MORE_KEY_LIMIT or ":" in key:
                raise _error("bc_err_buttons")
            button: dict[str, Any] = {"text": text, "learn_more": key}
            if url:
                button["url"] = url
            if raw.get("answer"):
                button["answer"] = str(raw["answer"])[:200]
            checked.append(button)
        elif url:
            checked.append({"text": text, "url": url})
        else:
            raise _error("bc_err_buttons")
    return checked


def check_audience_filter(audience_filter: dict[str, Any] | None) -> dict[str, Any]:
    """The normalised filter (empty when none was given)."""
    if not audience_filter:
        return {}
    from broadcasts.audience import validate_filter

    try:
        return validate_filter(dict(audience_filter))
    except ValueError as exc:
        key = getattr(exc, "key", None) or "bc_err_no_audience"
        raise _error(key, **getattr(exc, "values", {})) from exc


def check_content(
    *,
    title: str,
    text: str,
    parse_mode: str | None,
    photo: bytes | None,
    photo_mime: str | None,
    buttons: Iterable[Mapping[str, Any]],
    audience_filter: dict[str, Any] | None,
) -> dict[str, Any]:
    """Column values of a valid campaign's content."""
    title = (title or "").strip()
    text = (text or "").strip()
    if not title:
        raise _error("bc_err_title_empty")
    if len(title) > TITLE_LIMIT:
        raise _error("bc_err_title_long", limit=TITLE_LIMIT)
    if not text:
        raise _error("bc_err_text_empty")
    if len(text) > TEXT_LIMIT:
        raise _error("bc_err_text_long", limit=TEXT_LIMIT)
    mode = (parse_mode or "").strip() or None
    if mode is not None and mode not in PARSE_MODES:
        raise _error("bc_err_parse_mode")
    if photo:
        if photo_mime not in PHOTO_TYPES:
            raise _error("bc_err_photo_type")
        if len(photo) > PHOTO_LIMIT_MB * 1024 * 1024:
            raise _error("bc_err_photo_size", limit=PHOTO_LIMIT_MB)
    return {
        "title": title,
        "text": text,
        "parse_mode": mode,
        "photo": photo or None,
        "photo_mime": photo_mime if photo else None,
        "buttons": check_buttons(buttons),
        "audience_filter": check_audience_filter(audience_filter),
    }


def check_schedule(kind: str, at: datetime | None, cron: str | None) -> None:
    """Raise CampaignError unless the schedule is one we can run."""
    if kind == "now":
        return
    if kind == "at":
        if at is None or at.tzinfo is None or at <= datetime.now(UTC):
            raise _error("bc_err_schedule_at")
        return
    if kind == "cron":
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(cron or "")
        except ValueError as exc:
            raise _error("bc_err_cron") from exc
        return
    raise _error("bc_err_schedule_kind")
