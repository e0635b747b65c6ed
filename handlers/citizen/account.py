"""Welcome, consent (Nghị định 13/2023/NĐ-CP), help and erasure of personal data.

Every sentence about stored data is built from what the database holds at that moment
(``uow.citizens.personal_data``), never assumed.
"""

from __future__ import annotations

from domain.catalogue import PRIVACY_NOTICE_VERSION, t
from domain.messages import Button, Reply
from handlers.chat.keyboards import consent_request, main_menu
from handlers.chat.turn import Turn
from storage.repositories import PersonalData

ERASE_CALLBACK = "erase:yes"


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
    had_record = turn.citizen is not None
    citizen = await turn.uow.citizens.record_consent(
        incoming.channel,
        incoming.user_id,
        incoming.chat_id,
        incoming.display_name,
        PRIVACY_NOTICE_VERSION,
        granted,
    )
    turn.citizen = citizen
    if granted:
        return [main_menu("consent_thanks")]
    turn.forget()
    if citizen is None or not had_record:
        return [Reply(text=t("consent_declined"), remove_keyboard=True)]
    held = await turn.uow.citizens.personal_data(citizen)
    if held.empty:
        return [Reply(text=t("consent_withdrawn_nothing_held"), remove_keyboard=True)]
    return [
        Reply(
            text=t("consent_withdrawn", held=describe_held(held)),
            buttons=[[Button(t("btn_erase"), callback_data=ERASE_CALLBACK)]],
            remove_keyboard=True,
        )
    ]


def describe_held(held: PersonalData) -> str:
    """The personal data held, as a list the citizen reads."""
    lines = []
    if held.name:
        lines.append(t("held_name", name=held.name))
    if held.phone:
        lines.append(t("held_phone", phone=held.phone))
    if held.reports_with_phone:
        lines.append(t("held_report_phones", count=held.reports_with_phone))
    if held.chat_linked or held.reports_linked:
        lines.append(t("held_chat_link", count=held.reports_linked))
    if held.reports:
        lines.append(t("held_reports", count=held.reports))
    return "\n".join(f"• {line}" for line in lines)


async def erase(turn: Turn) -> list[Reply]:
    """Delete the citizen's personal data; their reports stay, anonymised and unlinked."""
    citizen = turn.citizen
    if citizen is None:
        return [Reply(text=t("erase_nothing"))]
    held = await turn.uow.citizens.personal_data(citizen)
    if held.empty:
        return [Reply(text=t("erase_nothing"))]
    erased = await turn.uow.citizens.erase_personal_data(citizen)
    turn.forget()
    return [Reply(text=t("erase_done", erased=describe_held(erased)), remove_keyboard=True)]


def help_text() -> list[Reply]:
    """How to use the bot."""
    return [Reply(text=t("help"))]
