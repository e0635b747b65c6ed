"""What the report page's action panel needs beyond the forms: officers, canned replies, e-mail."""

from __future__ import annotations

from typing import Any

from handlers.staff.queue_actions import requester_email
from storage.models import Report
from storage.uow import UnitOfWork


async def report_work(uow: UnitOfWork, report: Report, mail_configured: bool) -> dict[str, Any]:
    """Officers who may take the report, the one in charge, the unit's canned replies, e-mail."""
    officers = await uow.queue_work.officers_for(report.place_code)
    current = None
    if report.assigned_staff_id is not None:
        current = (await uow.queue_work.staff_names([report.assigned_staff_id])).get(
            report.assigned_staff_id
        )
    canned = await uow.queue_work.canned_replies(report.place_code or "")
    email = requester_email(report)
    return {
        "officers": officers,
        "officer_id": report.assigned_staff_id,
        "officer_name": current,
        "canned": [{"id": c.id, "title": c.title, "text": c.text} for c in canned],
        "email": email,
        "mail_configured": mail_configured,
        "can_email": bool(email) and mail_configured,
    }
