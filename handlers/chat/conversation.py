"""The product's conversation table: every command, button, menu text and state, and its step.

The flows own their steps; this module only says which step answers what (see
``handlers.chat.registry`` for the order in which the table is consulted).
"""

from __future__ import annotations

from collections.abc import Callable

from domain.messages import IncomingKind, Reply
from domain.tracking import find_tracking_code, tracking_code_candidates
from handlers.chat.keyboards import main_menu
from handlers.chat.registry import Registry, Step
from handlers.chat.turn import IDLE, Turn
from handlers.citizen import (
    account,
    after_filing,
    followup,
    intake,
    questions,
    report_card,
    report_finish,
    report_flow,
    tracking,
)
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
    if turn.draft is not None:  # its buttons now answer that it was cancelled
        turn.settle(turn.draft.draft_id, "cancelled")
    turn.reset()
    return [main_menu("flow_cancelled" if was_busy else "nothing_to_cancel")]


async def _start(turn: Turn) -> list[Reply]:
    if turn.incoming.args.startswith(subscriptions.JOIN_PREFIX):  # an invitation link
        return await subscriptions.route(turn)
    return account.start(turn)


async def _consent(turn: Turn) -> list[Reply]:
    return await account.consent(turn, turn.incoming.callback_data == "consent:yes")


async def _report_command(turn: Turn) -> list[Reply]:
    replies = report_flow.start(turn)
    args = turn.incoming.args
    return await report_flow.describe(turn, args) if args.strip() else replies


async def _track_command(turn: Turn) -> list[Reply]:
    args = turn.incoming.args
    return await tracking.lookup(turn, args) if args.strip() else tracking.ask_code(turn)


async def _track_answer(turn: Turn) -> list[Reply]:
    """The code asked for, typed alone or inside a sentence; anything else is read afresh."""
    text = turn.incoming.text or ""
    code, _ = find_tracking_code(text)
    for candidate in tracking_code_candidates(text)[:5]:
        if await turn.uow.reports.by_code(candidate) is not None:
            code = candidate
            break
    if code is not None or len(text.split()) <= 2:
        return await tracking.lookup(turn, code or text)
    turn.reset()
    return await intake.idle(turn)


async def _draft_button(turn: Turn) -> list[Reply]:
    """A report-flow button: acted on inside its draft, explained when it is settled."""
    if CONVERSATION.is_draft_state(turn.state):
        return await report_flow.step(turn)
    _, _, draft_id = report_card.parse_button(turn.incoming.callback_data or "")
    return report_finish.settled_button(turn, draft_id or "")


async def _campaign_authoring(turn: Turn) -> list[Reply] | None:
    return await campaign_authoring.handle(turn, turn.config.dashboard_public_url)


def build_registry() -> Registry:
    """The whole conversation of the product."""
    table = Registry(fallback=intake.idle, intercepts=[_campaign_authoring])
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
    table.callback(account.ERASE_CALLBACK, account.erase, needs_consent=False)
    for state in subscriptions.STATES:
        table.state(state, subscriptions.route, kinds=TEXT_AND_PINS, needs_consent=False)
    # Behind the reporting consent.
    table.command(("phananh",), _report_command)
    table.command(("tracuu",), _track_command)
    table.command(("cuatoi",), tracking.mine)
    for prefix in followup.CALLBACK_PREFIXES:
        table.callback(prefix, followup.on_callback)
    table.callback(report_card.PREFIX, _draft_button)
    table.callback(report_finish.EXTRA, after_filing.on_extra)
    table.callback(intake.CHOICE_PREFIX, intake.on_choice)
    table.menu_action("report", _now(report_flow.start))
    table.menu_action("track", _now(tracking.ask_code))
    table.menu_action("mine", tracking.mine)
    table.menu_action("help", _now(lambda _: account.help_text()))
    for state in report_flow.STATES:
        table.state(state, report_flow.step, buttons=report_card.LEGACY_PREFIXES, draft=True)
    table.state(report_finish.FILED, after_filing.step)
    table.state(intake.CHOICE, intake.choice_text, kinds=frozenset({IncomingKind.TEXT}))
    table.state(followup.ANSWER, followup.on_answer)
    table.state(tracking.TRACK, _track_answer, kinds=frozenset({IncomingKind.TEXT}))
    questions.register(table)
    return table


CONVERSATION = build_registry()
