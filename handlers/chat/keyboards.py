"""Reusable replies: the main menu, the consent question, category buttons."""

from __future__ import annotations

from domain.catalogue import CATEGORY_LABELS, t
from domain.messages import Button, KeyboardButton, Reply

MENU_ACTIONS: dict[str, str] = {
    "menu_report": "report",
    "menu_track": "track",
    "menu_mine": "mine",
    "menu_help": "help",
    "menu_questions": "questions",
}


def menu_action(text: str) -> str | None:
    """The action of a main-menu button's text, if `text` is one."""
    for key, action in MENU_ACTIONS.items():
        if text.strip() == t(key):
            return action
    return None


def main_menu(text_key: str = "menu_prompt") -> Reply:
    """The main menu as a persistent keyboard."""
    return Reply(
        text=t(text_key),
        keyboard=[
            [KeyboardButton(t("menu_report")), KeyboardButton(t("menu_track"))],
            [KeyboardButton(t("menu_mine")), KeyboardButton(t("menu_help"))],
            [KeyboardButton(t("menu_questions"))],
        ],
    )


def consent_request() -> list[Reply]:
    """Privacy notice with the explicit consent buttons."""
    return [
        Reply(
            text=t("privacy_notice"),
            buttons=[
                [
                    Button(t("btn_consent_yes"), callback_data="consent:yes"),
                    Button(t("btn_consent_no"), callback_data="consent:no"),
                ]
            ],
        )
    ]


def category_picker() -> Reply:
    """All categories as buttons, two per row."""
    buttons = [
        Button(label, callback_data=f"cat:{code}") for code, label in CATEGORY_LABELS.items()
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([Button(t("btn_cancel"), callback_data="flow:cancel")])
    return Reply(text=t("pick_category"), buttons=rows)
