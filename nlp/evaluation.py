"""Source-held-out evaluation: per-class metrics, macro-F1, confusion matrix, urgency recall."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from domain.taxonomy import CATEGORY_CODES, URGENCY_CODES, Urgency
from nlp.classifier import CAO_PROBABILITY, category_from_scores, urgency_level
from nlp.corpus import Example, load_corpus
from nlp.linear import LinearModel, fit_temperature, softmax
from nlp.text import fold
from nlp.training import HeldOut, cross_validate
from nlp.urgency_evaluation import (
    Sweep,
    format_sweep,
    has_danger_phrase,
    model_may_raise,
    threshold_sweep,
)


@dataclass(frozen=True)
class Report:
    """Metrics for one view of the held-out data (as written, or accents stripped)."""

    name: str
    per_class: dict[str, tuple[float, float, float, int]]  # precision, recall, f1, support
    macro_f1: float
    accuracy: float
    confusion: list[list[int]]
    labels: list[str]
    cao_recall: float
    cao_precision: float
    cao_recall_model_only: float
    calibration_error: float  # expected calibration error of the category confidence (10 bins)
    n: int
    per_source: dict[str, float]  # category accuracy on each held-out source
    cao_sweep: Sweep = field(default_factory=list)  # lexicon or p(cao) >= t, for each t


def expected_calibration_error(confidence: Sequence[float], correct: Sequence[bool]) -> float:
    conf = np.asarray(confidence, dtype=float)
    hit = np.asarray(correct, dtype=float)
    bins = np.minimum((conf * 10).astype(int), 9)
    error = 0.0
    for b in range(10):
        mask = bins == b
        if mask.any():
            error += mask.mean() * abs(conf[mask].mean() - hit[mask].mean())
    return float(error)


def _metrics(
    name: str,
    gold: Sequence[str],
    pred: Sequence[str],
    urg_gold: Sequence[str],
    urg_pred: Sequence[str],
    urg_model: Sequence[str],
    confidence: Sequence[float],
    sources: Sequence[str],
    sweep: Sweep | None = None,
) -> Report:
    labels = [c for c in CATEGORY_CODES if c in set(gold) | set(pred)]
    pos = {c: i for i, c in enumerate(labels)}
    confusion = np.zeros((len(labels), len(labels)), dtype=int)
    for g, p in zip(gold, pred, strict=True):
        confusion[pos[g], pos[p]] += 1
    per_class: dict[str, tuple[float, float, float, int]] = {}
    for c, i in pos.items():
        tp = confusion[i, i]
        precision = tp / confusion[:, i].sum() if confusion[:, i].sum() else 0.0
        recall = tp / confusion[i].sum() if confusion[i].sum() else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[c] = (float(precision), float(recall), float(f1), int(confusion[i].sum()))
    supported = [v[2] for v in per_class.values() if v[3]]
    cao = Urgency.CAO.value
    tp_cao = sum(1 for g, p in zip(urg_gold, urg_pred, strict=True) if g == cao and p == cao)
    gold_cao = sum(1 for g in urg_gold if g == cao)
    pred_cao = sum(1 for p in urg_pred if p == cao)
    model_cao = sum(1 for g, p in zip(urg_gold, urg_model, strict=True) if g == cao and p == cao)
    return Report(
        name=name,
        per_class=per_class,
        macro_f1=float(np.mean(supported)) if supported else 0.0,
        accuracy=float(np.trace(confusion) / max(1, confusion.sum())),
        confusion=confusion.tolist(),
        labels=labels,
        cao_recall=tp_cao / gold_cao if gold_cao else 0.0,
        cao_precision=tp_cao / pred_cao if pred_cao else 0.0,
        cao_recall_model_only=model_cao / gold_cao if gold_cao else 0.0,
        calibration_error=expected_calibration_error(
            confidence, [g == p for g, p in zip(gold, pred, strict=True)]
        ),
        n=len(gold),
        per_source={
            src: float(
                np.mean([g == p for g, p, s in zip(gold, pred, sources, strict=True) if s == src])
            )
            for src in sorted(set(sources))
        },
        cao_sweep=list(sweep or []),
    )


def _urgency_model(held: Sequence[HeldOut]) -> LinearModel | None:
    """Urgency calibration as training fits it (one temperature on the held-out logits)."""
    rows = [h for h in held if h.urgency_logits is not None and h.example.urgency]
    if not rows:
        return None
    y = np.array([URGENCY_CODES.index(str(h.example.urgency)) for h in rows])
    logits = np.vstack([h.urgency_logits for h in rows if h.urgency_logits is not None])
    empty = np.zeros((0, len(URGENCY_CODES)))
    return LinearModel(
        empty, np.zeros(len(URGENCY_CODES)), URGENCY_CODES, fit_temperature(logits, y)
    )


def _p_cao(scores: np.ndarray | None, model: LinearModel | None) -> float:
    if scores is None or model is None:
        return 0.0
    return float(softmax(scores / model.temperature)[URGENCY_CODES.index(Urgency.CAO.value)])


def _model_only(scores: np.ndarray | None, model: LinearModel | None) -> str:
    if scores is None or model is None:
        return Urgency.TRUNG_BINH.value
    p = softmax(scores / model.temperature)
    cao = URGENCY_CODES.index(Urgency.CAO.value)
    return Urgency.CAO.value if p[cao] >= CAO_PROBABILITY else model.classes[int(np.argmax(p))]


def evaluate(examples: Sequence[Example] | None = None) -> list[Report]:
    """Leave-one-source-out predictions scored as written and with accents stripped.

    Each source/style (chat, petition, news, hotline, forum) is predicted by models trained on the
    other sources only, so a style the model has never seen is what is being measured.
    """
    data = list(examples) if examples is not None else load_corpus()
    held = cross_validate(data)
    if not held:
        return []
    urgency_model = _urgency_model(held)
    y = np.array([CATEGORY_CODES.index(h.example.category) for h in held])
    temperature = fit_temperature(np.vstack([h.category_logits for h in held]), y)
    category_model = LinearModel(
        np.zeros((0, len(CATEGORY_CODES))),
        np.zeros(len(CATEGORY_CODES)),
        CATEGORY_CODES,
        temperature,
    )
    reports = []
    for name, folded in (("as written", False), ("folded (no diacritics)", True)):
        gold, pred, confidence, urg_gold, urg_pred, urg_model = [], [], [], [], [], []
        lexicon, p_cao = [], []
        for h in held:
            logits = h.category_logits_folded if folded else h.category_logits
            gold.append(h.example.category)
            result = category_from_scores(logits, category_model)
            pred.append(result.category)
            confidence.append(result.confidence)
            if h.example.urgency:
                text = fold(h.example.text) if folded else h.example.text
                scores = h.urgency_logits_folded if folded else h.urgency_logits
                urg_gold.append(h.example.urgency)
                urg_pred.append(urgency_level(text, scores, urgency_model).level)
                urg_model.append(_model_only(scores, urgency_model))
                lexicon.append(has_danger_phrase(text))
                p_cao.append(_p_cao(scores, urgency_model) if model_may_raise(text) else 0.0)
        sweep = threshold_sweep(lexicon, p_cao, [g == Urgency.CAO.value for g in urg_gold])
        reports.append(
            _metrics(
                name,
                gold,
                pred,
                urg_gold,
                urg_pred,
                urg_model,
                confidence,
                [h.example.source for h in held],
                sweep,
            )
        )
    return reports


def evaluate_saved_model(examples: Sequence[Example], name: str) -> Report | None:
    """Score the saved model on other labelled data (e.g. real messages labelled by staff)."""
    from nlp.models import get_models

    models = get_models()
    if models is None or not examples:
        return None
    gold, pred, confidence, urg_gold, urg_pred, urg_model = [], [], [], [], [], []
    for e in examples:
        idx, values = models.vector(e.text)
        result = category_from_scores(models.category.scores(idx, values), models.category)
        gold.append(e.category)
        pred.append(result.category)
        confidence.append(result.confidence)
        if e.urgency:
            scores = models.urgency.scores(idx, values) if models.urgency else None
            urg_gold.append(e.urgency)
            urg_pred.append(urgency_level(e.text, scores, models.urgency).level)
            urg_model.append(_model_only(scores, models.urgency))
    return _metrics(
        name, gold, pred, urg_gold, urg_pred, urg_model, confidence, [e.source for e in examples]
    )


def format_report(report: Report) -> str:
    """Plain-text table of one report."""
    lines = [
        f"== {report.name}: {report.n} examples",
        f"{'category':<18} {'prec':>6} {'rec':>6} {'f1':>6} {'n':>5}",
    ]
    for c, (p, r, f, n) in report.per_class.items():
        lines.append(f"{c:<18} {p:6.3f} {r:6.3f} {f:6.3f} {n:5d}")
    lines.append(f"macro-F1 {report.macro_f1:.3f}   accuracy {report.accuracy:.3f}")
    lines.append(f"category confidence: expected calibration error {report.calibration_error:.3f}")
    lines.append(
        "accuracy per source: " + ", ".join(f"{s} {a:.3f}" for s, a in report.per_source.items())
    )
    lines.append(
        f"urgency cao recall {report.cao_recall:.3f}   cao precision "
        f"{report.cao_precision:.3f}   (model alone, no lexicon: cao recall "
        f"{report.cao_recall_model_only:.3f})"
    )
    if report.cao_sweep:
        lines.append(format_sweep(report.cao_sweep, CAO_PROBABILITY))
    short = [label[:5] for label in report.labels]
    lines.append("confusion (rows = gold, columns = predicted):")
    lines.append(" " * 18 + " ".join(f"{s:>5}" for s in short))
    for label, row in zip(report.labels, report.confusion, strict=True):
        lines.append(f"{label:<18}" + " ".join(f"{v:5d}" for v in row))
    return "\n".join(lines)
