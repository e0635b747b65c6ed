"""Likely duplicates of a new report among open reports.

Character 3-5-grams over folded, normalised text with TF-IDF weights and cosine similarity: they
survive missing accents, typos and word order changes far better than word features. The cosine is
then nudged by the structured fields: the same unit and category make a duplicate more likely, a
different unit or category or a long time apart less likely.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from nlp.text import fold, normalize
from nlp.types import ReportSnapshot, SimilarReport

DEFAULT_THRESHOLD = 0.5
SAME_PLACE_BONUS = 0.10
OTHER_PLACE_PENALTY = 0.20
SAME_CATEGORY_BONUS = 0.05
OTHER_CATEGORY_PENALTY = 0.10
STALE_AFTER_DAYS = 30.0
_WORD_RE = re.compile(r"[a-z0-9]+")
_MAX_CHARS = 5_000  # the opening of a long letter is enough to recognise the incident


@lru_cache(maxsize=4096)  # open reports are compared again with every new report
def char_ngrams(text: str, low: int = 3, high: int = 5) -> Counter[str]:
    """Character n-grams of the folded, normalised text (callers must not modify the result)."""
    grams: Counter[str] = Counter()
    for word in _WORD_RE.findall(fold(normalize(text[:_MAX_CHARS]))):
        padded = f" {word} "
        for n in range(low, high + 1):
            grams.update(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return grams


def _weights(grams: Counter[str], idf: dict[str, float], default_idf: float) -> dict[str, float]:
    vec = {g: (1.0 + math.log(c)) * idf.get(g, default_idf) for g, c in grams.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {g: v / norm for g, v in vec.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(g, 0.0) for g, v in a.items())


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
    grams = [char_ngrams(new.text)] + [char_ngrams(c.text) for c in pool]
    if not grams[0]:
        return []
    df: Counter[str] = Counter()
    for g in grams:
        df.update(g.keys())
    n = len(grams)
    idf = {g: math.log((1 + n) / (1 + d)) + 1.0 for g, d in df.items()}
    vectors = [_weights(g, idf, 1.0) for g in grams]
    scored = []
    for cand, vec in zip(pool, vectors[1:], strict=True):
        score = _adjust(_cosine(vectors[0], vec), new, cand)
        if score >= threshold:
            scored.append(SimilarReport(id=cand.id, score=round(score, 4)))
    scored.sort(key=lambda s: (-s.score, s.id))
    return scored[:limit]
