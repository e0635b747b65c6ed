"""Fixtures of the Zalo channel tests: the loopback Zalo Bot API server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.fake_zalo_api import FakeZaloApi


@pytest.fixture
async def zalo_api() -> AsyncIterator[FakeZaloApi]:
    """The loopback Zalo Bot API server on a free port."""
    async with FakeZaloApi() as server:
        yield server
