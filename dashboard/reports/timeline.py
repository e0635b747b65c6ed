"""A report's events as the timeline staff read: who, when, what changed, public or internal."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from domain.catalogue import (
    MESSAGES,
    category_label,
    format_datetime,
    status_label,
    t,
    urgency_label,
)
from storage.models import ReportEvent

_SHOWN_FIELDS: dict[str, Callable[[str], str]] = {
    "category": category_label,
    "urgency": urgency_label,
    "place_code": str,
    "place_name": str,
}


def _actor(actor: str) -> str:
    if actor == "citizen":
        return t("rp_actor_citizen")
    if actor in ("system", "cli"):
        return t(f"rp_actor_{actor}")
    return actor


def _when(value: object) -> str:
    if isinstance(value, str):
        try:
            return format_datetime(datetime.fromisoformat(value))
        except ValueError:
            return value
    return ""


def _lines(event: ReportEvent) -> list[str]:
    details: dict[str, Any] = event.details or {}
    lines: list[str] = []
    if event.kind in ("answer", "addition") and details.get("text"):
        lines.append(t("rp_event_answer_text", text=details["text"]))
    if event.kind == "addition" and details.get("photos"):
        lines.append(t("rp_event_addition_photos", count=details["photos"]))
    if event.kind == "addition" and details.get("place"):
        lines.append(t("rp_event_addition_place", place=details["place"]))
    if event.kind == "rating" and details.get("rating") is not None:
        lines.append(t("rp_event_rating_value", rating=details["rating"]))
    if event.kind == "correction":
        for field, show in _SHOWN_FIELDS.items():
            change = details.get(field)
            if isinstance(change, dict):
                old, new = change.get("old"), change.get("new")
                lines.append(
                    t(
                        "rp_event_change",
                        field=t(f"rp_field_{field}"),
                        old=show(old) if old else "–",
                        new=show(new) if new else "–",
                    )
                )
    if event.kind == "assign":
        lines.append(
            t("rp_event_assign_value", old=details.get("old") or "–", new=details.get("new") or "–")
        )
    if event.kind == "assign_officer":
        lines.append(
            t(
                "rp_event_assign_officer_value",
                old=details.get("old_name") or "–",
                new=details.get("new_name") or "–",
            )
        )
    if event.kind == "email" and details.get("to"):
        if details.get("sent"):
            lines.append(t("rp_event_email_sent", to=details["to"]))
        else:
            lines.append(
                t("rp_event_email_failed", to=details["to"], error=details.get("error") or "")
            )
    if event.kind == "deadline":
        lines.append(
            t(
                "rp_event_deadline_value",
                old=_when(details.get("old")),
                new=_when(details.get("new")),
            )
        )
    if event.kind in ("merge", "unmerge") and details.get("main"):
        lines.append(t(f"rp_event_{event.kind}_value", main=details["main"]))
    if event.kind in ("merged_in", "unmerged_out") and details.get("duplicate"):
        lines.append(t(f"rp_event_{event.kind}_value", duplicate=details["duplicate"]))
    return lines


def timeline(events: Sequence[ReportEvent]) -> list[dict[str, Any]]:
    """Display rows, oldest first."""
    rows = []
    for event in events:
        label_key = f"rp_event_{event.kind}"
        rows.append(
            {
                "at": format_datetime(event.at),
                "actor": _actor(event.actor),
                "from_citizen": event.actor == "citizen",
                "kind": event.kind,
                "label": MESSAGES.get(label_key, event.kind),
                "from_status": status_label(event.from_status) if event.from_status else None,
                "to_status": status_label(event.to_status) if event.to_status else None,
                "public_note": event.public_note,
                "internal_note": event.internal_note if event.kind != "correction" else None,
                "lines": _lines(event),
                "notified": event.notified_at is not None,
            }
        )
    return rows
