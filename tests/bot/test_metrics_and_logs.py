"""GET /metrics in the Prometheus text format, and JSON log lines with their context."""

from __future__ import annotations

import io
import json
import logging

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families

from bot.inbox_worker import InboxEntry, InboxIntake
from bot.logs import JsonFormatter
from bot.metrics import metrics_view
from dashboard.keys import DATABASE
from storage.database import Database
from tests.dashboard.webchat.support import SwitchableDatabase


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


async def scrape(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = await client.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    return samples(await response.text())


async def test_metrics_count_updates_and_read_the_inbox_depth(db: Database) -> None:
    switch = SwitchableDatabase(db)
    app = web.Application()
    app[DATABASE] = switch  # type: ignore[assignment]
    app.router.add_get("/metrics", metrics_view)
    async with TestClient(TestServer(app)) as client:
        before = await scrape(client)
        received = ("phananh_updates_received_total", (("channel", "telegram"),))
        await InboxIntake(db).store(
            "telegram",
            [InboxEntry("{}", "1", "1"), InboxEntry("[]", None, None, unusable="not an update")],
        )
        after = await scrape(client)
        assert after[received] - before.get(received, 0) == 2
        assert after[("phananh_inbox_pending", ())] == 1
        assert after[("phananh_inbox_parked", ())] == 1
        assert after[("phananh_inbox_oldest_pending_seconds", ())] >= 0
        assert after[("phananh_database_up", ())] == 1
        switch.fail()  # the scrape still answers, saying the database is not there
        down = await scrape(client)
        assert down[("phananh_database_up", ())] == 0
        errors = ("phananh_db_errors_total", (("where", "metrics"),))
        assert down[errors] - after.get(errors, 0) == 1
        await switch.down.dispose()


def test_json_log_lines_carry_the_update_and_the_chat() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("tests.json_logs")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("cập nhật %s bị bỏ qua", 42, extra={"update_id": "42", "chat": "7001"})
        try:
            raise ValueError("hỏng")
        except ValueError:
            logger.exception("lỗi")
    finally:
        logger.removeHandler(handler)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == "cập nhật 42 bị bỏ qua"
    assert (first["level"], first["update_id"], first["chat"]) == ("WARNING", "42", "7001")
    assert "report_code" not in first and first["time"].endswith("+00:00")
    assert second["level"] == "ERROR" and "ValueError: hỏng" in second["exception"]
