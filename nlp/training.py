"""Training and source-held-out cross-validation of the category and urgency models."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from domain.taxonomy import CATEGORY_CODES, URGENCY_CODES
from nlp.corpus import STAFF_SOURCE, Example, corpus_digest, load_corpus, staff_examples
from nlp.features import Vocabulary, extract, prepare
from nlp.linear import LinearModel, fit_temperature
from nlp.models import MODEL_DIR, Models, reset_cache, save
from nlp.text import fold

SEED = 13
C_CATEGORY = 0.5  # LinearSVC: best leave-one-source-out macro-F1 among 0.3/0.5/1
C_URGENCY = 0.5
MIN_EXAMPLES = 12


def sparse_matrix(vocab: Vocabulary, docs: Sequence[Counter[str]]) -> Any:
    """The documents' rows as one CSR matrix, the input scikit-learn trains on."""
    from scipy.sparse import csr_matrix  # training only: inference never loads scipy

    indptr = [0]
    indices: list[np.ndarray] = []
    values: list[np.ndarray] = []
    for doc in docs:
        idx, val = vocab.vector(doc)
        indices.append(idx)
        values.append(val)
        indptr.append(indptr[-1] + len(idx))
    return csr_matrix(
        (
            np.concatenate(values) if values else np.zeros(0, np.float32),
            np.concatenate(indices) if indices else np.zeros(0, np.int64),
            np.array(indptr),
        ),
        shape=(len(docs), len(vocab.index)),
    )


def fit_linear(x: Any, labels: Sequence[str], classes: Sequence[str], c: float) -> LinearModel:
    """Class-balanced linear SVM, stored as plain arrays."""
    from sklearn.svm import LinearSVC  # the ``train`` extra: inference needs numpy only

    present = sorted(set(labels), key=list(classes).index)
    clf = LinearSVC(C=c, class_weight="balanced", random_state=SEED)
    clf.fit(x, list(labels))
    weights = np.zeros((x.shape[1], len(classes)), dtype=np.float32)
    bias = np.full(len(classes), -30.0)  # classes without examples are never predicted
    coef = clf.coef_ if len(present) > 2 else np.vstack([-clf.coef_[0], clf.coef_[0]]) / 2
    intercept = clf.intercept_ if len(present) > 2 else np.array([-1, 1]) * clf.intercept_[0] / 2
    for row, name in enumerate(clf.classes_):
        col = list(classes).index(name)
        weights[:, col] = coef[row]
        bias[col] = intercept[row]
    return LinearModel(weights, bias, tuple(classes))


def fit_models(examples: Sequence[Example], meta: dict[str, object] | None = None) -> Models:
    """Fit the vocabulary and both models on ``examples`` (no calibration)."""
    docs = [extract(prepare(e.text)) for e in examples]
    vocab = Vocabulary.fit(docs)
    x = sparse_matrix(vocab, docs)
    category = fit_linear(x, [e.category for e in examples], CATEGORY_CODES, C_CATEGORY)
    rows = [i for i, e in enumerate(examples) if e.urgency]
    urgency = None
    if len({examples[i].urgency for i in rows}) >= 2:
        urgency = fit_linear(
            x[rows], [str(examples[i].urgency) for i in rows], URGENCY_CODES, C_URGENCY
        )
    return Models(vocab, category, urgency, dict(meta or {}))


@dataclass(frozen=True)
class HeldOut:
    """Out-of-fold logits for one example, as written and with accents stripped."""

    example: Example
    category_logits: np.ndarray
    category_logits_folded: np.ndarray
    urgency_logits: np.ndarray | None
    urgency_logits_folded: np.ndarray | None


def cross_validate(examples: Sequence[Example]) -> list[HeldOut]:
    """Leave-one-source-out: each source/style (chat, petition, news, ...) is held out in turn."""
    sources = sorted({e.source for e in examples if e.source != STAFF_SOURCE})
    out: list[HeldOut] = []
    for source in sources:
        train = [e for e in examples if e.source != source]
        test = [e for e in examples if e.source == source]
        if len({e.category for e in train}) < 2:
            continue
        models = fit_models(train)
        for e in test:
            written = models.vector(e.text)
            folded = models.vector(fold(e.text))
            urg = models.urgency
            out.append(
                HeldOut(
                    e,
                    models.category.scores(*written),
                    models.category.scores(*folded),
                    urg.scores(*written) if urg else None,
                    urg.scores(*folded) if urg else None,
                )
            )
    return out


def train_models(
    extra_examples: Iterable[tuple[str, str]] | None = None,
    *,
    examples: Sequence[Example] | None = None,
    calibrate: bool = True,
) -> Models:
    """Train on the corpus plus staff corrections; calibrate on source-held-out predictions."""
    corpus = list(examples) if examples is not None else load_corpus()
    data = corpus + staff_examples(extra_examples)
    if len(data) < MIN_EXAMPLES or len({e.category for e in data}) < 2:
        raise ValueError(f"not enough labelled examples to train ({len(data)})")
    meta: dict[str, object] = {
        "seed": SEED,
        "examples": len(data),
        "staff_examples": len(data) - len(corpus),
        "corpus_digest": corpus_digest() if examples is None else "given",
        "sources": sorted({e.source for e in data}),
    }
    models = fit_models(data, meta)
    if not calibrate:
        return models
    held = cross_validate(data)
    cat_t = _temperature(
        [h.category_logits for h in held], [h.example.category for h in held], CATEGORY_CODES
    )
    category = LinearModel(
        models.category.weights, models.category.bias, models.category.classes, cat_t
    )
    urgency = models.urgency
    urg_held = [h for h in held if h.urgency_logits is not None and h.example.urgency]
    if urgency is not None and urg_held:
        urg_t = _temperature(
            [h.urgency_logits for h in urg_held if h.urgency_logits is not None],
            [str(h.example.urgency) for h in urg_held],
            URGENCY_CODES,
        )
        urgency = LinearModel(urgency.weights, urgency.bias, urgency.classes, urg_t)
    return Models(models.vocab, category, urgency, meta)


def _temperature(logits: list[np.ndarray], labels: list[str], classes: Sequence[str]) -> float:
    if not logits:
        return 1.0
    y = np.array([list(classes).index(label) for label in labels])
    return fit_temperature(np.vstack(logits), y)


def train(extra_examples: Iterable[tuple[str, str]] | None = None, *, directory: Path) -> Models:
    """Train on the corpus plus staff corrections and save the artefact in ``directory``."""
    models = train_models(extra_examples)
    save(models, directory)
    if directory.resolve() == MODEL_DIR.resolve():
        reset_cache()  # the running process uses the new model from now on
    return models
