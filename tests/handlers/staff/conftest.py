"""Shared pieces of the staff group tests: a recording delivery port and the group's settings."""

from __future__ import annotations

import pytest

from domain.delivery import Channel
from handlers.staff.alert_text import GroupConfig
from tests.support.fake_delivery import RecordingDelivery

GROUP = "-1001234567890"
DASHBOARD = "https://phananh.example.vn"


@pytest.fixture
def sender() -> RecordingDelivery:
    """The delivery port: records what was delivered, or fails while ``fail_all`` is set."""
    return RecordingDelivery()


@pytest.fixture
def group() -> GroupConfig:
    return GroupConfig(chat_id=GROUP, channel=Channel.TELEGRAM, dashboard_url=DASHBOARD)
