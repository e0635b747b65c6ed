"""Training and cross-validation of the intent model (the ``train`` extra, through nlp.training)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nlp.features import Vocabulary
from nlp.intent_data import TRAIN_FILE, IntentExample, intent_digest, load_intent_examples
from nlp.intent_model import IntentModel, intent_features, reset_intent_cache, save_intent_model
from nlp.linear import LinearModel, fit_temperature
from nlp.models import MODEL_DIR
from nlp.training import SEED, fit_linear, sparse_matrix
from nlp.types import IntentLabel

C_INTENT = 0.5
FOLDS = 5
INTENT_CLASSES: tuple[str, ...] = tuple(label.value for label in IntentLabel)


def fit_intent(
    examples: Sequence[IntentExample], meta: dict[str, object] | None = None
) -> IntentModel:
    """Fit the vocabulary and the linear model on ``examples`` (no calibration)."""
    docs: list[Counter[str]] = [intent_features(e.text) for e in examples]
    vocab = Vocabulary.fit(docs, min_df=1)
    x = sparse_matrix(vocab, docs)
    linear = fit_linear(x, [e.label.value for e in examples], INTENT_CLASSES, C_INTENT)
    return IntentModel(vocab, linear, dict(meta or {}))


@dataclass(frozen=True)
class IntentHeldOut:
    """Out-of-fold logits of one training example."""

    example: IntentExample
    logits: np.ndarray


def folds(examples: Sequence[IntentExample]) -> list[int]:
    """A fold number per example: every label is spread evenly over the folds, in file order."""
    seen: Counter[str] = Counter()
    out = []
    for e in examples:
        out.append(seen[e.label] % FOLDS)
        seen[e.label] += 1
    return out


def cross_validate_intent(examples: Sequence[IntentExample]) -> list[IntentHeldOut]:
    """Each fold predicted by a model trained on the other folds, vocabulary included."""
    assignment = folds(examples)
    held: list[IntentHeldOut] = []
    for fold in range(FOLDS):
        train = [e for e, f in zip(examples, assignment, strict=True) if f != fold]
        model = fit_intent(train)
        for e, f in zip(examples, assignment, strict=True):
            if f == fold:
                held.append(IntentHeldOut(e, model.logits(e.text)))
    return held


def train_intent_model(
    examples: Sequence[IntentExample] | None = None, *, calibrate: bool = True
) -> IntentModel:
    """Train on the labelled intent set; calibrate one temperature on out-of-fold logits."""
    data = list(examples) if examples is not None else load_intent_examples(TRAIN_FILE)
    if len({e.label for e in data}) < 2:
        raise ValueError(f"not enough labelled intent examples to train ({len(data)})")
    meta: dict[str, object] = {
        "seed": SEED,
        "examples": len(data),
        "training_digest": intent_digest() if examples is None else "given",
    }
    model = fit_intent(data, meta)
    if not calibrate:
        return model
    held = cross_validate_intent(data)
    y = np.array([INTENT_CLASSES.index(h.example.label.value) for h in held])
    temperature = fit_temperature(np.vstack([h.logits for h in held]), y)
    linear = LinearModel(model.linear.weights, model.linear.bias, model.linear.classes, temperature)
    return IntentModel(model.vocab, linear, meta)


def train_intent(directory: Path) -> IntentModel:
    """Train on the labelled intent set and save the artefact in ``directory``."""
    model = train_intent_model()
    save_intent_model(model, directory)
    if directory.resolve() == MODEL_DIR.resolve():
        reset_intent_cache()
    return model
