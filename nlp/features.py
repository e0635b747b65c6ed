"""Text features for the linear models: word 1-2-grams and character 3-5-grams of folded text.

Features are computed on ``fold(normalize(text))`` so that text typed with and without diacritics,
or with chat abbreviations, lands on the same features.
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


def prepare(text: str) -> str:
    """The folded, normalised form the models see."""
    return fold(normalize(text[: MAX_FEATURE_CHARS * 2]))[:MAX_FEATURE_CHARS]


def extract(prepared: str) -> Counter[str]:
    """Feature counts of a prepared (folded) text."""
    words = [_DIGITS_RE.sub("0", w) for w in _WORD_RE.findall(prepared)]
    feats: Counter[str] = Counter()
    feats.update("w" + w for w in words)
    feats.update("b" + a + " " + b for a, b in pairwise(words))
    low, high = CHAR_NGRAMS
    for word in words:
        padded = f" {word} "
        size = len(padded)
        for n in range(low, min(high, size) + 1):
            feats.update("c" + padded[i : i + n] for i in range(size - n + 1))
    return feats


@dataclass(frozen=True)
class Vocabulary:
    """Feature index and inverse document frequencies (sublinear tf, l2-normalised rows)."""

    index: dict[str, int]
    idf: np.ndarray

    @classmethod
    def fit(cls, docs: Sequence[Counter[str]], min_df: int = 2) -> Vocabulary:
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

    def matrix(self, docs: Iterable[Counter[str]]):  # type: ignore[no-untyped-def]
        """CSR matrix for training (imports scipy lazily: inference never needs it)."""
        from scipy.sparse import csr_matrix

        indptr = [0]
        indices: list[np.ndarray] = []
        values: list[np.ndarray] = []
        for doc in docs:
            idx, val = self.vector(doc)
            indices.append(idx)
            values.append(val)
            indptr.append(indptr[-1] + len(idx))
        return csr_matrix(
            (
                np.concatenate(values) if values else np.zeros(0, np.float32),
                np.concatenate(indices) if indices else np.zeros(0, np.int64),
                np.array(indptr),
            ),
            shape=(len(indptr) - 1, len(self.index)),
        )
