"""Bulk changes from the queue: accept, change status or assign an officer for many reports.

A bulk change is the single action run per report, so every report gets its own timeline event
and audit entry, the officer's scope and the lifecycle rules apply to each one, and the reports
refused are listed with the reason instead of stopping the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from domain.catalogue import status_label, t
from domain.roles import StaffActor
from domain.statuses import InvalidTransition, ReportStatus
from handlers.staff.action_core import ActionError, ActionResult
from handlers.staff.actions import StaffActions

MAX_BULK = 200
BULK_ACCEPT = "tiep-nhan"
BULK_STATUS = "trang-thai"
BULK_ASSIGN = "giao-can-bo"
BULK_OPERATIONS = (BULK_ACCEPT, BULK_STATUS, BULK_ASSIGN)


@dataclass
class BulkOutcome:
    """Reports changed, reports skipped (code, reason), reports whose citizen was not told."""

    done: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    not_notified: list[str] = field(default_factory=list)


async def _one(
    actions: StaffActions,
    actor: StaffActor,
    code: str,
    operation: str,
    status: ReportStatus | None,
    staff_id: int | None,
    note: str | None,
) -> ActionResult:
    if operation == BULK_ACCEPT:
        return await actions.accept(actor, code, note)
    if operation == BULK_STATUS and status is not None:
        return await actions.set_status(actor, code, status, public_note=note)
    return await actions.assign_officer(actor, code, staff_id, note)


async def run_bulk(
    actions: StaffActions,
    actor: StaffActor,
    codes: Sequence[str],
    operation: str,
    *,
    status: ReportStatus | None = None,
    staff_id: int | None = None,
    note: str | None = None,
) -> BulkOutcome:
    """Run one operation on each report (at most MAX_BULK); refused ones are skipped."""
    if operation not in BULK_OPERATIONS or (operation == BULK_STATUS and status is None):
        raise ActionError("action_bulk_unknown")
    outcome = BulkOutcome()
    for code in list(dict.fromkeys(codes))[:MAX_BULK]:
        try:
            result = await _one(actions, actor, code, operation, status, staff_id, note)
        except InvalidTransition as exc:
            reason = t(
                "action_invalid_transition",
                current=status_label(exc.current),
                target=status_label(exc.target),
            )
            outcome.skipped.append((code, reason))
            continue
        except ActionError as exc:
            outcome.skipped.append((code, str(exc)))
            continue
        outcome.done.append(result.code)
        if result.notified is False:
            outcome.not_notified.append(result.code)
    return outcome
