"""The text representations of :mod:`nlp`: n-gram TF-IDF over folded or accented text.

``prepare`` gives ``fold(normalize(text))``, so text typed with and without diacritics, or with
chat abbreviations, lands on the same features. Duplicate detection sees character 3-5-grams of
the folded text (``char_ngrams``); the intent model sees folded word 1-2-grams plus character
3-5-grams (``extract``).

The category and urgency models see what a ``FeatureSpec`` names (chosen by measurement, see
``nlp/feature_study.py`` and the data card): folded word n-grams for text typed without marks, and,
for text typed with marks, a second model over the words as written, because folding merges
different words («sống» / «sóng», «điện» / «diễn», «đê» / «để»). ``route`` tells which model a text
goes to. All of them are weighted by the same ``Vocabulary`` (smooth idf, sublinear tf,
l2-normalised rows).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from nlp.text import fold, normalize

FOLDED = "folded"
ACCENTED = "accented"
ROUTES = (FOLDED, ACCENTED)
MARKED_SHARE = 0.25  # a text "has marks" when at least this share of its words carry one

_WORD_RE = re.compile(r"[a-z0-9]+")
_ANY_WORD_RE = re.compile(r"[^\W_]+")
_DIGITS_RE = re.compile(r"\d+")
MAX_FEATURE_CHARS = 3_000  # long letters: the opening says what the report is about
CHAR_NGRAMS = (3, 5)


def prepare(text: str, max_chars: int = MAX_FEATURE_CHARS) -> str:
    """The folded, normalised form the models see (at most ``max_chars`` characters)."""
    return fold(normalize(text[: max_chars * 2]))[:max_chars]


def words(prepared: str) -> list[str]:
    """The ASCII words of a prepared (folded) text."""
    return _WORD_RE.findall(prepared)


def char_ngrams(tokens: Iterable[str], prefix: str = "") -> Counter[str]:
    """Character 3-5-grams inside each word padded by one space, as ``prefix + gram`` counts."""
    low, high = CHAR_NGRAMS
    grams: Counter[str] = Counter()
    for word in tokens:
        padded = f" {word} "
        size = len(padded)
        for n in range(low, min(high, size) + 1):
            grams.update(prefix + padded[i : i + n] for i in range(size - n + 1))
    return grams


def extract(prepared: str) -> Counter[str]:
    """Classifier features of a prepared text: words, word pairs and character n-grams."""
    # numbers say little about the category, so every number is the same word for the models
    tokens = [_DIGITS_RE.sub("0", w) for w in words(prepared)]
    feats: Counter[str] = Counter()
    feats.update("w" + w for w in tokens)
    feats.update("b" + a + " " + b for a, b in pairwise(tokens))
    feats.update(char_ngrams(tokens, prefix="c"))
    return feats


@dataclass(frozen=True)
class FeatureSpec:
    """Which features the category and urgency models see.

    ``words``: word 1-2-grams; ``chars``: character 3-5-grams inside words; ``accents``: "route"
    sends text with marks to a model of the words as written (``accented_features``) and the rest
    to the folded model, "union" adds the accented words to the folded features of one model,
    "none" folds everything; ``segments``: underthesea compound words («cơ_quan_chức_năng») as
    extra features of the accented model.
    """

    words: bool = True
    chars: bool = False
    accents: str = "route"
    segments: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "words": self.words,
            "chars": self.chars,
            "accents": self.accents,
            "segments": self.segments,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> FeatureSpec:
        return cls(
            words=bool(data.get("words", True)),
            chars=bool(data.get("chars", False)),
            accents=str(data.get("accents", "route")),
            segments=bool(data.get("segments", False)),
        )


def _ngrams(tokens: list[str], spec: FeatureSpec, tag: str) -> Counter[str]:
    feats: Counter[str] = Counter()
    if spec.words:
        feats.update(tag + "w" + w for w in tokens)
        feats.update(tag + "b" + a + " " + b for a, b in pairwise(tokens))
    if spec.chars:
        feats.update(char_ngrams(tokens, prefix=tag + "c"))
    return feats


def _accented_tokens(shown: str) -> list[str]:
    return [_DIGITS_RE.sub("0", w) for w in _ANY_WORD_RE.findall(shown.lower())]


def has_marks(shown: str) -> bool:
    """Whether a normalised text was typed with diacritics (enough of its words carry marks)."""
    tokens = _ANY_WORD_RE.findall(shown)
    if not tokens:
        return False
    marked = sum(1 for w in tokens if not w.isascii())
    return marked >= MARKED_SHARE * len(tokens)


def shown_text(text: str, max_chars: int = MAX_FEATURE_CHARS) -> str:
    """The normalised text as written (marks kept), at most ``max_chars`` characters."""
    return normalize(text[: max_chars * 2])[:max_chars]


def route(text: str, spec: FeatureSpec, shown: str | None = None) -> str:
    """The model a text goes to: ``ACCENTED`` when it has marks and the spec routes, else folded.

    ``shown`` is ``shown_text(text)`` when the caller has it already.
    """
    if spec.accents == "route" and has_marks(shown_text(text) if shown is None else shown):
        return ACCENTED
    return FOLDED


def segment_features(shown: str) -> Counter[str]:
    """Compound words found by underthesea's shipped word segmenter (a CRF; nothing downloads)."""
    from underthesea import word_tokenize  # optional: measured in nlp/feature_study.py

    compounds = [w.lower() for w in word_tokenize(shown) if " " in w]
    return Counter("s" + w.replace(" ", "_") for w in compounds)


def model_features(text: str, spec: FeatureSpec, to: str, shown: str | None = None) -> Counter[str]:
    """The features of ``text`` for the model ``to`` (``FOLDED`` or ``ACCENTED``)."""
    shown = shown_text(text) if shown is None else shown
    if to == ACCENTED:
        feats = _ngrams(_accented_tokens(shown), spec, "a")
        if spec.segments:
            feats.update(segment_features(shown))
        return feats
    tokens = [_DIGITS_RE.sub("0", w) for w in words(fold(shown))]
    feats = _ngrams(tokens, spec, "")
    if spec.accents == "union" and has_marks(shown):
        feats.update(_ngrams(_accented_tokens(shown), FeatureSpec(True, False), "a"))
    return feats


@dataclass(frozen=True)
class Vocabulary:
    """Feature index and inverse document frequencies (sublinear tf, l2-normalised rows)."""

    index: dict[str, int]
    idf: np.ndarray

    @classmethod
    def fit(cls, docs: Sequence[Counter[str]], min_df: int = 2) -> Vocabulary:
        """Terms seen in at least ``min_df`` documents, with smooth idf weights."""
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(doc.keys())
        terms = sorted(t for t, d in df.items() if d >= min_df)
        n = len(docs)
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in terms], dtype=np.float32)
        return cls({t: i for i, t in enumerate(terms)}, idf)

    def vector(self, doc: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
        """Sparse row as (indices, values)."""
        pairs = [(self.index[t], c) for t, c in doc.items() if t in self.index]
        if not pairs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
        counts = np.fromiter((p[1] for p in pairs), dtype=np.float32, count=len(pairs))
        values = (1.0 + np.log(counts)) * self.idf[idx]
        norm = float(np.sqrt(np.dot(values, values))) or 1.0
        return idx, (values / norm).astype(np.float32)

    def dense(self, doc: Counter[str]) -> np.ndarray:
        """The row of ``doc`` as a dense float64 array (to compare it with many sparse rows)."""
        row = np.zeros(len(self.index), dtype=np.float64)
        idx, values = self.vector(doc)
        row[idx] = values
        return row
