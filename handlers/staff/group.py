"""What the bot does in the staff Telegram group: «Tiếp nhận» buttons and ``/hangdoi``.

Ordinary conversation in the group is ignored. A press is acted on once (its update id is
recorded first, so a redelivered webhook does nothing twice) on behalf of the staff account
linked to the presser's Telegram user id.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from domain.catalogue import format_datetime, status_label, t
from domain.deadlines import OverdueKind, overdue_kind
from domain.messages import Incoming, IncomingKind, Reply
from domain.roles import StaffActor, parse_role
from domain.statuses import InvalidTransition, ReportStatus
from domain.tracking import parse_tracking_code
from handlers.staff.actions import ActionError, StaffActions
from handlers.staff.alert_text import ACCEPT_PREFIX, GroupConfig
from storage.database import Database
from storage.errors import IntegrityError
from storage.staff_alerts import OPEN_STATUSES

log = logging.getLogger(__name__)

QUEUE_COMMANDS = frozenset({"hangdoi"})


class StaffGroup:
    """Handles updates from the configured staff group (and only from it)."""

    def __init__(
        self,
        db: Database,
        actions: StaffActions,
        config: GroupConfig,
    ) -> None:
        self.db = db
        self.actions = actions
        self.config = config

    async def handle(self, incoming: Incoming, update_key: str | None = None) -> list[Reply]:
        """The replies to post in the group; empty for chatter, duplicates and other chats."""
        if incoming.chat_id != self.config.chat_id:
            return []
        is_queue = incoming.kind is IncomingKind.COMMAND and incoming.command in QUEUE_COMMANDS
        is_press = incoming.kind is IncomingKind.CALLBACK
        if not (is_queue or is_press):
            return []
        if update_key and not await self._first_time(incoming.channel, update_key):
            log.info("staff group update %s already handled; skipped", update_key)
            return []
        try:
            if is_queue:
                return [Reply(text=await self.queue_summary())]
            return [Reply(text=await self._press(incoming))]
        except Exception:
            log.exception("staff group update %s failed", update_key)
            return [Reply(text=t("internal_error"))]

    async def _first_time(self, channel: str, update_key: str) -> bool:
        async with self.db.uow() as uow:
            if await uow.updates.seen(channel, update_key):
                return False
            uow.updates.record(channel, update_key)
            try:
                await uow.commit()
            except IntegrityError:
                return False
        return True

    async def _press(self, incoming: Incoming) -> str:
        data = incoming.callback_data or ""
        code = parse_tracking_code(data.removeprefix(ACCEPT_PREFIX))
        if not data.startswith(ACCEPT_PREFIX) or code is None:
            return t("group_button_expired")
        actor = await self._actor(incoming.user_id)
        name = incoming.display_name or incoming.user_id
        if actor is None:
            log.info("telegram user %s is not linked to a staff account", incoming.user_id)
            return t("group_not_linked", name=name, user_id=incoming.user_id)
        async with self.db.uow() as uow:
            report = await uow.reports.by_code(code)
            status = report.status if report is not None else ReportStatus.MOI.value
        if status != ReportStatus.MOI:
            # A stale button must not undo a later decision (a refusal can be re-accepted).
            return t("group_already_accepted", code=code, status=status_label(status))
        try:
            result = await self.actions.accept(actor, code)
        except InvalidTransition as exc:
            return t("group_already_accepted", code=code, status=status_label(exc.current))
        except ActionError as exc:
            return t("group_action_failed", code=code, error=str(exc))
        log.info("report %s accepted from the staff group by %s", code, actor.username)
        key = "group_accepted" if result.notified else "group_accepted_not_notified"
        return t(key, code=code, name=actor.display_name)

    async def _actor(self, telegram_user_id: str) -> StaffActor | None:
        async with self.db.uow() as uow:
            user = await uow.staff_group.staff_by_telegram(telegram_user_id)
            role = parse_role(user.role) if user is not None else None
            if user is None or role is None:
                return None
            return StaffActor(
                id=user.id,
                username=user.username,
                full_name=user.full_name,
                role=role,
                communes=tuple(str(code) for code in user.communes or ()),
                ip=None,
            )

    async def queue_summary(self, now: datetime | None = None) -> str:
        """Open reports per status, overdue per kind, urgent ones not yet accepted."""
        now = now or datetime.now(UTC)
        async with self.db.uow() as uow:
            counts = await uow.staff_group.open_status_counts()
            late = await uow.staff_group.overdue_reports(now)
            urgent = await uow.staff_group.urgent_new_count()
            kinds = [overdue_kind(r.status, r.accept_due_at, r.resolve_due_at, now) for r in late]
        lines = [
            t("group_queue_status_line", status=status_label(status), count=counts.get(status, 0))
            for status in OPEN_STATUSES
        ]
        return t(
            "group_queue",
            time=format_datetime(now),
            total=sum(counts.values()),
            status_lines="\n".join(lines),
            late_accept=kinds.count(OverdueKind.TIEP_NHAN),
            late_resolve=kinds.count(OverdueKind.GIAI_QUYET),
            urgent_new=urgent,
        )
