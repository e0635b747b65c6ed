"""Vietnamese text understanding for citizen reports.

Pure functions over text; models and tables are loaded lazily, once (``warm_up`` loads them now).
No network access is ever needed, and inference needs numpy only; training (``nlp.training``,
``python -m nlp train``) needs the ``train`` extra (scikit-learn, scipy).
"""

from nlp.analysis import analyze, warm_up
from nlp.classifier import classify, urgency
from nlp.duplicates import similar_reports
from nlp.intent_reader import intent
from nlp.moderation import moderate
from nlp.places import find_places, nearest_unit
from nlp.text import fold, normalize
from nlp.types import (
    Analysis,
    CategoryResult,
    Intent,
    IntentLabel,
    ModerationResult,
    PlaceMatch,
    ReportSnapshot,
    SimilarReport,
    UrgencyResult,
)

__all__ = [
    "Analysis",
    "CategoryResult",
    "Intent",
    "IntentLabel",
    "ModerationResult",
    "PlaceMatch",
    "ReportSnapshot",
    "SimilarReport",
    "UrgencyResult",
    "analyze",
    "classify",
    "find_places",
    "fold",
    "intent",
    "moderate",
    "nearest_unit",
    "normalize",
    "similar_reports",
    "urgency",
    "warm_up",
]
