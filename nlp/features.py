"""Character n-gram TF-IDF over folded text: the one text representation of :mod:`nlp`.

Everything is computed on ``fold(normalize(text))`` so that text typed with and without
diacritics, or with chat abbreviations, lands on the same features. The classifiers see word
1-2-grams plus character 3-5-grams (``extract``); duplicate detection sees the character 3-5-grams
alone (``char_ngrams``). Both weight them with the same ``Vocabulary`` (smooth idf, sublinear tf,
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

_WORD_RE = re.compile(r"[a-z0-9]+")
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
