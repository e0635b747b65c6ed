"""The dispatcher's state rules with a small table of its own: what is stored, and when."""

from __future__ import annotations

from domain.catalogue import t
from domain.messages import IncomingKind, Reply
from handlers.chat.config import HandlerConfig
from handlers.chat.dispatcher import Dispatcher
from handlers.chat.registry import Registry
from handlers.chat.turn import Turn
from tests.handlers.chat_driver import ChatDriver, texts
from tests.support.fake_delivery import RecordingDelivery
from tests.support.fake_uow import FakeDatabase


async def _idle(turn: Turn) -> list[Reply]:
    return [Reply(text=f"idle:{turn.state}")]


async def _remember(turn: Turn) -> list[Reply]:
    turn.keep()
    turn.goto("waiting", since=turn.incoming.text)
    return [Reply(text="kept")]


async def _waiting(turn: Turn) -> list[Reply]:
    return [Reply(text=f"waiting since {turn.data['since']}: {turn.incoming.text}")]


async def _leave(turn: Turn) -> list[Reply]:
    turn.forget()
    return [Reply(text="forgotten")]


async def _wander(turn: Turn) -> list[Reply]:
    turn.goto("waiting", since="never")  # no keep(): an unconsented chat stores nothing
    return [Reply(text="wandered")]


def table() -> Registry:
    registry = Registry(fallback=_idle)
    registry.command(("ghi",), _remember, needs_consent=False)
    registry.command(("quen",), _leave, needs_consent=False)
    registry.command(("di",), _wander, needs_consent=False)
    kinds = frozenset({IncomingKind.TEXT})
    registry.state("waiting", _waiting, kinds=kinds, needs_consent=False)
    return registry


async def test_state_is_kept_only_when_a_step_asks_and_forgotten_on_request() -> None:
    fake_db = FakeDatabase()
    dispatcher = Dispatcher(
        fake_db.as_database(), RecordingDelivery(), HandlerConfig(), conversation=table()
    )
    chat = ChatDriver(dispatcher, chat_id="6001")
    assert texts(await chat.text("/di")) == "wandered"
    assert fake_db.store.conversations == []
    assert texts(await chat.text("/ghi")) == "kept"
    [row] = fake_db.store.conversations
    assert row.state == "waiting" and row.data == {"since": "/ghi"}
    assert texts(await chat.text("xin chào")) == "waiting since /ghi: xin chào"
    assert texts(await chat.text("/quen")) == "forgotten"
    assert fake_db.store.conversations == []
    assert t("consent_required") in texts(await chat.text("xin chào"))  # the idle chat again
