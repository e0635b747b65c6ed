"""Checks of a campaign's content, audience and schedule, raising CampaignError.

The message rules themselves (Telegram's limits) are in :mod:`domain.campaigns`, shared with the
staff chat command that drafts a campaign; here they are completed by the audience filter (which
needs the gazetteer) and the schedule (which needs the crontab parser).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from broadcasts.audience import AudienceError, validate_filter
from broadcasts.scheduling import MIN_CRON_INTERVAL, shortest_interval, valid_crontab
from domain.campaigns import BUTTON_TEXT_LIMIT as BUTTON_TEXT_LIMIT  # for the campaign form
from domain.campaigns import CAPTION_LIMIT as CAPTION_LIMIT
from domain.campaigns import PHOTO_LIMIT_MB as PHOTO_LIMIT_MB
from domain.campaigns import CampaignError, check_message


def check_audience_filter(audience_filter: dict[str, Any] | None) -> dict[str, Any]:
    """The normalised filter (empty when none was given)."""
    if not audience_filter:
        return {}
    try:
        return validate_filter(dict(audience_filter))
    except AudienceError as exc:
        raise CampaignError(exc.key, **exc.values) from exc


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
    content = check_message(
        title=title,
        text=text,
        parse_mode=parse_mode,
        photo=photo,
        photo_mime=photo_mime,
        buttons=buttons,
    )
    # The rules say https (Telegram accepts plain http too): refuse http links and buttons.
    for button in content.get("buttons") or ():
        if str(button.get("url", "")).lower().startswith("http://"):
            raise CampaignError("bc_err_buttons")
    plain = _PLAIN_HTTP_HREF.search(text)
    if plain is not None:
        raise CampaignError("html_err_link", href=plain.group(1)[:80])
    content["audience_filter"] = check_audience_filter(audience_filter)
    return content


_PLAIN_HTTP_HREF = re.compile(r"""href\s*=\s*["']?\s*(http://[^"'\s>]*)""", re.IGNORECASE)


def check_schedule(
    kind: str,
    at: datetime | None,
    cron: str | None,
    min_interval: timedelta = MIN_CRON_INTERVAL,
) -> None:
    """Raise CampaignError unless the schedule is one we can run, at most once per interval."""
    if kind == "now":
        return
    if kind == "at":
        if at is None or at.tzinfo is None or at <= datetime.now(UTC):
            raise CampaignError("bc_err_schedule_at")
        return
    if kind == "cron":
        if not valid_crontab(cron or ""):
            raise CampaignError("bc_err_cron")
        shortest = shortest_interval(cron or "")
        if shortest is not None and shortest < min_interval:
            hours = min_interval.total_seconds() / 3600
            raise CampaignError("bc_err_cron_too_often", hours=f"{hours:g}")
        return
    raise CampaignError("bc_err_schedule_kind")
