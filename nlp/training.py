"""Training and voice-held-out cross-validation of the category and urgency models."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from domain.taxonomy import CATEGORY_CODES, URGENCY_CODES
from nlp.corpus import STAFF_SOURCE, Example, corpus_digest, load_corpus, staff_examples
from nlp.features import ACCENTED, FOLDED, FeatureSpec, Vocabulary, model_features, route
from nlp.linear import LinearModel, fit_temperature
from nlp.models import MODEL_DIR, Models, RouteModel, reset_cache, save
from nlp.text import fold

SEED = 13
C_CATEGORY = 1.0  # LinearSVC: best leave-one-voice-out macro-F1 among 0.25/0.5/1 (feature_study)
C_URGENCY = 0.5
MIN_EXAMPLES = 12
# chosen by leave-one-voice-out macro-F1 on the corpus (nlp/feature_study.py, the data card)
FEATURES = FeatureSpec(words=True, chars=False, accents="route", segments=False)


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


def _fit_route(
    examples: Sequence[Example], spec: FeatureSpec, name: str, c: float = C_CATEGORY
) -> RouteModel:
    docs = [model_features(e.text, spec, name) for e in examples]
    vocab = Vocabulary.fit(docs)
    x = sparse_matrix(vocab, docs)
    category = fit_linear(x, [e.category for e in examples], CATEGORY_CODES, c)
    rows = [i for i, e in enumerate(examples) if e.urgency]
    urgency = None
    if len({examples[i].urgency for i in rows}) >= 2:
        urgency = fit_linear(
            x[rows], [str(examples[i].urgency) for i in rows], URGENCY_CODES, C_URGENCY
        )
    return RouteModel(vocab, category, urgency)


def fit_models(
    examples: Sequence[Example],
    meta: dict[str, object] | None = None,
    spec: FeatureSpec = FEATURES,
    c: float = C_CATEGORY,
) -> Models:
    """Fit every route's vocabulary and models on ``examples`` (no calibration).

    The folded model learns from every example (folded); the accented model, when the spec
    routes, from the examples typed with marks, as written.
    """
    routes = {FOLDED: _fit_route(examples, spec, FOLDED, c)}
    if spec.accents == "route":
        marked = [e for e in examples if route(e.text, spec) == ACCENTED]
        if len({e.category for e in marked}) >= 2:
            routes[ACCENTED] = _fit_route(marked, spec, ACCENTED, c)
    return Models(routes, spec, dict(meta or {}))


@dataclass(frozen=True)
class HeldOut:
    """Out-of-fold logits for one example, as written and with accents stripped.

    ``route`` is the model that read the text as written; the stripped text is always read by the
    folded model.
    """

    example: Example
    route: str
    category_logits: np.ndarray
    category_logits_folded: np.ndarray
    urgency_logits: np.ndarray | None
    urgency_logits_folded: np.ndarray | None


def predict_held_out(models: Models, e: Example) -> HeldOut:
    """The logits of ``models`` for ``e`` as written and with its diacritics stripped."""
    _, written, _ = models.category_scores(e.text)
    _, folded, _ = models.category_scores(fold(e.text))
    _, urg_written = models.urgency_scores(e.text)
    _, urg_folded = models.urgency_scores(fold(e.text))
    return HeldOut(e, models.route_of(e.text), written, folded, urg_written, urg_folded)


def cross_validate(
    examples: Sequence[Example], spec: FeatureSpec = FEATURES, c: float = C_CATEGORY
) -> list[HeldOut]:
    """Leave-one-voice-out: each voice (chat, news_excerpt, ward_petition, ...) is held out.

    ``c`` is the category model's regularisation (compared in ``nlp.feature_study``).
    """
    sources = sorted({e.source for e in examples if e.source != STAFF_SOURCE})
    out: list[HeldOut] = []
    for source in sources:
        train = [e for e in examples if e.source != source]
        test = [e for e in examples if e.source == source]
        if len({e.category for e in train}) < 2:
            continue
        models = fit_models(train, spec=spec, c=c)
        out.extend(predict_held_out(models, e) for e in test)
    return out


def train_models(
    extra_examples: Iterable[tuple[str, str]] | None = None,
    *,
    examples: Sequence[Example] | None = None,
    calibrate: bool = True,
    spec: FeatureSpec = FEATURES,
) -> Models:
    """Train on the corpus plus staff corrections; calibrate on voice-held-out predictions."""
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
    models = fit_models(data, meta, spec)
    if not calibrate:
        return models
    return calibrated(models, cross_validate(data, spec))


def route_temperatures(held: Sequence[HeldOut]) -> dict[str, tuple[float, float]]:
    """(category, urgency) temperature of each route, fitted on the held-out logits it produced.

    The folded model is calibrated on every text with its marks stripped, the accented model on
    the texts with marks as written.
    """
    out: dict[str, tuple[float, float]] = {}
    for name in (FOLDED, ACCENTED):
        if name == FOLDED:
            cat = [(h.category_logits_folded, h.example.category) for h in held]
            urg = [(h.urgency_logits_folded, h.example.urgency) for h in held]
        else:
            rows = [h for h in held if h.route == ACCENTED]
            cat = [(h.category_logits, h.example.category) for h in rows]
            urg = [(h.urgency_logits, h.example.urgency) for h in rows]
        urg_rows = [(lg, str(lab)) for lg, lab in urg if lg is not None and lab]
        out[name] = (
            _temperature([lg for lg, _ in cat], [lab for _, lab in cat], CATEGORY_CODES),
            _temperature([lg for lg, _ in urg_rows], [lab for _, lab in urg_rows], URGENCY_CODES),
        )
    return out


def calibrated(models: Models, held: Sequence[HeldOut]) -> Models:
    """``models`` with the temperatures fitted on ``held``."""
    temperatures = route_temperatures(held)
    routes = {}
    for name, part in models.routes.items():
        cat_t, urg_t = temperatures[name]
        category = LinearModel(
            part.category.weights, part.category.bias, part.category.classes, cat_t
        )
        urgency = part.urgency
        if urgency is not None:
            urgency = LinearModel(urgency.weights, urgency.bias, urgency.classes, urg_t)
        routes[name] = RouteModel(part.vocab, category, urgency)
    return Models(routes, models.spec, models.meta)


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
