"""The fast handler suite: the real handlers over the in-memory unit of work and delivery port."""

from __future__ import annotations

import pytest

from handlers.chat.config import HandlerConfig
from handlers.chat.dispatcher import Dispatcher
from tests.handlers.chat_driver import ChatDriver
from tests.support.clock import FakeClock
from tests.support.fake_delivery import RecordingDelivery
from tests.support.fake_uow import FakeDatabase


@pytest.fixture
def fake_db() -> FakeDatabase:
    return FakeDatabase()


@pytest.fixture
def delivery() -> RecordingDelivery:
    return RecordingDelivery()


@pytest.fixture
def dispatcher(fake_db: FakeDatabase, delivery: RecordingDelivery) -> Dispatcher:
    config = HandlerConfig(flood_max_messages=100)
    return Dispatcher(fake_db.as_database(), delivery, config, clock=FakeClock())


@pytest.fixture
async def chat(dispatcher: Dispatcher) -> ChatDriver:
    """A citizen who has given the reporting consent."""
    driver = ChatDriver(dispatcher, chat_id="5001")
    await driver.text("/start")
    await driver.press("consent:yes")
    return driver
