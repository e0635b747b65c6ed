"""Voice-held-out and real-style evaluation: per-class metrics, macro-F1 with a bootstrap
interval, confusion matrices, urgency ``cao`` precision/recall and ``thap`` F1."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from domain.taxonomy import CATEGORY_CODES, URGENCY_CODES, Urgency
from nlp.classifier import CAO_PROBABILITY, category_from_scores, urgency_level
from nlp.corpus import Example, load_corpus, load_jsonl
from nlp.features import FOLDED
from nlp.linear import LinearModel, softmax
from nlp.scoring import bootstrap_interval, confusion_matrix, per_class
from nlp.text import fold
from nlp.training import FEATURES, cross_validate, route_temperatures
from nlp.urgency_evaluation import (
    Sweep,
    format_sweep,
    has_danger_phrase,
    model_may_raise,
    threshold_sweep,
)

REAL_STYLE_FILE = Path(__file__).parent / "data" / "evaluation" / "real_style.jsonl"


@dataclass(frozen=True)
class Report:
    """Metrics for one view of held-out data (as written, or accents stripped)."""

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
    per_source: dict[str, float]  # category accuracy on each held-out voice (or kind)
    cao_sweep: Sweep = field(default_factory=list)  # lexicon or p(cao) >= t, for each t
    macro_f1_interval: tuple[float, float] = (0.0, 0.0)  # bootstrap 95 %, fixed seed
    urgency_per_level: dict[str, tuple[float, float, float, int]] = field(default_factory=dict)
    urgency_confusion: list[list[int]] = field(default_factory=list)  # rows gold, URGENCY_CODES
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # gold, predicted, text


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
    texts: Sequence[str] = (),
) -> Report:
    labels = [c for c in CATEGORY_CODES if c in set(gold) | set(pred)]
    confusion = confusion_matrix(gold, pred, labels)
    scores = per_class(confusion, labels)
    supported = [v[2] for v in scores.values() if v[3]]
    cao = Urgency.CAO.value
    tp_cao = sum(1 for g, p in zip(urg_gold, urg_pred, strict=True) if g == cao and p == cao)
    gold_cao = sum(1 for g in urg_gold if g == cao)
    pred_cao = sum(1 for p in urg_pred if p == cao)
    model_cao = sum(1 for g, p in zip(urg_gold, urg_model, strict=True) if g == cao and p == cao)
    urg_confusion = confusion_matrix(urg_gold, urg_pred, URGENCY_CODES)
    return Report(
        name=name,
        per_class=scores,
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
        macro_f1_interval=bootstrap_interval(gold, pred, labels),
        urgency_per_level=per_class(urg_confusion, URGENCY_CODES) if urg_gold else {},
        urgency_confusion=urg_confusion.tolist() if urg_gold else [],
        errors=[(g, p, t) for g, p, t in zip(gold, pred, texts, strict=False) if g != p],
    )


def _calibration(temperature: float, classes: Sequence[str]) -> LinearModel:
    """A model that only carries a temperature (scores are given)."""
    return LinearModel(
        np.zeros((0, len(classes))), np.zeros(len(classes)), tuple(classes), temperature
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
    """Leave-one-voice-out predictions scored as written and with accents stripped.

    Each voice (chat, petition, news_excerpt, zalo_nomarks, ...) is predicted by models trained on
    the other voices only, vocabulary included, so a voice the model has never seen is measured.
    """
    data = list(examples) if examples is not None else load_corpus()
    held = cross_validate(data, FEATURES)
    if not held:
        return []
    temperatures = route_temperatures(held)
    reports = []
    for name, folded in (("as written", False), ("folded (no diacritics)", True)):
        gold, pred, confidence, urg_gold, urg_pred, urg_model = [], [], [], [], [], []
        lexicon, p_cao, texts = [], [], []
        for h in held:
            route = FOLDED if folded else h.route
            cat_t, urg_t = temperatures[route]
            logits = h.category_logits_folded if folded else h.category_logits
            gold.append(h.example.category)
            result = category_from_scores(logits, _calibration(cat_t, CATEGORY_CODES))
            pred.append(result.category)
            confidence.append(result.confidence)
            text = fold(h.example.text) if folded else h.example.text
            texts.append(text)
            if h.example.urgency:
                scores = h.urgency_logits_folded if folded else h.urgency_logits
                urgency_model = _calibration(urg_t, URGENCY_CODES)
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
                texts,
            )
        )
    return reports


def load_real_style(path: Path = REAL_STYLE_FILE) -> list[Example]:
    """The real-style evaluation set (never trained on); ``source`` is the line's ``kind``."""
    if not path.is_file():
        return []
    import json

    kinds = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(row, dict):
                kinds.append(str(row.get("kind") or "unknown"))
    examples = load_jsonl(path)
    if len(kinds) != len(examples):  # some lines invalid: keep the examples, drop the kinds
        return examples
    return [replace(e, source=k) for e, k in zip(examples, kinds, strict=True)]


def evaluate_saved_model(examples: Sequence[Example], name: str) -> Report | None:
    """Score the saved model (category and urgency) on other labelled data."""
    from nlp.models import get_models

    models = get_models()
    if models is None or not examples:
        return None
    gold, pred, confidence, urg_gold, urg_pred, urg_model = [], [], [], [], [], []
    for e in examples:
        model, scores, _ = models.category_scores(e.text)
        result = category_from_scores(scores, model)
        gold.append(e.category)
        pred.append(result.category)
        confidence.append(result.confidence)
        if e.urgency:
            urgency_model, urgency_scores = models.urgency_scores(e.text)
            urg_gold.append(e.urgency)
            urg_pred.append(urgency_level(e.text, urgency_scores, urgency_model).level)
            urg_model.append(_model_only(urgency_scores, urgency_model))
    return _metrics(
        name,
        gold,
        pred,
        urg_gold,
        urg_pred,
        urg_model,
        confidence,
        [e.source for e in examples],
        texts=[e.text for e in examples],
    )


def evaluate_real_style(path: Path = REAL_STYLE_FILE) -> list[Report]:
    """The shipped model on the real-style set, as written and with the diacritics stripped."""
    examples = load_real_style(path)
    reports = []
    for view, change in (("as written", False), ("diacritics stripped", True)):
        rows = [replace(e, text=fold(e.text)) if change else e for e in examples]
        report = evaluate_saved_model(rows, f"real-style set ({path.name}), {view}")
        if report is not None:
            reports.append(report)
    return reports


def format_report(report: Report, show_errors: bool = False) -> str:
    """Plain-text table of one report."""
    low, high = report.macro_f1_interval
    lines = [
        f"== {report.name}: {report.n} examples",
        f"{'category':<18} {'prec':>6} {'rec':>6} {'f1':>6} {'n':>5}",
    ]
    for c, (p, r, f, n) in report.per_class.items():
        lines.append(f"{c:<18} {p:6.3f} {r:6.3f} {f:6.3f} {n:5d}")
    lines.append(
        f"macro-F1 {report.macro_f1:.3f} (bootstrap 95 % interval {low:.3f}-{high:.3f})"
        f"   accuracy {report.accuracy:.3f}"
    )
    lines.append(f"category confidence: expected calibration error {report.calibration_error:.3f}")
    lines.append(
        "accuracy per voice: " + ", ".join(f"{s} {a:.3f}" for s, a in report.per_source.items())
    )
    short = [label[:5] for label in report.labels]
    lines.append("confusion (rows = gold, columns = predicted):")
    lines.append(" " * 18 + " ".join(f"{s:>5}" for s in short))
    for label, row in zip(report.labels, report.confusion, strict=True):
        lines.append(f"{label:<18}" + " ".join(f"{v:5d}" for v in row))
    lines.append(
        f"urgency cao recall {report.cao_recall:.3f}   cao precision "
        f"{report.cao_precision:.3f}   (model alone, no lexicon: cao recall "
        f"{report.cao_recall_model_only:.3f})"
    )
    if report.urgency_per_level:
        lines.append(
            "urgency F1 per level: "
            + ", ".join(f"{k} {v[2]:.3f}" for k, v in report.urgency_per_level.items())
        )
        lines.append(
            "urgency confusion (rows = gold, columns = predicted): " + " ".join(URGENCY_CODES)
        )
        for level, row in zip(URGENCY_CODES, report.urgency_confusion, strict=True):
            lines.append(f"  {level:<11}" + " ".join(f"{v:5d}" for v in row))
    if report.cao_sweep:
        lines.append(format_sweep(report.cao_sweep, CAO_PROBABILITY))
    if show_errors:
        lines.extend(f"  {g} -> {p}: {t[:160]}" for g, p, t in report.errors)
    return "\n".join(lines)
