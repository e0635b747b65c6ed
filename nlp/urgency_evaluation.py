"""Urgency ``cao`` measured: the model threshold sweep and the real-style urgency set.

The threshold above which the model alone raises ``cao`` (``nlp.classifier.CAO_PROBABILITY``) is
chosen on the leave-one-voice-out predictions of the corpus: the highest F1 among thresholds that
keep ``cao`` recall at or above ``MIN_CAO_RECALL`` both as written and folded. The real-style set
``data/urgency/evaluation.tsv`` is never used for that choice; it is scored by the shipped models.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from domain.taxonomy import URGENCY_CODES, Urgency
from nlp.classifier import urgency
from nlp.text import fold, normalize
from nlp.urgency_rules import danger_spans, is_plain_defect

URGENCY_SET = Path(__file__).parent / "data" / "urgency" / "evaluation.tsv"
SECOND_URGENCY_SET = URGENCY_SET.with_name("evaluation_b.tsv")  # scored once, see the data card
THRESHOLDS: tuple[float, ...] = tuple(round(0.25 + 0.05 * i, 2) for i in range(15))
MIN_CAO_RECALL = 0.9
Sweep = list[tuple[float, float, float]]  # threshold, precision, recall


def _precision_recall(pred: Sequence[bool], gold: Sequence[bool]) -> tuple[float, float]:
    tp = sum(1 for p, g in zip(pred, gold, strict=True) if p and g)
    n_pred, n_gold = sum(pred), sum(gold)
    return (tp / n_pred if n_pred else 0.0), (tp / n_gold if n_gold else 0.0)


def threshold_sweep(lexicon: Sequence[bool], p_cao: Sequence[float], gold: Sequence[bool]) -> Sweep:
    """Precision and recall of ``cao`` = lexicon or p(cao) >= t, for each t of ``THRESHOLDS``."""
    rows = []
    for t in THRESHOLDS:
        pred = [lex or p >= t for lex, p in zip(lexicon, p_cao, strict=True)]
        rows.append((t, *_precision_recall(pred, gold)))
    return rows


def choose_threshold(*sweeps: Sweep) -> float:
    """Best mean F1 over the views among thresholds keeping recall >= MIN_CAO_RECALL in all."""
    best_t, best_f1 = THRESHOLDS[0], -1.0
    for rows in zip(*sweeps, strict=True):
        if any(r < MIN_CAO_RECALL for _, _, r in rows):
            continue
        f1 = sum(2 * p * r / (p + r) if p + r else 0.0 for _, p, r in rows) / len(rows)
        if f1 > best_f1:
            best_t, best_f1 = rows[0][0], f1
    return best_t


def has_danger_phrase(text: str) -> bool:
    return bool(danger_spans(normalize(text).lower()))


def model_may_raise(text: str) -> bool:
    """Whether the model alone may make ``text`` ``cao`` (not for road-surface wear)."""
    return not is_plain_defect(normalize(text).lower())


@dataclass(frozen=True)
class UrgencyReport:
    """``cao`` precision and recall of ``nlp.urgency`` (and of the lexicon alone) on one set."""

    name: str
    n: int
    cao_support: int
    cao_precision: float
    cao_recall: float
    lexicon_precision: float
    lexicon_recall: float
    per_level_f1: dict[str, float]
    errors: list[tuple[str, str, str]]  # gold, predicted, text


def evaluate_urgency_set(path: Path = URGENCY_SET) -> list[UrgencyReport]:
    """The shipped urgency on the real-style set, as written and with diacritics stripped."""
    if not path.is_file():
        return []
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    rows = [r for r in rows if len(r) == 3 and r[0] in URGENCY_CODES]
    reports = []
    for name, view in (("as written", lambda t: t), ("folded (no diacritics)", fold)):
        texts = [view(text) for _, _, text in rows]
        gold = [level for level, _, _ in rows]
        pred = [urgency(t).level for t in texts]
        is_cao = [g == Urgency.CAO.value for g in gold]
        precision, recall = _precision_recall([p == Urgency.CAO.value for p in pred], is_cao)
        lex_p, lex_r = _precision_recall([has_danger_phrase(t) for t in texts], is_cao)
        f1 = {}
        for level in URGENCY_CODES:
            p, r = _precision_recall([x == level for x in pred], [g == level for g in gold])
            f1[level] = 2 * p * r / (p + r) if p + r else 0.0
        reports.append(
            UrgencyReport(
                f"urgency on {path.parent.name}/{path.name}, {name}",
                len(rows),
                sum(is_cao),
                precision,
                recall,
                lex_p,
                lex_r,
                f1,
                [(g, p, t) for g, p, t in zip(gold, pred, texts, strict=True) if g != p],
            )
        )
    return reports


def format_urgency_report(report: UrgencyReport, show_errors: bool = False) -> str:
    """Plain-text lines of one urgency report."""
    lines = [
        f"== {report.name}: {report.n} messages, {report.cao_support} cao",
        f"urgency cao precision {report.cao_precision:.3f}   cao recall {report.cao_recall:.3f}"
        f"   (lexicon alone: precision {report.lexicon_precision:.3f}, recall "
        f"{report.lexicon_recall:.3f})",
        "F1 per level: " + ", ".join(f"{k} {v:.3f}" for k, v in report.per_level_f1.items()),
    ]
    if show_errors:
        lines.extend(f"  {g} -> {p}: {t}" for g, p, t in report.errors)
    return "\n".join(lines)


def format_sweep(sweep: Sweep, shipped: float) -> str:
    """Precision/recall of ``cao`` at each model threshold, and the threshold the rule picks."""
    cells = [
        f"{t:.2f}{'*' if abs(t - shipped) < 1e-9 else ''} {p:.2f}/{r:.2f}" for t, p, r in sweep
    ]
    return (
        "cao precision/recall by model threshold (* shipped): "
        + ", ".join(cells)
        + f"\nbest F1 with cao recall >= {MIN_CAO_RECALL}: {choose_threshold(sweep):.2f}"
    )
