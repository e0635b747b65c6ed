"""Likely duplicates of a new report among open reports.

Character 3-5-grams over folded, normalised text (``nlp.features``) with TF-IDF weights and cosine
similarity: they survive missing accents, typos and word order changes far better than word
features. The cosine is then nudged by the structured fields: the same unit and category make a
duplicate more likely, a different unit or category or a long time apart less likely.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from nlp.features import Vocabulary, char_ngrams, prepare, words
from nlp.types import ReportSnapshot, SimilarReport

DEFAULT_THRESHOLD = 0.5
SAME_PLACE_BONUS = 0.10
OTHER_PLACE_PENALTY = 0.20
SAME_CATEGORY_BONUS = 0.05
OTHER_CATEGORY_PENALTY = 0.10
STALE_AFTER_DAYS = 30.0
_MAX_CHARS = 5_000  # the opening of a long letter is enough to recognise the incident


@lru_cache(maxsize=4096)  # open reports are compared again with every new report
def report_ngrams(text: str) -> Counter[str]:
    """Character n-grams of a report's text, numbers kept (callers must not modify the result)."""
    return char_ngrams(words(prepare(text, _MAX_CHARS)))


def _adjust(score: float, new: ReportSnapshot, other: ReportSnapshot) -> float:
    if new.place_code and other.place_code:
        score += SAME_PLACE_BONUS if new.place_code == other.place_code else -OTHER_PLACE_PENALTY
    if new.category and other.category:
        score += SAME_CATEGORY_BONUS if new.category == other.category else -OTHER_CATEGORY_PENALTY
    try:
        days = abs((new.created_at - other.created_at).total_seconds()) / 86_400
    except TypeError:  # naive and aware datetimes mixed: ignore time
        days = 0.0
    if days > STALE_AFTER_DAYS:
        score -= 0.10 * min(1.0, (days - STALE_AFTER_DAYS) / 60.0)
    return min(1.0, max(0.0, score))


def similar_reports(
    new: ReportSnapshot,
    candidates: Sequence[ReportSnapshot],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 5,
) -> list[SimilarReport]:
    """Candidates that probably describe the same incident as ``new``, best first."""
    pool = [c for c in candidates if c.id != new.id]
    if not pool or limit <= 0:
        return []
    grams = [report_ngrams(new.text)] + [report_ngrams(c.text) for c in pool]
    if not grams[0]:
        return []
    vocab = Vocabulary.fit(grams, min_df=1)  # idf of this pool: rare shared grams count most
    target = vocab.dense(grams[0])
    scored = []
    for cand, doc in zip(pool, grams[1:], strict=True):
        idx, values = vocab.vector(doc)
        score = _adjust(float(np.dot(values, target[idx])), new, cand)
        if score >= threshold:
            scored.append(SimilarReport(id=cand.id, score=round(score, 4)))
    scored.sort(key=lambda s: (-s.score, s.id))
    return scored[:limit]
