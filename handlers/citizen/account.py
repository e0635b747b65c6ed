"""Welcome, consent (Nghị định 13/2023/NĐ-CP), help and erasure of personal data."""

from __future__ import annotations

from domain.catalogue import PRIVACY_NOTICE_VERSION, t
from domain.messages import Reply
from handlers.chat.keyboards import consent_request, main_menu
from handlers.chat.turn import Turn


def start(turn: Turn) -> list[Reply]:
    """Welcome; the privacy notice and consent buttons for newcomers, else the menu."""
    welcome = Reply(text=t("welcome"))
    if turn.citizen is None or turn.citizen.consented_at is None:
        return [welcome, *consent_request()]
    turn.reset()
    return [welcome, main_menu()]


async def consent(turn: Turn, granted: bool) -> list[Reply]:
    """Record the decision; only consent creates the citizen's record."""
    incoming = turn.incoming
    citizen = await turn.uow.citizens.record_consent(
        incoming.channel,
        incoming.user_id,
        incoming.chat_id,
        incoming.display_name,
        PRIVACY_NOTICE_VERSION,
        granted,
    )
    turn.citizen = citizen
    if not granted:
        return [Reply(text=t("consent_declined"), remove_keyboard=True)]
    return [main_menu("consent_thanks")]


async def erase(turn: Turn) -> list[Reply]:
    """Delete the citizen's personal data; their reports stay, anonymised."""
    if turn.citizen is None or turn.citizen.consented_at is None:
        return [Reply(text=t("erase_nothing"))]
    await turn.uow.citizens.erase_personal_data(turn.citizen)
    turn.reset()
    return [Reply(text=t("erase_done"), remove_keyboard=True)]


def help_text() -> list[Reply]:
    """How to use the bot."""
    return [Reply(text=t("help"))]
