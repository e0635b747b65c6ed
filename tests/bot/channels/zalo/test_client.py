"""The Zalo Bot API client against the loopback server: long poll, webhook calls, errors."""

from __future__ import annotations

import pytest

from bot.channels.zalo.client import ZaloApiError, ZaloClient
from tests.support.fake_zalo_api import FakeZaloApi


async def test_long_poll_webhook_switch_and_errors(zalo_api: FakeZaloApi) -> None:
    async with ZaloClient(zalo_api.token, zalo_api.base_url) as client:
        assert (await client.get_me())["account_name"] == "bot.phananh"
        assert await client.get_update(timeout=0) is None  # 408 «Request timeout»: no event
        await zalo_api.push_text("u1", "xin chào")
        event = await client.get_update(timeout=5)
        assert event is not None and event["message"]["text"] == "xin chào"
        with pytest.raises(ZaloApiError) as short:
            await client.set_webhook("https://example.vn/zalo/webhook", "short")
        assert short.value.code == 400
        await client.set_webhook("https://example.vn/zalo/webhook", "a-long-enough-secret")
        assert (await client.get_webhook_info())["url"] == "https://example.vn/zalo/webhook"
        with pytest.raises(ZaloApiError) as both:  # polling and webhook cannot be used together
            await client.get_update(timeout=0)
        assert both.value.code == 409
        await client.delete_webhook()
        assert (await client.get_webhook_info())["url"] == ""
        with pytest.raises(ZaloApiError) as too_long:
            await client.send_message("u1", "x" * 2001)
        assert too_long.value.code == 400
        await client.send_chat_action("u1")
    async with ZaloClient("0:wrong", zalo_api.base_url) as stranger:
        with pytest.raises(ZaloApiError) as refused:
            await stranger.get_me()
        assert refused.value.code == 401
