"""Questions about the campaigns' subject, answered from the documents staff load (``/hoidap``)."""

from __future__ import annotations

from domain.messages import Reply
from handlers.chat.keyboards import main_menu
from handlers.chat.registry import Registry
from handlers.chat.turn import Turn


def register(table: Registry) -> None:
    """Put the question-answering commands and buttons in the conversation table."""


async def answer(turn: Turn, question: str) -> list[Reply]:
    """The reply to a free-text question (the intent reading routes questions here)."""
    del question
    turn.reset()
    return [main_menu("idle_hint")]
