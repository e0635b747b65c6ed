"""The trained models: storage as plain arrays, and a cached, thread-safe loader.

The artefact is ``data/model/model.npz`` (arrays) plus ``data/model/meta.json``. There is one
model per route (``nlp.features.route``): the folded model reads every text typed without marks,
the accented model (when the feature spec routes) reads text typed with marks. Loading needs only
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

from nlp.features import (
    FOLDED,
    ROUTES,
    FeatureSpec,
    Vocabulary,
    model_features,
    route,
    shown_text,
)
from nlp.linear import LinearModel

MODEL_DIR = Path(__file__).parent / "data" / "model"
FORMAT_VERSION = 2
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RouteModel:
    """Feature vocabulary, category model and (optional) urgency model of one route."""

    vocab: Vocabulary
    category: LinearModel
    urgency: LinearModel | None


@dataclass(frozen=True)
class Models:
    """The route models and the feature spec they were trained with."""

    routes: dict[str, RouteModel]
    spec: FeatureSpec = field(default_factory=FeatureSpec)
    meta: dict[str, Any] = field(default_factory=dict)

    def route_of(self, text: str, shown: str | None = None) -> str:
        """The route model that reads ``text`` (the folded one when there is no other)."""
        name = route(text, self.spec, shown)
        return name if name in self.routes else FOLDED

    def vector(self, text: str, to: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The sparse feature row of ``text`` for route ``to`` (default: its own route)."""
        return self._routed(text, to)[1:]

    def _routed(self, text: str, to: str | None = None) -> tuple[str, np.ndarray, np.ndarray]:
        shown = shown_text(text)
        name = to or self.route_of(text, shown)
        idx, values = self.routes[name].vocab.vector(model_features(text, self.spec, name, shown))
        return name, idx, values

    def category_scores(self, text: str) -> tuple[LinearModel, np.ndarray, bool]:
        """The category model reading ``text``, its scores, and whether any feature was known."""
        name, idx, values = self._routed(text)
        model = self.routes[name].category
        return model, model.scores(idx, values), len(idx) > 0

    def urgency_scores(self, text: str) -> tuple[LinearModel | None, np.ndarray | None]:
        """The urgency model reading ``text`` and its scores (None without model or features)."""
        name, idx, values = self._routed(text)
        model = self.routes[name].urgency
        if model is None:
            return None, None
        return model, (model.scores(idx, values) if len(idx) else None)

    @property
    def n_features(self) -> int:
        return sum(len(r.vocab.index) for r in self.routes.values())


def save(models: Models, directory: Path) -> None:
    """Write the models as arrays (npz) and metadata (JSON); same models, same bytes."""
    directory.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {}
    meta = dict(models.meta)
    meta.update(format=FORMAT_VERSION, features=models.spec.as_dict(), routes=[])
    for name in ROUTES:
        if name not in models.routes:
            continue
        part = models.routes[name]
        terms = sorted(part.vocab.index, key=part.vocab.index.__getitem__)
        arrays[f"{name}_terms"] = np.array(terms, dtype=str)
        arrays[f"{name}_idf"] = part.vocab.idf.astype(np.float32)
        arrays[f"{name}_category_weights"] = part.category.weights.astype(np.float32)
        arrays[f"{name}_category_bias"] = part.category.bias.astype(np.float64)
        meta["routes"].append(name)
        meta["category_classes"] = list(part.category.classes)
        meta[f"{name}_category_temperature"] = part.category.temperature
        if part.urgency is not None:
            arrays[f"{name}_urgency_weights"] = part.urgency.weights.astype(np.float32)
            arrays[f"{name}_urgency_bias"] = part.urgency.bias.astype(np.float64)
            meta["urgency_classes"] = list(part.urgency.classes)
            meta[f"{name}_urgency_temperature"] = part.urgency.temperature
    np.savez_compressed(directory / "model.npz", **arrays)  # type: ignore[arg-type]
    (directory / "meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


def load(directory: Path = MODEL_DIR) -> Models:
    """Read the artefact written by :func:`save` (raises on any problem)."""
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT_VERSION:
        raise ValueError(f"unsupported model format {meta.get('format')!r}")
    routes: dict[str, RouteModel] = {}
    with np.load(directory / "model.npz", allow_pickle=False) as data:
        for name in meta["routes"]:
            terms = data[f"{name}_terms"].tolist()
            vocab = Vocabulary({t: i for i, t in enumerate(terms)}, data[f"{name}_idf"])
            category = LinearModel(
                data[f"{name}_category_weights"],
                data[f"{name}_category_bias"],
                tuple(meta["category_classes"]),
                meta[f"{name}_category_temperature"],
            )
            urgency = None
            if f"{name}_urgency_weights" in data.files:
                urgency = LinearModel(
                    data[f"{name}_urgency_weights"],
                    data[f"{name}_urgency_bias"],
                    tuple(meta["urgency_classes"]),
                    meta[f"{name}_urgency_temperature"],
                )
            if category.weights.shape != (len(terms), len(category.classes)):
                raise ValueError("model arrays do not match the vocabulary")
            routes[name] = RouteModel(vocab, category, urgency)
    if FOLDED not in routes:
        raise ValueError("the artefact has no folded model")
    return Models(routes, FeatureSpec.from_dict(meta["features"]), meta)


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
