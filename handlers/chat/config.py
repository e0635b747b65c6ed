"""Tunable limits of the conversation handlers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from domain.sla import SlaRules


@dataclass(frozen=True)
class HandlerConfig:
    """Limits and thresholds; the defaults suit a provincial deployment."""

    max_text_length: int = 4000
    min_description_words: int = 3
    max_photos: int = 3
    max_photo_bytes: int = 10 * 1024 * 1024
    confident_category: float = 0.55
    flood_max_messages: int = 8
    flood_window_seconds: float = 10.0
    sla: SlaRules = field(default_factory=SlaRules)
    # A processed-update record counts this long: longer than the platform redelivers an update
    # (Telegram keeps them 24 hours), shorter than it takes ids to start again.
    redelivery_window: timedelta = timedelta(hours=48)
    dashboard_public_url: str | None = None  # for links to the dashboard in staff answers
