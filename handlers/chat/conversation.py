"""The product's conversation table: every command, button, menu text and state, and its step.

The flows own their steps; this module only says which step answers what (see
``handlers.chat.registry`` for the order in which the table is consulted).
"""

from __future__ import annotations

from collections.abc import Callable

from domain.catalogue import t
from domain.messages import IncomingKind, Reply
from handlers.chat.keyboards import main_menu
from handlers.chat.registry import Registry, Step
from handlers.chat.text_checks import word_count
from handlers.chat.turn import IDLE, Turn
from handlers.citizen import account, followup, report_finish, report_flow, tracking
from handlers.staff import campaign_authoring
from handlers.subscriber import campaign_clicks, subscriptions
from handlers.subscriber.quiz_answers import (
    QUIZ_COMMAND,
    is_quiz_callback,
    on_quiz_callback,
    quiz_result,
)

TEXT_AND_PINS = frozenset({IncomingKind.TEXT, IncomingKind.LOCATION})


def _now(step: Callable[[Turn], list[Reply]]) -> Step:
    """A step that needs no I/O, as the registry's async step."""

    async def run(turn: Turn) -> list[Reply]:
        return step(turn)

    return run


def cancel(turn: Turn) -> list[Reply]:
    """Leave whatever flow the chat is in."""
    was_busy = turn.state != IDLE
    turn.reset()
    return [main_menu("flow_cancelled" if was_busy else "nothing_to_cancel")]


async def _start(turn: Turn) -> list[Reply]:
    if turn.incoming.args.startswith(subscriptions.JOIN_PREFIX):  # an invitation link
        return await subscriptions.route(turn)
    return account.start(turn)


async def _consent(turn: Turn) -> list[Reply]:
    return await account.consent(turn, turn.incoming.callback_data == "consent:yes")


def _report_command(turn: Turn) -> list[Reply]:
    replies = report_flow.start(turn)
    args = turn.incoming.args
    return report_flow.describe(turn, args) if args.strip() else replies


async def _track_command(turn: Turn) -> list[Reply]:
    args = turn.incoming.args
    return await tracking.lookup(turn, args) if args.strip() else tracking.ask_code(turn)


async def _track_answer(turn: Turn) -> list[Reply]:
    return await tracking.lookup(turn, turn.incoming.text or "")


async def _describe(turn: Turn) -> list[Reply]:
    incoming = turn.incoming
    if incoming.kind is IncomingKind.PHOTO:
        replies = await report_finish.store_photo(turn)
        if incoming.text:
            return report_flow.describe(turn, incoming.text)
        return [*replies[:1], Reply(text=t("ask_description"))]
    if incoming.kind is IncomingKind.TEXT:
        return report_flow.describe(turn, incoming.text)
    return [Reply(text=t("ask_description"))]


async def _idle(turn: Turn) -> list[Reply]:
    """A photo or a long enough text starts a report; anything else shows the menu."""
    incoming = turn.incoming
    if incoming.kind is IncomingKind.PHOTO:
        report_flow.start(turn)
        return await _describe(turn)
    if (
        incoming.kind is IncomingKind.TEXT
        and word_count(incoming.text or "") >= turn.config.min_description_words
    ):
        report_flow.start(turn)
        return report_flow.describe(turn, incoming.text)
    turn.reset()
    return [main_menu("idle_hint")]


async def _campaign_authoring(turn: Turn) -> list[Reply] | None:
    return await campaign_authoring.handle(turn, turn.config.dashboard_public_url)


def build_registry() -> Registry:
    """The whole conversation of the product."""
    table = Registry(fallback=_idle, intercepts=[_campaign_authoring])
    # Open to everyone: welcome, help, leaving a flow, erasure, consent, subscriptions, quizzes.
    table.command(("start",), _start, needs_consent=False)
    table.command(("trogiup", "help"), _now(lambda _: account.help_text()), needs_consent=False)
    table.command(("huy",), _now(cancel), needs_consent=False)
    table.command(("xoadulieu",), account.erase, needs_consent=False)
    table.command(subscriptions.COMMANDS, subscriptions.route, needs_consent=False)
    table.command((QUIZ_COMMAND,), quiz_result, needs_consent=False)
    table.callback(subscriptions.CALLBACK_PREFIX, subscriptions.route, needs_consent=False)
    table.callback(is_quiz_callback, on_quiz_callback, needs_consent=False)
    table.callback(campaign_clicks.is_click, campaign_clicks.on_click, needs_consent=False)
    table.callback("flow:cancel", _now(cancel), needs_consent=False)
    table.callback("consent:yes", _consent, needs_consent=False)
    table.callback("consent:no", _consent, needs_consent=False)
    for state in subscriptions.STATES:
        table.state(state, subscriptions.route, kinds=TEXT_AND_PINS, needs_consent=False)
    # Behind the reporting consent.
    table.command(("phananh",), _now(_report_command))
    table.command(("tracuu",), _track_command)
    table.command(("cuatoi",), tracking.mine)
    for prefix in followup.CALLBACK_PREFIXES:
        table.callback(prefix, followup.on_callback)
    table.menu_action("report", _now(report_flow.start))
    table.menu_action("track", _now(tracking.ask_code))
    table.menu_action("mine", tracking.mine)
    table.menu_action("help", _now(lambda _: account.help_text()))
    table.state(report_flow.DESCRIBE, _describe, draft=True)
    table.state(report_flow.CATEGORY, _now(report_flow.category), buttons=("cat:",), draft=True)
    table.state(report_flow.PLACE, _now(report_flow.place), buttons=("place:",), draft=True)
    table.state(report_finish.PHOTO, report_finish.photo, buttons=("photo:",), draft=True)
    anonymous = _now(report_finish.anonymous)
    table.state(report_finish.ANONYMOUS, anonymous, buttons=("anon:",), draft=True)
    table.state(report_finish.PHONE, _now(report_finish.phone), buttons=("phone:",), draft=True)
    table.state(report_finish.CONFIRM, report_finish.confirm, buttons=("confirm:",), draft=True)
    table.state(followup.ANSWER, followup.on_answer)
    table.state(tracking.TRACK, _track_answer, kinds=frozenset({IncomingKind.TEXT}))
    return table


CONVERSATION = build_registry()
