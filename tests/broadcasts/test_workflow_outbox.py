"""Campaign workflow rules, outbox uniqueness, and concurrent senders on one run."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from sqlalchemy import func, select

from broadcasts import outbox, runner, workflow
from broadcasts.sender import CampaignSender, SenderConfig
from broadcasts.workflow import CampaignError
from storage.broadcast_models import CampaignEvent, OutboxMessage
from storage.database import Database
from storage.models import AuditEntry
from tests.broadcasts.sender_support import add_subscribers, approved_campaign, telegram_delivery
from tests.support.fake_bot_api import FakeBotApi


async def test_workflow_transitions_and_approver_differs(
    db: Database,
) -> None:
    async with db.uow() as uow:
        campaign = await workflow.create_campaign(
            uow, title="KL72", text="Nội dung", author="tt1", audience_filter={"all": True}
        )
        with pytest.raises(CampaignError) as refused:
            await workflow.approve(uow, campaign.id, "ld1")  # not submitted yet
        assert refused.value.key == "bc_err_transition"
        await workflow.submit(uow, campaign.id, "tt1")
        with pytest.raises(CampaignError) as self_approval:
            await workflow.approve(uow, campaign.id, "tt1")
        assert self_approval.value.key == "bc_err_self_approval"
        await workflow.approve(uow, campaign.id, "ld1")
        await workflow.schedule(uow, campaign.id, "tt1", kind="cron", cron="0 8 * * 1")
        await workflow.pause(uow, campaign.id, "tt1")
        resumed = await workflow.resume(uow, campaign.id, "tt1")
        assert resumed.status == "scheduled" and resumed.approver == "ld1"
        with pytest.raises(CampaignError) as bad_cron:
            await workflow.schedule(uow, campaign.id, "tt1", kind="cron", cron="mỗi thứ hai")
        assert bad_cron.value.key == "bc_err_cron"
        await workflow.cancel(uow, campaign.id, "tt1")
        with pytest.raises(CampaignError):
            await workflow.resume(uow, campaign.id, "tt1")
        await uow.commit()
        actions = [e.action for e in await workflow.events(uow, campaign.id)]
        audited = (
            await uow.session.execute(
                select(func.count(AuditEntry.id)).where(
                    AuditEntry.target == f"campaign:{campaign.id}"
                )
            )
        ).scalar_one()
    assert actions == ["create", "submit", "approve", "schedule", "pause", "resume", "cancel"]
    assert audited == len(actions)


async def test_bad_content_is_refused_with_a_catalogue_key(
    db: Database,
) -> None:
    async with db.uow() as uow:
        for kwargs, key in (
            ({"text": ""}, "bc_err_text_empty"),
            ({"text": "x" * 5000}, "bc_err_text_long"),
            ({"text": "x", "parse_mode": "BBCode"}, "bc_err_parse_mode"),
            ({"text": "x", "buttons": [{"text": "A", "url": "javascript:x"}]}, "bc_err_buttons"),
        ):
            with pytest.raises(CampaignError) as refused:
                await workflow.create_campaign(uow, title="T", author="a", **kwargs)
            assert refused.value.key == key


async def test_outbox_rows_are_unique_when_materialised_twice(db: Database) -> None:
    await add_subscribers(db, list(range(1, 121)))
    campaign_id = await approved_campaign(db)
    run = await runner.begin(db, campaign_id, "cli")
    assert await outbox.materialise(db, campaign_id, run, batch=50) == 120
    assert await outbox.materialise(db, campaign_id, run, batch=7) == 120
    async with db.uow() as uow:
        rows = (
            (
                await uow.session.execute(
                    select(OutboxMessage.subscriber_id).where(
                        OutboxMessage.campaign_id == campaign_id
                    )
                )
            )
            .scalars()
            .all()
        )
        marks = (
            await uow.session.execute(
                select(func.count(CampaignEvent.id)).where(CampaignEvent.action == "outbox")
            )
        ).scalar_one()
    assert len(rows) == len(set(rows)) == 120
    assert marks == 2


async def test_two_concurrent_senders_never_send_a_row_twice(db: Database) -> None:
    chats = list(range(7001, 7401))
    await add_subscribers(db, chats)
    campaign_id = await approved_campaign(db)
    run = await runner.begin(db, campaign_id, "cli")
    await outbox.materialise(db, campaign_id, run)
    async with FakeBotApi() as fake:
        fake.set_limits(global_per_second=None, private_chat_per_second=None)
        async with telegram_delivery(fake, rate=100_000) as delivery:
            config = SenderConfig(workers=16)
            one = CampaignSender(db, delivery, config, name="worker-a")
            two = CampaignSender(db, delivery, config, name="worker-b")
            done = await asyncio.gather(one.run(campaign_id, run), two.run(campaign_id, run))
        assert done == [True, True]
        assert Counter(m.chat_id for m in fake.sent) == Counter(dict.fromkeys(chats, 1))
    async with db.uow() as uow:
        by_sender = dict(
            (
                await uow.session.execute(
                    select(OutboxMessage.claimed_by, func.count()).group_by(
                        OutboxMessage.claimed_by
                    )
                )
            ).all()
        )
    assert set(by_sender) == {"worker-a", "worker-b"}
