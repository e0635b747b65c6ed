"""One leader among the service's processes; a standby takes over when the leader dies.

The rounds are driven by hand (``check``); the background loop waits an hour between rounds.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.leadership import Leadership
from storage.database import Database, create_engine
from storage.leader import LeaderLock


class Jobs:
    """Stands for the scheduler: records when it was told to run or stop."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def lead(self) -> None:
        self.events.append("lead")

    def lose(self) -> None:
        self.events.append("lose")


async def test_one_process_leads_and_a_standby_takes_over(db_url: str, engine: AsyncEngine) -> None:
    first_jobs, second_jobs = Jobs(), Jobs()
    other_engine = create_engine(db_url)
    first = Leadership(
        LeaderLock(Database(engine)), first_jobs.lead, first_jobs.lose, interval=3600
    )
    second = Leadership(
        LeaderLock(Database(other_engine)), second_jobs.lead, second_jobs.lose, interval=3600
    )
    try:
        await first.start()
        await second.start()
        assert first.leading and not second.leading
        assert first_jobs.events == ["lead"] and second_jobs.events == []
        await second.check()  # the leader is alive: the standby keeps waiting
        assert not second.leading
        await first.stop()  # the leader goes away (its lock connection closes)
        await second.check()
        assert second.leading and second_jobs.events == ["lead"]
        assert first_jobs.events == ["lead", "lose"]
    finally:
        await second.stop()
        await other_engine.dispose()


async def test_a_leader_whose_lock_connection_broke_stops_leading(engine: AsyncEngine) -> None:
    jobs = Jobs()
    lock = LeaderLock(Database(engine))
    leadership = Leadership(lock, jobs.lead, jobs.lose, interval=3600)
    await leadership.start()
    assert leadership.leading
    if engine.dialect.name == "postgresql":
        assert lock._conn is not None
        await lock._conn.invalidate()  # what a dropped connection looks like
        await leadership.check()
        assert not leadership.leading and jobs.events == ["lead", "lose"]
        await leadership.check()  # and it takes the lead again once it can
        assert leadership.leading
    await leadership.stop()
