"""Shared pieces of the staff group tests: a recording sender and the group's configuration."""

from __future__ import annotations

import pytest

from domain.messages import Reply
from handlers.staff.alert_text import GroupConfig

GROUP = "-1001234567890"
DASHBOARD = "https://phananh.example.vn"


class RecordingSender:
    """The ReplySender port: records what was sent, or fails while ``failing`` is set."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, list[Reply]]] = []
        self.failing = False

    async def send(self, channel: str, chat_id: str, replies: list[Reply]) -> None:
        if self.failing:
            raise RuntimeError("Bad Gateway")
        self.sent.append((channel, chat_id, replies))

    def to(self, chat_id: str) -> list[Reply]:
        return [r for _, chat, replies in self.sent if chat == chat_id for r in replies]


@pytest.fixture
def sender() -> RecordingSender:
    return RecordingSender()


@pytest.fixture
def group() -> GroupConfig:
    return GroupConfig(chat_id=GROUP, channel="telegram", dashboard_url=DASHBOARD)
