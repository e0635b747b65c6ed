"""Classification scores: per-class precision/recall/F1, macro-F1, confusion, bootstrap interval."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

BOOTSTRAP_SEED = 20_251_202
BOOTSTRAP_ROUNDS = 1_000

PerClass = dict[str, tuple[float, float, float, int]]  # precision, recall, f1, support


def confusion_matrix(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> np.ndarray:
    """Counts with gold labels as rows and predictions as columns."""
    pos = {c: i for i, c in enumerate(labels)}
    matrix = np.zeros((len(labels), len(labels)), dtype=int)
    for g, p in zip(gold, pred, strict=True):
        matrix[pos[g], pos[p]] += 1
    return matrix


def per_class(matrix: np.ndarray, labels: Sequence[str]) -> PerClass:
    """Precision, recall, F1 and support of each label from a confusion matrix."""
    out: PerClass = {}
    for i, c in enumerate(labels):
        tp = matrix[i, i]
        predicted, support = matrix[:, i].sum(), matrix[i].sum()
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[c] = (float(precision), float(recall), float(f1), int(support))
    return out


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> float:
    """Mean F1 over the labels that occur in ``gold``."""
    scores = per_class(confusion_matrix(gold, pred, labels), labels)
    supported = [f for _, _, f, n in scores.values() if n]
    return float(np.mean(supported)) if supported else 0.0


def bootstrap_interval(
    gold: Sequence[str],
    pred: Sequence[str],
    labels: Sequence[str],
    rounds: int = BOOTSTRAP_ROUNDS,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float]:
    """95 % percentile interval of macro-F1 over resamples of the items (fixed seed)."""
    if not gold:
        return 0.0, 0.0
    rng = np.random.default_rng(seed)
    pos = {c: i for i, c in enumerate(labels)}
    g = np.array([pos[x] for x in gold])
    p = np.array([pos[x] for x in pred])
    k = len(labels)
    values = []
    for _ in range(rounds):
        sample = rng.integers(0, len(g), len(g))
        matrix = np.bincount(g[sample] * k + p[sample], minlength=k * k).reshape(k, k)
        tp = np.diag(matrix).astype(float)
        predicted, support = matrix.sum(axis=0), matrix.sum(axis=1)
        precision = np.divide(tp, predicted, out=np.zeros(k), where=predicted > 0)
        recall = np.divide(tp, support, out=np.zeros(k), where=support > 0)
        denom = precision + recall
        f1 = np.divide(2 * precision * recall, denom, out=np.zeros(k), where=denom > 0)
        values.append(float(f1[support > 0].mean()))
    low, high = np.percentile(values, [2.5, 97.5])
    return float(low), float(high)
