"""The queue's search words, its order and the deadline that counts (SQLite and PostgreSQL).

Search words match whole words (short ones) or the start of a word, over the folded
``search_text`` with punctuation read as spaces; the plain substring test comes first so that
PostgreSQL's trigram index narrows the rows. Used by storage.report_queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, literal_column, or_, select

from domain.statuses import CLOSED_STATUSES, ReportStatus
from storage.models import Report, StaffUser

# Identical to the expression of the index ix_reports_queue_order (migration 0003), so both
# databases can read the queue in index order instead of sorting.
URGENCY_RANK_SQL = "CASE urgency WHEN 'cao' THEN 0 WHEN 'trung_binh' THEN 1 ELSE 2 END"
OPEN_STATUSES: frozenset[str] = frozenset(s.value for s in ReportStatus if s not in CLOSED_STATUSES)
TRIGRAM = 3
WHOLE_WORD_BELOW = 4  # shorter search words match whole words only ("o" is not in "cong")
# Characters of the folded search text read as spaces between words.
WORD_SEPARATORS = ",.;:!?()[]{}\"'/\\-–—…\n\r\t"


@dataclass(frozen=True)
class QueueFilter:
    """What the queue shows; every field narrows the list (None/empty = no restriction)."""

    visible: frozenset[str] | None = None  # the actor's communes
    statuses: frozenset[str] | None = None
    category: str | None = None
    urgency: str | None = None
    place_codes: frozenset[str] | None = None  # one commune, or the wards of an old district
    created_from: datetime | None = None
    created_before: datetime | None = None
    overdue: bool = False
    terms: tuple[str, ...] = ()  # folded search words, all must appear
    code: str | None = None  # a tracking code typed into the search box
    channel: str | None = None  # where the report came from (telegram, zalo, …)
    sort: str = ""  # a SORT_KEYS key, "-" in front for descending; "" = the working order
    assignee_id: int | None = None  # «Việc của tôi»: reports assigned to this staff account


def like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def term_matches(term: str) -> ColumnElement[bool]:
    """``search_text`` contains the folded term.

    The trigram index (PostgreSQL) cannot narrow a term shorter than three characters; a
    prepared statement's generic plan may still choose it and read the whole index, so short
    terms match on an expression the index does not cover.
    """
    column = Report.search_text if len(term) >= TRIGRAM else Report.search_text.concat("")
    return column.like(f"%{like_escape(term)}%", escape="\\")


def words() -> ColumnElement[str]:
    """``search_text`` as `` word word … ``: separators made spaces, one space between words."""
    text: ColumnElement[str] = Report.search_text.expression
    for separator in WORD_SEPARATORS:
        text = func.replace(text, separator, " ")
    for _ in range(3):  # runs of up to eight spaces become one
        text = func.replace(text, "  ", " ")
    return literal(" ").concat(text).concat(" ")


def words_match(terms: Sequence[str]) -> ColumnElement[bool]:
    """Every term is a word of the text (a short term) or the start of one (a longer term).

    The plain substring tests come first: PostgreSQL's trigram index narrows on them, and both
    databases run the costlier word tests only on the rows that hold every term somewhere.
    """
    tests: list[ColumnElement[bool]] = []
    for term in terms:
        tail = " " if len(term) < WHOLE_WORD_BELOW else ""
        tests.append(words().like(f"% {like_escape(term)}{tail}%", escape="\\"))
    return and_(*(term_matches(term) for term in terms), *tests)


def phrase_rank(terms: Sequence[str]) -> ColumnElement[int] | None:
    """0 when the search words appear together in their order, else 1 (None for one word)."""
    if len(terms) < 2:
        return None
    pattern = f"% {like_escape(' '.join(terms))} %"
    return case((words().like(pattern, escape="\\"), 0), else_=1)


def due_at() -> ColumnElement[datetime]:
    """The deadline that counts now: acceptance while new, then resolution."""
    return case(
        (Report.status == ReportStatus.MOI.value, Report.accept_due_at),
        else_=Report.resolve_due_at,
    )


def assignee_name() -> ColumnElement[str]:
    """The assigned officer's full name (or username), for sorting by «Người xử lý»."""
    return (
        select(func.coalesce(StaffUser.full_name, StaffUser.username))
        .where(StaffUser.id == Report.assigned_staff_id)
        .scalar_subquery()
    )


SORT_COLUMNS: dict[str, Any] = {
    "ma": lambda: Report.code,
    "muc_do": lambda: literal_column(URGENCY_RANK_SQL),
    "han": due_at,
    "ngay": lambda: Report.created_at,
    "xa": lambda: Report.place_name,
    "kenh": lambda: Report.channel,
    "trang_thai": lambda: Report.status,
    "don_vi": lambda: Report.assigned_unit,
    "nguoi": lambda: assignee_name(),
    "linh_vuc": lambda: Report.category,
}
SORT_KEYS = frozenset(SORT_COLUMNS)


def queue_order(flt: QueueFilter, now: datetime, *, scan: bool = False) -> list[Any]:
    """ORDER BY of the queue.

    A search puts the reports with its words together first. Then the chosen column, or the
    working order: most urgent first, within an urgency the overdue first, then the oldest.
    """
    phrase = phrase_rank(flt.terms)
    order: list[Any] = [phrase] if phrase is not None else []
    key = flt.sort.removeprefix("-")
    if key in SORT_COLUMNS:
        column = SORT_COLUMNS[key]()
        order.append((column.desc() if flt.sort.startswith("-") else column.asc()).nulls_last())
    else:
        rank = f"+({URGENCY_RANK_SQL})" if scan else URGENCY_RANK_SQL
        order += [literal_column(rank), case((overdue_condition(now), 0), else_=1)]
    return [*order, Report.created_at, Report.id]


def overdue_condition(now: datetime) -> ColumnElement[bool]:
    """Open and past a deadline: acceptance while still new, or resolution."""
    return or_(
        and_(Report.status == ReportStatus.MOI.value, Report.accept_due_at < now),
        and_(Report.status.in_(sorted(OPEN_STATUSES)), Report.resolve_due_at < now),
    )
