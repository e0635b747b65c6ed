"""The conversation as a table: which step answers a command, a button, a menu text or a state.

Every flow registers its steps here (the citizen's, the subscriber's, the staff's); the
dispatcher asks :meth:`Registry.run` for the replies. The order of the checks is the product's
rule: interceptors (a staff member writing a campaign) first, then consent-free routes, then the
consent gate, then everything else, and last the fallback of an idle chat.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from domain.catalogue import t
from domain.messages import IncomingKind, Reply
from handlers.chat.keyboards import consent_request, menu_action
from handlers.chat.turn import Turn

Step = Callable[[Turn], Awaitable[list[Reply]]]
Intercept = Callable[[Turn], Awaitable[list[Reply] | None]]
UNSUPPORTED_KINDS = ("sticker", "voice", "document", "video")


@dataclass(frozen=True)
class Route:
    """A step and whether it needs the reporting consent."""

    step: Step
    needs_consent: bool = True


@dataclass(frozen=True)
class StateRoute(Route):
    """The step that continues a state, with the buttons and kinds of message it takes."""

    buttons: tuple[str, ...] = ()  # callback-data prefixes; other presses are stale buttons
    kinds: frozenset[IncomingKind] | None = None  # None: every kind but unlisted buttons
    draft: bool = False  # the state's data is the report draft


@dataclass(frozen=True)
class _Callback:
    data: str  # exact callback data, or a prefix when it ends with ":"
    route: Route
    test: Callable[[str], bool] | None = None

    def matches(self, data: str) -> bool:
        if self.test is not None:
            return self.test(data)
        return data.startswith(self.data) if self.data.endswith(":") else data == self.data


@dataclass
class Registry:
    """Commands, callback data, menu actions and states mapped to steps."""

    fallback: Step
    intercepts: list[Intercept] = field(default_factory=list)
    commands: dict[str, Route] = field(default_factory=dict)
    callbacks: list[_Callback] = field(default_factory=list)
    menu: dict[str, Route] = field(default_factory=dict)
    states: dict[str, StateRoute] = field(default_factory=dict)

    def command(self, names: tuple[str, ...], step: Step, *, needs_consent: bool = True) -> None:
        """Answer ``/name`` for each of ``names`` with ``step``."""
        for name in names:
            self.commands[name] = Route(step, needs_consent)

    def callback(
        self,
        data: str | Callable[[str], bool],
        step: Step,
        *,
        needs_consent: bool = True,
    ) -> None:
        """Answer a button press: exact data, a prefix ending in ":", or a predicate."""
        route = Route(step, needs_consent)
        if isinstance(data, str):
            self.callbacks.append(_Callback(data, route))
        else:
            self.callbacks.append(_Callback("", route, data))

    def menu_action(self, action: str, step: Step) -> None:
        """Answer a main-menu keyboard text (always behind the consent)."""
        self.menu[action] = Route(step)

    def state(
        self,
        name: str,
        step: Step,
        *,
        buttons: tuple[str, ...] = (),
        kinds: frozenset[IncomingKind] | None = None,
        needs_consent: bool = True,
        draft: bool = False,
    ) -> None:
        """Continue the state ``name`` with ``step``."""
        self.states[name] = StateRoute(step, needs_consent, buttons, kinds, draft)

    def is_draft_state(self, state: str) -> bool:
        """True when the state's stored data is the report draft."""
        route = self.states.get(state)
        return route is not None and route.draft

    def find(self, turn: Turn) -> Route | None:
        """The route of this message, or None when no table entry takes it."""
        incoming = turn.incoming
        if incoming.kind is IncomingKind.COMMAND:
            return self.commands.get(incoming.command or "")
        state = self.states.get(turn.state)
        if incoming.kind is IncomingKind.CALLBACK:
            data = incoming.callback_data or ""
            found = next((c.route for c in self.callbacks if c.matches(data)), None)
            if (
                found is None
                and state is not None
                and state.buttons
                and data.startswith(state.buttons)
            ):
                return state
            return found
        if incoming.kind is IncomingKind.TEXT:
            action = menu_action(incoming.text or "")
            if action is not None:
                return self.menu.get(action)
        if state is not None and (state.kinds is None or incoming.kind in state.kinds):
            return state
        return None

    async def run(self, turn: Turn) -> list[Reply]:
        """The replies to this message."""
        for intercept in self.intercepts:
            replies = await intercept(turn)
            if replies is not None:
                return replies
        incoming = turn.incoming
        route = self.find(turn)
        if route is None and incoming.kind is IncomingKind.COMMAND:
            return [Reply(text=t("unknown_command", command=(incoming.command or "")[:32]))]
        if route is not None and not route.needs_consent:
            return await route.step(turn)
        if not turn.consented:
            return [Reply(text=t("consent_required")), *consent_request()]
        if incoming.kind is IncomingKind.UNSUPPORTED:
            what = incoming.unsupported_what
            label = (
                t(f"unsupported_{what}") if what in UNSUPPORTED_KINDS else t("unsupported_other")
            )
            return [Reply(text=t("unsupported", what=label))]
        if route is not None:
            return await route.step(turn)
        if incoming.kind is IncomingKind.CALLBACK:
            return [Reply(text=t("button_expired"))]
        return await self.fallback(turn)
