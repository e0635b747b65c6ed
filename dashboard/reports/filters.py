"""The queue's filter form: query string in, a storage QueueFilter and the form's values out."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from dashboard.reports.places import legacy_districts, place_names
from domain.catalogue import t
from domain.delivery import Channel
from domain.sla import VN_TZ
from domain.statuses import ReportStatus
from domain.taxonomy import CATEGORY_CODES, URGENCY_CODES
from domain.tracking import parse_tracking_code
from nlp import fold
from storage.queue_search import SORT_KEYS
from storage.report_queries import OPEN_STATUSES, QueueFilter

log = logging.getLogger(__name__)

STATUS_OPEN = "mo"  # the default: every open status
STATUS_ALL = "tat_ca"
MAX_QUERY = 200
MAX_TERMS = 8
WORD_RE = re.compile(r"\w+")  # search words: punctuation between them is not part of a word
# The form's field names, kept in links (pagination, status chips, the counts endpoint).
FIELDS = (
    "trang_thai",
    "loai",
    "muc_do",
    "kenh",
    "xa",
    "huyen",
    "tu_ngay",
    "den_ngay",
    "qua_han",
    "q",
    "sort",
    "cua_toi",
)
CHANNEL_CODES = frozenset(c.value for c in Channel)


@dataclass
class ParsedFilter:
    """The filter for storage, the values to put back in the form, and any input errors."""

    flt: QueueFilter
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)

    def query_string(self, **overrides: str) -> str:
        """The current filter as a query string, with some fields replaced."""
        merged = {**self.values, **overrides}
        return urlencode({k: v for k, v in merged.items() if v and k in (*FIELDS, "trang")})


def _date(raw: str, key: str, errors: list[str]) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        log.info("queue filter: bad date %r in %s", raw, key)
        errors.append(t("rq_err_date", value=raw[:20]))
        return None


def _choice(raw: str, allowed: object, key: str, errors: list[str]) -> str | None:
    if not raw:
        return None
    if raw in allowed:  # type: ignore[operator]
        return raw
    log.info("queue filter: unknown %s %r", key, raw)
    errors.append(t("rq_err_value", value=raw[:40]))
    return None


def _statuses(raw: str, errors: list[str]) -> tuple[str, frozenset[str] | None]:
    if raw in ("", STATUS_OPEN):
        return STATUS_OPEN, OPEN_STATUSES
    if raw == STATUS_ALL:
        return STATUS_ALL, None
    if raw in {s.value for s in ReportStatus}:
        return raw, frozenset({raw})
    log.info("queue filter: unknown status %r", raw)
    errors.append(t("rq_err_value", value=raw[:40]))
    return STATUS_OPEN, OPEN_STATUSES


def parse_filter(
    query: Mapping[str, str], visible: frozenset[str] | None, actor_id: int | None = None
) -> ParsedFilter:
    """Read the form; unknown values are dropped with a message instead of failing.

    ``cua_toi=1`` («Việc của tôi») keeps the reports assigned to ``actor_id``.
    """
    raw = {key: (query.get(key) or "").strip() for key in FIELDS}
    errors: list[str] = []
    status_value, statuses = _statuses(raw["trang_thai"], errors)
    category = _choice(raw["loai"], CATEGORY_CODES, "category", errors)
    urgency = _choice(raw["muc_do"], URGENCY_CODES, "urgency", errors)
    channel = _choice(raw["kenh"], CHANNEL_CODES, "channel", errors)
    commune = _choice(raw["xa"], place_names(), "commune", errors)
    district = _choice(raw["huyen"], legacy_districts(), "district", errors)
    place_codes: frozenset[str] | None = None
    if commune:
        place_codes = frozenset({commune})
    if district:
        codes = legacy_districts()[district].codes
        place_codes = codes if place_codes is None else place_codes & codes
    day_from = _date(raw["tu_ngay"], "tu_ngay", errors)
    day_to = _date(raw["den_ngay"], "den_ngay", errors)
    text = raw["q"][:MAX_QUERY]
    sort = raw["sort"] if raw["sort"].removeprefix("-") in SORT_KEYS else ""
    terms = tuple(dict.fromkeys(WORD_RE.findall(fold(text))))[:MAX_TERMS]
    flt = QueueFilter(
        visible=visible,
        statuses=statuses,
        category=category,
        urgency=urgency,
        place_codes=place_codes,
        created_from=_start_of(day_from) if day_from else None,
        created_before=_start_of(day_to + timedelta(days=1)) if day_to else None,
        overdue=raw["qua_han"] == "1",
        terms=terms,
        code=parse_tracking_code(text) if text else None,
        channel=channel,
        sort=sort,
        assignee_id=actor_id if raw["cua_toi"] == "1" and actor_id is not None else None,
    )
    values = {
        "trang_thai": status_value,
        "loai": category or "",
        "muc_do": urgency or "",
        "kenh": channel or "",
        "xa": commune or "",
        "huyen": district or "",
        "tu_ngay": day_from.isoformat() if day_from else "",
        "den_ngay": day_to.isoformat() if day_to else "",
        "qua_han": "1" if flt.overdue else "",
        "q": text,
        "sort": sort,
        "cua_toi": "1" if flt.assignee_id is not None else "",
    }
    return ParsedFilter(flt, values, errors)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=VN_TZ)


def page_number(raw: str | None) -> int:
    """The requested page (1 for anything that is not a positive number)."""
    try:
        return max(1, min(int(raw or "1"), 100_000))
    except ValueError:
        return 1
