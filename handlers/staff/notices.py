"""What staff actions tell people: the citizen-facing notices and the timeline's wording."""

from __future__ import annotations

from typing import Any

from domain.catalogue import category_label, status_label, t, urgency_label
from domain.delivery import Channel
from domain.messages import Button, Reply
from domain.statuses import ReportStatus
from domain.telegram_html import plain_text

# Channels with no way to push a message: the requester only sees what the API shows them.
NO_MESSAGES = frozenset({Channel.OPEN311.value})


def can_receive_messages(channel: str) -> bool:
    """Whether a person on this channel gets the notices and questions staff send."""
    return channel not in NO_MESSAGES


def status_notice(code: str, status: ReportStatus, note: str | None) -> Reply:
    """The citizen-facing notice of a status change."""
    text = t("status_changed", code=code, status=status_label(status))
    note = plain_text(note or "").strip()
    if note:
        text += t("status_note", note=note)
    elif status in UNEXPLAINED_CLOSINGS:  # a bare «Không hợp lệ» tells the citizen nothing
        text += t(f"status_why_{status.value}", code=code)
    return Reply(text=text)


UNEXPLAINED_CLOSINGS = frozenset({ReportStatus.TU_CHOI, ReportStatus.KHONG_THUOC_THAM_QUYEN})


def fixed_question(code: str) -> Reply:
    """After resolution: is it really fixed?"""
    return Reply(
        text=t("ask_fixed", code=code),
        buttons=[
            [
                Button(t("btn_fixed_yes"), callback_data=f"fixed:{code}:1"),
                Button(t("btn_fixed_no"), callback_data=f"fixed:{code}:0"),
            ]
        ],
    )


def describe_changes(changes: dict[str, Any]) -> str:
    """A correction's changes for the timeline: ``field: old → new``, with labels."""
    labels = {"category": category_label, "urgency": urgency_label}
    parts: list[str] = []
    for field, change in changes.items():
        if not isinstance(change, dict):
            continue
        show = labels.get(field, lambda v: str(v))
        parts.append(f"{field}: {show(change['old'] or '')} → {show(change['new'] or '')}")
    return "; ".join(parts)
