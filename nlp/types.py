"""Result types returned by the public functions of :mod:`nlp`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True)
class CategoryResult:
    """Best category, its calibrated probability and the runner-ups (best first)."""

    category: str
    confidence: float
    alternatives: list[tuple[str, float]] = field(default_factory=list)


@dataclass(frozen=True)
class UrgencyResult:
    """Urgency level and the words or reasons that led to it."""

    level: str
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PlaceMatch:
    """A place named in a text (or the unit around a location pin).

    ``level`` is ``ward`` (current commune/ward), ``legacy_commune``, ``legacy_district`` or
    ``village``. ``code`` is the current unit's official ``wardCode`` (None when a legacy district
    or an ambiguous name is named).
    """

    name: str
    level: str
    code: str | None
    current_name: str | None
    legacy_name: str | None
    lat: float | None
    lon: float | None
    ambiguous: bool = False
    candidates: list[str] = field(default_factory=list)
    matched_text: str = ""


@dataclass(frozen=True)
class ReportSnapshot:
    """What duplicate detection needs to know about a report."""

    id: str
    text: str
    category: str | None
    place_code: str | None
    created_at: datetime


@dataclass(frozen=True)
class SimilarReport:
    """A likely duplicate and its score in 0..1."""

    id: str
    score: float


@dataclass(frozen=True)
class ModerationResult:
    """Whether to flag a text for staff, and why (``xuc_pham``, ``quang_cao``, ``vo_nghia``)."""

    flagged: bool
    reasons: list[str] = field(default_factory=list)
    matches: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Analysis:
    """Everything the bot needs to know about one message."""

    text: str
    normalized: str
    category: CategoryResult
    urgency: UrgencyResult
    places: list[PlaceMatch]
    moderation: ModerationResult


class IntentLabel(StrEnum):
    """What a citizen's free message is for (label rules in ``data/README.md``)."""

    REPORT = "report"  # describes a problem to be fixed
    LOOKUP = "lookup"  # asks about the status of their own report, with or without a code
    QUESTION = "question"  # asks about Kết luận 72, the province's programme, policy, campaigns
    GREETING = "greeting"  # greetings, thanks, acknowledgements, chit-chat about the bot
    OTHER = "other"  # anything else: insults, spam, gibberish, unrelated requests


@dataclass(frozen=True)
class Intent:
    """The intent of a message, its calibrated probability and the second most likely intent.

    ``tracking_code`` is the normalised ``PA-…`` code found in the text, if any.
    """

    label: IntentLabel
    confidence: float
    runner_up: IntentLabel
    runner_up_confidence: float
    tracking_code: str | None = None
