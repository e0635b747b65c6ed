"""A citizen in a Zalo chat with the bot, through the loopback Zalo Bot API server."""

from __future__ import annotations

import asyncio
import re
import time

from tests.support.fake_zalo_api import FakeZaloApi, Shape, ZaloSent

CHOICE_LINE = re.compile(r"^(\d{1,2})\. (.+)$", re.MULTILINE)


class ZaloUser:
    """Types messages and reads the bot's answers; numbered choices are picked by their label."""

    def __init__(self, api: FakeZaloApi, chat_id: str, *, shape: Shape = "flat") -> None:
        self.api = api
        self.chat_id = chat_id
        self.shape = shape
        self.seen = 0
        self.last: list[ZaloSent] = []

    async def wait_for(self, needle: str, timeout: float = 20) -> list[ZaloSent]:
        """New bot messages up to and including the first that contains ``needle``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            messages = self.api.to(self.chat_id)
            for index in range(self.seen, len(messages)):
                if needle in (messages[index].text or ""):
                    self.last = messages[self.seen : index + 1]
                    self.seen = index + 1
                    return self.last
            await asyncio.sleep(0.02)
        texts = [m.text for m in self.api.to(self.chat_id)[self.seen :]]
        raise AssertionError(f"no message containing {needle!r}; new messages: {texts!r}")

    async def send_text(self, text: str, expect: str, **kw: object) -> list[ZaloSent]:
        """Type ``text`` and wait for the answer containing ``expect``."""
        await self.api.push_text(self.chat_id, text, self.shape, **kw)
        return await self.wait_for(expect)

    def number_of(self, label: str) -> int:
        """The number of the choice labelled ``label`` among those valid now: the choices of
        the latest messages, back to the one whose numbering starts at 1."""
        for message in reversed(self.api.to(self.chat_id)[: self.seen]):
            choices = CHOICE_LINE.findall(message.text or "")
            for number, text in choices:
                if label in text:
                    return int(number)
            if choices and choices[0][0] == "1":
                break
        raise AssertionError(f"no choice {label!r}; last messages: {[m.text for m in self.last]!r}")

    async def choose(self, label: str, expect: str, *, typed: str = "{n}") -> list[ZaloSent]:
        """Type the number of the choice labelled ``label`` (``typed`` e.g. «số {n}»)."""
        return await self.send_text(typed.format(n=self.number_of(label)), expect)

    async def send_photo(self, content: bytes, expect: str) -> list[ZaloSent]:
        """Send a photo and wait for the answer."""
        await self.api.push_photo(self.chat_id, content)
        return await self.wait_for(expect)
