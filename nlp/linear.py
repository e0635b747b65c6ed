"""A linear classifier stored as plain arrays, with temperature-scaled softmax probabilities."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LinearModel:
    """Weights (n_features x n_classes), biases, class names and a calibration temperature."""

    weights: np.ndarray
    bias: np.ndarray
    classes: tuple[str, ...]
    temperature: float = 1.0

    def scores(self, idx: np.ndarray, values: np.ndarray) -> np.ndarray:
        if len(idx) == 0:
            return self.bias.astype(np.float64)
        return values.astype(np.float64) @ self.weights[idx] + self.bias

    def proba(self, idx: np.ndarray, values: np.ndarray) -> np.ndarray:
        return softmax(self.scores(idx, values) / self.temperature)


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax for 1-d or 2-d arrays."""
    shifted = z - np.max(z, axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return np.asarray(exp / np.sum(exp, axis=-1, keepdims=True))


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """Temperature minimising the negative log-likelihood of held-out logits (grid search)."""
    best_t, best_nll = 1.0, float("inf")
    for t in np.exp(np.linspace(np.log(0.05), np.log(5.0), 120)):
        p = softmax(logits / t)
        nll = -float(np.mean(np.log(p[np.arange(len(labels)), labels] + 1e-12)))
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return best_t
