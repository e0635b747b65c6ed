"""Intent metrics on the evaluation set kept apart from training, as written and folded."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nlp.evaluation import expected_calibration_error
from nlp.intent_data import EVALUATION_FILE, load_intent_examples
from nlp.intent_reader import intent
from nlp.text import fold
from nlp.types import IntentLabel

LABELS: tuple[str, ...] = tuple(label.value for label in IntentLabel)


@dataclass(frozen=True)
class IntentReport:
    """Per-class precision, recall, F1 and support, macro-F1, accuracy and the confusion matrix."""

    name: str
    per_class: dict[str, tuple[float, float, float, int]]
    macro_f1: float
    accuracy: float
    confusion: list[list[int]]
    labels: list[str]
    n: int
    errors: list[tuple[str, str, str]]  # gold, predicted, text
    calibration_error: float = 0.0  # expected calibration error of the confidence (10 bins)


def score(
    name: str,
    gold: Sequence[str],
    pred: Sequence[str],
    texts: Sequence[str],
    confidence: Sequence[float] = (),
) -> IntentReport:
    """Metrics of predictions ``pred`` against ``gold``."""
    pos = {label: i for i, label in enumerate(LABELS)}
    confusion = np.zeros((len(LABELS), len(LABELS)), dtype=int)
    for g, p in zip(gold, pred, strict=True):
        confusion[pos[g], pos[p]] += 1
    per_class: dict[str, tuple[float, float, float, int]] = {}
    for label, i in pos.items():
        tp = confusion[i, i]
        predicted, actual = confusion[:, i].sum(), confusion[i].sum()
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = (float(precision), float(recall), float(f1), int(actual))
    supported = [v[2] for v in per_class.values() if v[3]]
    return IntentReport(
        name=name,
        per_class=per_class,
        macro_f1=float(np.mean(supported)) if supported else 0.0,
        accuracy=float(np.trace(confusion) / max(1, confusion.sum())),
        confusion=confusion.tolist(),
        labels=list(LABELS),
        n=len(gold),
        errors=[(g, p, t) for g, p, t in zip(gold, pred, texts, strict=True) if g != p],
        calibration_error=expected_calibration_error(
            confidence, [g == p for g, p in zip(gold, pred, strict=True)]
        )
        if confidence
        else 0.0,
    )


def evaluate_intent(path: Path = EVALUATION_FILE) -> list[IntentReport]:
    """The shipped ``nlp.intent`` (rules and model) on the evaluation set, as written and folded."""
    examples = load_intent_examples(path)
    if not examples:
        return []
    gold = [e.label.value for e in examples]
    reports = []
    for name, view in (("as written", lambda t: t), ("folded (no diacritics)", fold)):
        texts = [view(e.text) for e in examples]
        results = [intent(t) for t in texts]
        pred = [r.label.value for r in results]
        confidence = [r.confidence for r in results]
        reports.append(score(f"intent on {path.name}, {name}", gold, pred, texts, confidence))
    return reports


@dataclass(frozen=True)
class CorpusReportCheck:
    """How the category corpus' infrastructure complaints (never trained on) are read."""

    name: str
    n: int
    report_recall: float
    read_as: dict[str, int]


def corpus_report_check() -> CorpusReportCheck | None:
    """Every line of the 11 infrastructure categories of the corpus is a report."""
    from domain.taxonomy import Category
    from nlp.corpus import load_corpus

    texts = [e.text for e in load_corpus() if e.category != Category.KHAC.value]
    if not texts:
        return None
    read_as = {label: 0 for label in LABELS}
    for text in texts:
        read_as[intent(text).label.value] += 1
    recall = read_as[IntentLabel.REPORT.value] / len(texts)
    return CorpusReportCheck("intent on the category corpus", len(texts), recall, read_as)


def format_corpus_check(check: CorpusReportCheck) -> str:
    read = ", ".join(f"{label} {n}" for label, n in check.read_as.items())
    return (
        f"== {check.name}: {check.n} infrastructure complaints\n"
        f"read as report {check.report_recall:.3f}   ({read})"
    )


def format_intent_report(report: IntentReport, show_errors: bool = False) -> str:
    """Plain-text table of one intent report."""
    lines = [
        f"== {report.name}: {report.n} messages",
        f"{'intent':<18} {'prec':>6} {'rec':>6} {'f1':>6} {'n':>5}",
    ]
    for label, (p, r, f, n) in report.per_class.items():
        lines.append(f"{label:<18} {p:6.3f} {r:6.3f} {f:6.3f} {n:5d}")
    lines.append(
        f"intent macro-F1 {report.macro_f1:.3f}   accuracy {report.accuracy:.3f}   "
        f"confidence: expected calibration error {report.calibration_error:.3f}"
    )
    lines.append("confusion (rows = gold, columns = predicted):")
    lines.append(" " * 18 + " ".join(f"{s[:5]:>5}" for s in report.labels))
    for label, row in zip(report.labels, report.confusion, strict=True):
        lines.append(f"{label:<18}" + " ".join(f"{v:5d}" for v in row))
    if show_errors:
        lines.extend(f"  {g} -> {p}: {t}" for g, p, t in report.errors)
    return "\n".join(lines)
