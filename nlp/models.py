"""The trained models: storage as plain arrays, and a cached, thread-safe loader.

The artefact is ``data/model/model.npz`` (arrays) plus ``data/model/meta.json``. Loading needs only
numpy; if the artefact is missing or unreadable the models are trained from the corpus in memory.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from nlp.features import Vocabulary, extract, prepare
from nlp.linear import LinearModel

MODEL_DIR = Path(__file__).parent / "data" / "model"
FORMAT_VERSION = 1
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Models:
    """Feature vocabulary, category model and (optional) urgency model."""

    vocab: Vocabulary
    category: LinearModel
    urgency: LinearModel | None
    meta: dict[str, Any] = field(default_factory=dict)

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        return self.vocab.vector(extract(prepare(text)))


def save(models: Models, directory: Path) -> None:
    """Write the models as arrays (npz) and metadata (JSON)."""
    directory.mkdir(parents=True, exist_ok=True)
    terms = sorted(models.vocab.index, key=models.vocab.index.__getitem__)
    arrays: dict[str, np.ndarray] = {
        "terms": np.array(terms, dtype=str),
        "idf": models.vocab.idf.astype(np.float32),
        "category_weights": models.category.weights.astype(np.float32),
        "category_bias": models.category.bias.astype(np.float64),
    }
    meta = dict(models.meta)
    meta.update(
        format=FORMAT_VERSION,
        category_classes=list(models.category.classes),
        category_temperature=models.category.temperature,
    )
    if models.urgency is not None:
        arrays["urgency_weights"] = models.urgency.weights.astype(np.float32)
        arrays["urgency_bias"] = models.urgency.bias.astype(np.float64)
        meta.update(
            urgency_classes=list(models.urgency.classes),
            urgency_temperature=models.urgency.temperature,
        )
    np.savez_compressed(directory / "model.npz", **arrays)  # type: ignore[arg-type]
    (directory / "meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def load(directory: Path = MODEL_DIR) -> Models:
    """Read the artefact written by :func:`save` (raises on any problem)."""
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT_VERSION:
        raise ValueError(f"unsupported model format {meta.get('format')!r}")
    with np.load(directory / "model.npz", allow_pickle=False) as data:
        terms = data["terms"].tolist()
        vocab = Vocabulary({t: i for i, t in enumerate(terms)}, data["idf"])
        category = LinearModel(
            data["category_weights"],
            data["category_bias"],
            tuple(meta["category_classes"]),
            meta["category_temperature"],
        )
        urgency = None
        if "urgency_weights" in data.files:
            urgency = LinearModel(
                data["urgency_weights"],
                data["urgency_bias"],
                tuple(meta["urgency_classes"]),
                meta["urgency_temperature"],
            )
    if category.weights.shape != (len(terms), len(category.classes)):
        raise ValueError("model arrays do not match the vocabulary")
    return Models(vocab, category, urgency, meta)


_lock = threading.Lock()
_cache: dict[str, Models | None] = {}


def get_models() -> Models | None:
    """The models, loaded once; trained from the corpus if the artefact cannot be read.

    Returns None only when there is neither a readable artefact nor a usable corpus.
    """
    if "models" in _cache:
        return _cache["models"]
    with _lock:
        if "models" not in _cache:
            _cache["models"] = _load_or_train()
    return _cache["models"]


def _load_or_train() -> Models | None:
    try:
        return load(MODEL_DIR)
    except Exception as exc:  # any unreadable artefact: fall back to training
        log.warning("model artefact unusable (%s); training from the corpus", exc)
    try:
        from nlp.training import train_models

        return train_models(calibrate=False)
    except ImportError as exc:  # a service installed without the ``train`` extra
        log.error("no model available and cannot train one (%s): install the 'train' extra", exc)
        return None
    except Exception as exc:
        log.error("no model available: %s", exc)
        return None


def reset_cache() -> None:
    """Forget the loaded models (used after training and in tests)."""
    with _lock:
        _cache.clear()
