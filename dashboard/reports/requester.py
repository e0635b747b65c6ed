"""What the report page says about who sent a report and why the NLP rated its urgency.

A report filed through Open311 has no chat: its requester cannot receive messages, may have left
an e-mail address (kept as their requester id, ``email:…``) and photos as ``media_url`` links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from domain.catalogue import URGENCY_LABELS, t
from domain.delivery import Channel
from handlers.staff.notices import can_receive_messages
from storage.models import Report, ReportEvent

EMAIL_PREFIX = "email:"
# Reasons the urgency model stored in earlier versions: «model p(thap)=0.81».
_MODEL_REASON = re.compile(r"^model p\((\w+)\)=[0-9.]+$")


@dataclass(frozen=True)
class Requester:
    """How staff can (or cannot) reach the person who sent the report."""

    receives_messages: bool
    open311: bool
    email: str | None
    media_urls: list[str]


def _web_url(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    parts = urlsplit(value.strip())
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def requester_of(report: Report, events: Sequence[ReportEvent], *, show_contact: bool) -> Requester:
    """The requester's reachability, e-mail (for staff who may see contacts) and linked photos."""
    open311 = report.channel == Channel.OPEN311.value
    email = None
    media: list[str] = []
    if open311:
        if show_contact and report.chat_id.startswith(EMAIL_PREFIX):
            email = report.chat_id.removeprefix(EMAIL_PREFIX)
        created = next((e for e in events if e.kind == "created"), None)
        url = _web_url((created.details or {}).get("media_url")) if created else None
        media = [url] if url else []
    return Requester(can_receive_messages(report.channel), open311, email, media)


def urgency_reason(urgency: str, reasons: Sequence[str]) -> str | None:
    """A plain Vietnamese reason for the urgency, never the model's internals."""
    words = [r for r in reasons if not _MODEL_REASON.match(r)]
    if words:
        return t("rp_reason_words", words=", ".join(f"«{w}»" for w in words))
    if any(_MODEL_REASON.match(r) for r in reasons):
        return t("rp_reason_model", level=URGENCY_LABELS.get(urgency, urgency))
    return None
