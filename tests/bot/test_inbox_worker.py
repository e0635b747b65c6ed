"""The inbox worker on SQLite and PostgreSQL: order per chat, retries, parking, restarts."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.inbox_worker import InboxEntry, InboxWorker, RetryPolicy, UnusableUpdate
from storage.database import Database, create_engine
from storage.inbox_models import INBOX_DONE, INBOX_PARKED, INBOX_PENDING
from tests.support.clock import FakeClock

CHANNEL = "telegram"


def entry(chat: str | None, n: int) -> InboxEntry:
    return InboxEntry(json.dumps({"chat": chat, "n": n}), chat, str(n))


async def states(db: Database) -> dict[int, str]:
    """``n`` of each stored update -> its state."""
    found: dict[int, str] = {}
    async with db.uow() as uow:
        for state in (INBOX_PENDING, INBOX_DONE, INBOX_PARKED):
            for row in await uow.inbox.by_state(state, limit=1000):
                if row.raw.startswith('{"chat"'):
                    found[json.loads(row.raw)["n"]] = state
    return found


async def until(condition: Callable[[], bool], *, seconds: float = 10.0) -> None:
    """Let the worker's tasks run until ``condition`` holds (or ``seconds`` have passed)."""
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)


async def test_updates_are_processed_in_order_per_chat_and_marked_done(db: Database) -> None:
    seen: list[tuple[str, int]] = []

    async def parser(data: dict[str, Any]) -> bool:
        await asyncio.sleep(0)  # let sibling tasks interleave if they could
        seen.append((data["chat"], data["n"]))
        return True

    worker = InboxWorker(db, {CHANNEL: parser}, concurrency=4, poll_seconds=0.05)
    intake = worker.intake()
    await intake.store(CHANNEL, [entry(f"c{n % 3}", n) for n in range(30)])
    await worker.start()
    try:
        await until(lambda: len(seen) == 30)
    finally:
        await worker.stop()
    assert sorted(n for _, n in seen) == list(range(30))
    for chat in ("c0", "c1", "c2"):
        ns = [n for c, n in seen if c == chat]
        assert ns == sorted(ns), (chat, ns)
    assert set((await states(db)).values()) == {INBOX_DONE}


async def test_a_failing_update_is_retried_with_backoff_then_parked_and_holds_its_chat(
    db: Database,
) -> None:
    clock = FakeClock()
    calls: list[int] = []

    async def parser(data: dict[str, Any]) -> bool:
        calls.append(data["n"])
        if data["n"] == 1:
            raise RuntimeError("database said no")
        return True

    retry = RetryPolicy(max_tries=3, first_delay=10, max_delay=100)
    worker = InboxWorker(db, {CHANNEL: parser}, clock=clock, retry=retry)
    await worker.intake().store(CHANNEL, [entry("a", 1), entry("a", 2), entry("b", 3)])
    assert await worker.drain() == 2  # 1 failed (its chat waits), 3 done
    assert calls == [1, 3]
    clock.advance(5)
    assert await worker.drain() == 0  # not due yet: chat a still waits behind update 1
    clock.advance(6)
    await worker.drain()  # second try fails; the next waits 20 s
    assert calls == [1, 3, 1]
    clock.advance(21)
    await worker.drain()  # third try fails: parked, and update 2 of the same chat goes on
    assert calls == [1, 3, 1, 1, 2]
    assert await states(db) == {1: INBOX_PARKED, 2: INBOX_DONE, 3: INBOX_DONE}
    async with db.uow() as uow:
        (parked,) = await uow.inbox.by_state(INBOX_PARKED)
        assert parked.tries == 3 and "database said no" in (parked.last_error or "")
        depth = await uow.inbox.depth()
    assert (depth.pending, depth.parked) == (0, 1)


async def test_unusable_updates_are_parked_at_once_and_never_block_their_chat(
    db: Database,
) -> None:
    async def parser(data: dict[str, Any]) -> bool:
        if data["n"] == 1:
            raise UnusableUpdate("no such kind")
        return True

    worker = InboxWorker(db, {CHANNEL: parser})
    intake = worker.intake()
    await intake.store(
        CHANNEL,
        [
            entry("a", 1),
            InboxEntry("{not json", None, None, unusable="not JSON"),
            InboxEntry("[1]", "a", "9"),  # stored as usable, found unusable by the worker
            entry("a", 2),
        ],
    )
    assert await worker.drain() == 3
    assert await states(db) == {1: INBOX_PARKED, 2: INBOX_DONE}
    async with db.uow() as uow:
        parked = [row.raw for row in await uow.inbox.by_state(INBOX_PARKED)]
    assert parked == ['{"chat": "a", "n": 1}', "{not json", "[1]"]


async def test_pending_updates_survive_a_restart_and_a_channel_registered_later(
    db: Database,
) -> None:
    first = InboxWorker(db)  # no parser yet: nothing is claimed, nothing is parked
    await first.intake().store(CHANNEL, [entry("a", n) for n in range(5)])
    assert await first.drain() == 0
    seen: list[int] = []

    async def parser(data: dict[str, Any]) -> bool:
        seen.append(data["n"])
        return True

    restarted = InboxWorker(Database(db.engine))
    restarted.register(CHANNEL, parser)
    await restarted.start()
    try:
        await until(lambda: len(seen) == 5)
    finally:
        await restarted.stop()
    assert seen == [0, 1, 2, 3, 4]


async def test_two_processes_never_work_on_one_chat_at_once(db: Database, db_url: str) -> None:
    """Two workers with their own engines (like two processes); SQLite runs one process."""
    if db.dialect != "postgresql":
        return
    active: dict[str, int] = {}
    overlaps: list[str] = []
    seen: list[tuple[str, int]] = []

    async def parser(data: dict[str, Any]) -> bool:
        chat = data["chat"]
        active[chat] = active.get(chat, 0) + 1
        if active[chat] > 1:
            overlaps.append(chat)
        await asyncio.sleep(0.005)
        seen.append((chat, data["n"]))
        active[chat] -= 1
        return True

    other = Database(create_engine(db_url))
    workers = [
        InboxWorker(db, {CHANNEL: parser}, concurrency=3, poll_seconds=0.05),
        InboxWorker(other, {CHANNEL: parser}, concurrency=3, poll_seconds=0.05),
    ]
    await workers[0].intake().store(CHANNEL, [entry(f"c{n % 4}", n) for n in range(40)])
    try:
        for worker in workers:
            await worker.start()
        await until(lambda: len(seen) == 40)
    finally:
        for worker in workers:
            await worker.stop()
        await other.dispose()
    assert overlaps == []
    assert sorted(n for _, n in seen) == list(range(40))
    for chat in ("c0", "c1", "c2", "c3"):
        ns = [n for c, n in seen if c == chat]
        assert ns == sorted(ns)


async def test_a_chat_s_next_update_stored_by_another_process_is_taken_without_a_poll(
    db: Database, db_url: str
) -> None:
    """Process B stores the chat's second update while process A works on its first: B's look
    finds the chat taken, and A takes the second as soon as the first is marked done."""
    if db.dialect != "postgresql":
        return  # SQLite runs one process
    first_started, release_first = asyncio.Event(), asyncio.Event()
    seen: list[tuple[str, int]] = []

    def parser_of(name: str) -> Any:
        async def parser(data: dict[str, Any]) -> bool:
            if data["n"] == 1:
                first_started.set()
                await release_first.wait()
            seen.append((name, data["n"]))
            return True

        return parser

    other = Database(create_engine(db_url))
    a = InboxWorker(db, {CHANNEL: parser_of("a")}, concurrency=2, poll_seconds=3600)
    b = InboxWorker(other, {CHANNEL: parser_of("b")}, concurrency=2, poll_seconds=3600)
    try:
        await a.start()
        await until(lambda: len(a._idle) == 2)  # the start-up look settles
        await b.start()
        await until(lambda: len(b._idle) == 2)
        await a.intake().store(CHANNEL, [entry("x", 1)])
        await asyncio.wait_for(first_started.wait(), 10)
        await b.intake().store(CHANNEL, [entry("x", 2)])  # B looks: the chat is taken
        await until(lambda: len(b._idle) == 2)
        release_first.set()
        await until(lambda: len(seen) == 2)
    finally:
        await a.stop()
        await b.stop()
        await other.dispose()
    assert [n for _, n in seen] == [1, 2]  # in order, and without waiting for an hour's poll


async def test_processed_rows_are_forgotten_after_the_retention(db: Database) -> None:
    clock = FakeClock()

    async def parser(data: dict[str, Any]) -> bool:
        return True

    worker = InboxWorker(db, {CHANNEL: parser}, clock=clock, keep_done_days=7)
    await worker.intake().store(CHANNEL, [entry("a", 1)])
    await worker.drain()
    await worker._prune_now_and_then()
    assert await states(db) == {1: INBOX_DONE}  # just processed: kept
    clock.advance(8 * 86400)
    await worker.intake().store(CHANNEL, [entry("a", 2)])
    await worker._prune_now_and_then()
    assert await states(db) == {2: INBOX_PENDING}  # the old done row went, pending stays


async def test_one_stored_update_wakes_one_task_not_every_idle_one(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storage.inbox import InboxRepository

    claims: list[int | None] = []
    real_claim = InboxRepository.claim

    async def counted(self: InboxRepository, *args: Any, **kwargs: Any) -> Any:
        item = await real_claim(self, *args, **kwargs)
        claims.append(item.id if item is not None else None)
        return item

    monkeypatch.setattr(InboxRepository, "claim", counted)
    done = asyncio.Event()

    async def parser(data: dict[str, Any]) -> bool:
        done.set()
        return True

    worker = InboxWorker(db, {CHANNEL: parser}, concurrency=4, poll_seconds=3600)
    await worker.start()
    try:
        await until(
            lambda: worker._idle and len(worker._idle) == 4
        )  # the start-up look (nothing stored yet) settles
        claims.clear()
        await worker.intake().store(CHANNEL, [entry("c1", 1)])
        await asyncio.wait_for(done.wait(), 10)
        await until(lambda: len(worker._idle) == 4)
    finally:
        await worker.stop()
    # one look, by the woken task, which then goes back to waiting: no look finds nothing
    assert claims == [c for c in claims if c is not None] and len(claims) == 1, claims


async def test_an_update_stored_while_its_chat_is_busy_is_taken_when_the_chat_frees(
    db: Database,
) -> None:
    first_started, release_first = asyncio.Event(), asyncio.Event()
    seen: list[int] = []

    async def parser(data: dict[str, Any]) -> bool:
        if data["n"] == 1:
            first_started.set()
            await release_first.wait()
        seen.append(data["n"])
        return True

    # no poll: only wake-ups and the note left by a look that met the busy chat
    worker = InboxWorker(db, {CHANNEL: parser}, concurrency=3, poll_seconds=3600)
    await worker.start()
    try:
        await worker.intake().store(CHANNEL, [entry("a", 1)])
        await asyncio.wait_for(first_started.wait(), 10)
        await worker.intake().store(CHANNEL, [entry("a", 2)])  # its chat is busy
        await worker.intake().store(CHANNEL, [entry("b", 3)])  # another chat goes on
        await until(lambda: seen == [3])
        assert seen == [3]
        release_first.set()
        await until(lambda: len(seen) == 3)
    finally:
        await worker.stop()
    assert seen == [3, 1, 2]
    assert set((await states(db)).values()) == {INBOX_DONE}


async def test_a_batch_bigger_than_the_tasks_is_worked_off_without_a_poll(db: Database) -> None:
    seen: list[int] = []

    async def parser(data: dict[str, Any]) -> bool:
        await asyncio.sleep(0)
        seen.append(data["n"])
        return True

    worker = InboxWorker(db, {CHANNEL: parser}, concurrency=2, poll_seconds=3600)
    await worker.start()
    try:
        await until(lambda: len(worker._idle) == 2)  # the start-up look settles
        await worker.intake().store(CHANNEL, [entry(f"c{n}", n) for n in range(12)])
        await until(lambda: len(seen) == 12)
    finally:
        await worker.stop()
    assert sorted(seen) == list(range(12))


async def test_an_update_whose_commit_fails_is_retried_and_its_turn_is_rolled_back(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storage.inbox import InboxRepository
    from storage.uow import joined_unit

    clock = FakeClock()
    real_mark_done = InboxRepository.mark_done
    failures = [RuntimeError("the connection broke at commit")]

    async def mark_done_once_broken(self: InboxRepository, item_id: int, at: Any) -> bool:
        if failures:
            raise failures.pop()
        return await real_mark_done(self, item_id, at)

    monkeypatch.setattr(InboxRepository, "mark_done", mark_done_once_broken)
    first_times: list[bool] = []  # the turn's own write: was it new each time?

    async def parser(data: dict[str, Any]) -> bool:
        unit = joined_unit()
        assert unit is not None  # the turn runs in the claim's transaction
        now = datetime.now(UTC)
        first_times.append(
            await unit.updates.first_time("test", f"turn-{data['n']}", at=now, not_before=now)
        )
        return True

    worker = InboxWorker(db, {CHANNEL: parser}, clock=clock, retry=RetryPolicy(first_delay=5))
    await worker.intake().store(CHANNEL, [entry("a", 1)])
    assert await worker.drain() == 1
    async with db.uow() as uow:
        (row,) = await uow.inbox.by_state(INBOX_PENDING)
        assert row.tries == 1 and "connection broke" in (row.last_error or "")
    clock.advance(6)
    assert await worker.drain() == 1
    # the second try wrote anew: the first try's write went with its rolled-back transaction
    assert first_times == [True, True] and await states(db) == {1: INBOX_DONE}
