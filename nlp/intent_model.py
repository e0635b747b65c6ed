"""The intent model: features, storage as plain arrays, and a cached, thread-safe loader.

The artefact is ``data/model/intent.npz`` (vocabulary, idf, weights, biases) plus
``data/model/intent.json`` (classes, calibration temperature, training-set fingerprint), next to
the category model and written by the same ``python -m nlp train`` command.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from nlp.features import Vocabulary, extract, prepare
from nlp.linear import LinearModel
from nlp.models import MODEL_DIR
from nlp.text import has_diacritics, normalize

ARTEFACT = "intent.npz"
META = "intent.json"
FORMAT_VERSION = 1
MAX_INTENT_CHARS = 600  # the opening of a message says what it is for
_LENGTH_BUCKETS = (1, 2, 4, 8, 16)
log = logging.getLogger(__name__)


def intent_features(text: str) -> Counter[str]:
    """Folded word 1-2-grams and character n-grams, accented words when marked, a length bucket."""
    shown = normalize(text[:MAX_INTENT_CHARS])
    prepared = prepare(shown, MAX_INTENT_CHARS)
    feats = extract(prepared)
    if has_diacritics(shown):
        # marks tell apart words that folding merges ("hỏi" / "hối", "đâu" / "dầu")
        feats.update("a" + w for w in shown.lower().split() if w.isalpha())
    n_words = len(prepared.split())
    bucket = sum(1 for edge in _LENGTH_BUCKETS if n_words >= edge)
    feats["n" + str(bucket)] += 1
    return feats


@dataclass(frozen=True)
class IntentModel:
    """Feature vocabulary and the linear intent classifier."""

    vocab: Vocabulary
    linear: LinearModel
    meta: dict[str, Any] = field(default_factory=dict)

    def proba(self, text: str) -> np.ndarray:
        """Calibrated probabilities of ``linear.classes`` for ``text``."""
        return self.linear.proba(*self.vocab.vector(intent_features(text)))

    def logits(self, text: str) -> np.ndarray:
        return self.linear.scores(*self.vocab.vector(intent_features(text)))


def save_intent_model(model: IntentModel, directory: Path) -> None:
    """Write the model as arrays and JSON metadata (byte-identical for identical models)."""
    directory.mkdir(parents=True, exist_ok=True)
    terms = sorted(model.vocab.index, key=model.vocab.index.__getitem__)
    np.savez_compressed(  # zip members carry a fixed date: same arrays, same bytes
        directory / ARTEFACT,
        terms=np.array(terms, dtype=str),
        idf=model.vocab.idf.astype(np.float32),
        weights=model.linear.weights.astype(np.float32),
        bias=model.linear.bias.astype(np.float64),
    )
    meta = dict(model.meta)
    meta.update(
        format=FORMAT_VERSION,
        classes=list(model.linear.classes),
        temperature=model.linear.temperature,
    )
    (directory / META).write_text(
        json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


def load_intent_model(directory: Path = MODEL_DIR) -> IntentModel:
    """Read the artefact written by :func:`save_intent_model` (raises on any problem)."""
    meta = json.loads((directory / META).read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT_VERSION:
        raise ValueError(f"unsupported intent model format {meta.get('format')!r}")
    with np.load(directory / ARTEFACT, allow_pickle=False) as data:
        terms = data["terms"].tolist()
        vocab = Vocabulary({t: i for i, t in enumerate(terms)}, data["idf"])
        linear = LinearModel(
            data["weights"], data["bias"], tuple(meta["classes"]), meta["temperature"]
        )
    if linear.weights.shape != (len(terms), len(linear.classes)):
        raise ValueError("intent model arrays do not match the vocabulary")
    return IntentModel(vocab, linear, meta)


_lock = threading.Lock()
_cache: dict[str, IntentModel | None] = {}


def get_intent_model() -> IntentModel | None:
    """The intent model, loaded once; trained in memory if the artefact cannot be read."""
    if "model" in _cache:
        return _cache["model"]
    with _lock:
        if "model" not in _cache:
            _cache["model"] = _load_or_train()
    return _cache["model"]


def _load_or_train() -> IntentModel | None:
    try:
        return load_intent_model(MODEL_DIR)
    except Exception as exc:  # any unreadable artefact: fall back to training
        log.warning("intent model unusable (%s); training from the labelled set", exc)
    try:
        from nlp.intent_training import train_intent_model

        return train_intent_model(calibrate=False)
    except ImportError as exc:  # a service installed without the ``train`` extra
        log.error("no intent model and cannot train one (%s): rules only", exc)
    except Exception as exc:
        log.error("no intent model: %s", exc)
    return None


def reset_intent_cache() -> None:
    """Forget the loaded model (used after training and in tests)."""
    with _lock:
        _cache.clear()
