"""Category and urgency of a report."""

from __future__ import annotations

import numpy as np

from domain.taxonomy import Category, Urgency
from nlp.linear import LinearModel, softmax
from nlp.models import get_models
from nlp.text import MAX_CHARS, normalize
from nlp.types import CategoryResult, UrgencyResult
from nlp.urgency_rules import comfort_spans, danger_spans, is_plain_defect

ALTERNATIVES = 3
CAO_PROBABILITY = 0.60  # the model alone raises "cao" from here (chosen on held-out voices)
MAX_REASONS = 8


def category_from_scores(scores: np.ndarray, model: LinearModel) -> CategoryResult:
    """Best class, its probability and the runner-ups from raw scores."""
    proba = softmax(scores / model.temperature)
    order = np.argsort(-proba)
    best = int(order[0])
    alternatives = [
        (model.classes[int(i)], round(float(proba[i]), 4)) for i in order[1 : 1 + ALTERNATIVES]
    ]
    return CategoryResult(model.classes[best], round(float(proba[best]), 4), alternatives)


def classify(text: str) -> CategoryResult:
    """One of the 12 taxonomy codes with a calibrated confidence and runner-up categories."""
    models = get_models()
    if models is None or not text or not text.strip():
        return CategoryResult(Category.KHAC.value, 0.0, [])
    model, scores, known = models.category_scores(text[:MAX_CHARS])
    if not known:
        return CategoryResult(Category.KHAC.value, 0.0, [])
    return category_from_scores(scores, model)


def _phrases(spans: list[tuple[int, int]], shown: str, lowered: str) -> list[str]:
    # str.lower() keeps one character per character of Vietnamese NFC text, so spans map back
    source = shown if len(shown) == len(lowered) else lowered
    return list(dict.fromkeys(source[a:b] for a, b in spans))[:MAX_REASONS]


def urgency_level(
    text: str, urgency_scores: np.ndarray | None, model: LinearModel | None
) -> UrgencyResult:
    """Combine the danger lexicon with the urgency model (either one is enough for ``cao``)."""
    shown = normalize(text[:MAX_CHARS])
    lowered = shown.lower()
    reasons = _phrases(danger_spans(lowered), shown, lowered)
    proba: dict[str, float] = {}
    if model is not None and urgency_scores is not None:
        p = softmax(urgency_scores / model.temperature)
        proba = {c: float(v) for c, v in zip(model.classes, p, strict=True)}
    if reasons:
        return UrgencyResult(Urgency.CAO.value, reasons)
    if proba.get(Urgency.CAO.value, 0.0) >= CAO_PROBABILITY and not is_plain_defect(lowered):
        return UrgencyResult(Urgency.CAO.value, [f"model p(cao)={proba[Urgency.CAO.value]:.2f}"])
    comfort = _phrases(comfort_spans(lowered), shown, lowered)
    if proba and max(proba, key=proba.__getitem__) == Urgency.THAP.value:
        return UrgencyResult(
            Urgency.THAP.value, comfort or [f"model p(thap)={proba[Urgency.THAP.value]:.2f}"]
        )
    if not proba and comfort:
        return UrgencyResult(Urgency.THAP.value, comfort)
    return UrgencyResult(Urgency.TRUNG_BINH.value, [])


def urgency(text: str) -> UrgencyResult:
    """``cao`` / ``trung_binh`` / ``thap`` with the words or reasons that led to it."""
    if not text or not text.strip():
        return UrgencyResult(Urgency.TRUNG_BINH.value, [])
    models = get_models()
    model, scores = (None, None) if models is None else models.urgency_scores(text[:MAX_CHARS])
    return urgency_level(text, scores, model)
