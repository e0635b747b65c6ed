"""Ranked retrieval over passages (BM25, rank-bm25) and the staff FAQ that takes precedence.

Built once from the passages of every document; a question is scored against all of them, then
the best few get a coverage figure: how much of the question's content (weighted by idf) the
passage contains. Coverage, not the raw BM25 score, decides whether the bot knows the answer,
because BM25 scores grow with the length of the question.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from rank_bm25 import BM25Okapi

from nlp.qa.tokens import (
    content_terms,
    marked_words,
    passage_tokens,
    query_tokens,
    query_words,
    question_pairs,
    spelt_out,
    syllables,
    typed_forms,
    with_bigrams,
)

RERANK_TOP = 10  # the best BM25 hits reranked with their coverage
COVERAGE_WEIGHT = 0.5  # rank = BM25 / best BM25 + COVERAGE_WEIGHT * coverage
LEAD_WEIGHT = 0.3  # + LEAD_WEIGHT * coverage of the passage's first words (who does what)
LEAD_WORDS = 12
PHRASE_WEIGHT = 0.5  # coverage also counts the question's syllable pairs, at this weight
FAQ_MATCH = 0.7  # Dice overlap of content syllables above which a FAQ entry answers


@dataclass(frozen=True, slots=True)
class Passage:
    """A passage with where it comes from."""

    id: int
    document_id: int
    document_title: str
    section: str
    position: int
    text: str


@dataclass(frozen=True, slots=True)
class FaqEntry:
    """A staff-curated answer and the question wordings it answers."""

    id: int
    questions: tuple[str, ...]
    answer: str
    source: str = ""  # what the answer rests on, shown as its citation when given


@dataclass(frozen=True, slots=True)
class Hit:
    """A passage, its BM25 score and the share of the question it covers (0..1)."""

    passage: Passage
    score: float
    coverage: float


@dataclass(frozen=True, slots=True)
class FaqHit:
    """The FAQ entry that matches a question and how closely (0..1)."""

    entry: FaqEntry
    similarity: float


def _dice(first: set[str], second: set[str]) -> float:
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


class QaIndex:
    """The passages and the FAQ of one moment, ready to answer questions."""

    def __init__(
        self,
        passages: Sequence[Passage],
        faq: Sequence[FaqEntry] = (),
        *,
        everyday: bool = True,
        k1: float = 1.5,
        b: float = 0.5,
        coverage_weight: float = COVERAGE_WEIGHT,
        lead_weight: float = LEAD_WEIGHT,
        phrase_weight: float = PHRASE_WEIGHT,
    ) -> None:
        self.passages = list(passages)
        self.faq = list(faq)
        self.everyday = everyday
        texts = [f"{p.section}\n{p.text}" for p in self.passages]
        # The document's title counts as said by each of its passages («ai ký công văn 2987?»).
        cited = [
            f"{p.document_title}\n{text}" for p, text in zip(self.passages, texts, strict=True)
        ]
        self._words = [frozenset(spelt_out(syllables(text))) for text in cited]
        self._marked = [marked_words(text) for text in cited]
        self._pairs = [frozenset(with_bigrams(spelt_out(syllables(text)))) for text in cited]
        self._bm25 = BM25Okapi([passage_tokens(text) for text in texts] or [["_"]], k1=k1, b=b)
        self.coverage_weight = coverage_weight
        self.lead_weight = lead_weight
        self.phrase_weight = phrase_weight
        self._lead = [frozenset(spelt_out(syllables(p.text)[:LEAD_WORDS])) for p in self.passages]
        count = max(len(self.passages), 1)
        frequency: dict[str, int] = {}
        for words in self._words:
            for word in words:
                frequency[word] = frequency.get(word, 0) + 1
        self._idf = {w: math.log(1 + (count - n + 0.5) / (n + 0.5)) for w, n in frequency.items()}
        self._unknown_idf = math.log(1 + (count + 0.5) / 0.5)
        self._faq_words = [
            [set(query_words(q, everyday=False)) for q in entry.questions] for entry in self.faq
        ]

    def __len__(self) -> int:
        return len(self.passages)

    @property
    def unknown_idf(self) -> float:
        """The idf of a word no passage contains (the largest there is)."""
        return self._unknown_idf

    def idf(self, word: str) -> float:
        """The idf of a folded syllable over the passages (high for words no passage has)."""
        return self._idf.get(word, self._unknown_idf)

    def coverage(self, question: str, index: int, lead: bool = False) -> float:
        """The idf-weighted share of the question's content words that passage `index` contains."""
        if lead:
            text = self.passages[index].text
            words, marked = self._lead[index], marked_words(" ".join(text.split()[:LEAD_WORDS]))
            pairs = None
        else:
            words, marked = self._words[index], self._marked[index]
            pairs = self._pairs[index] if self.phrase_weight else None
        matched, total = self.matched_weight(question, words, marked, pairs)
        return matched / total if total else 0.0

    def matched_weight(
        self,
        question: str,
        words: frozenset[str],
        marked: frozenset[str],
        pairs: frozenset[str] | None = None,
    ) -> tuple[float, float]:
        """(idf of the question's content words found in the text, idf of all of them).

        ``words`` are the text's folded syllables, ``marked`` the same with their marks: a
        word typed with marks must be there with the same marks.
        """
        typed = typed_forms(question)
        total = matched = 0.0
        for word, alternatives in content_terms(question):
            weight = self.idf(word)
            total += weight
            exact = typed.get(word)
            found = (exact in marked) if exact is not None else (word in words)
            if found or (alternatives and alternatives & words):
                matched += weight
        if pairs is not None:  # two-syllable words of the question: «chủ tịch» is not «chủ», «tích»
            for first, second in question_pairs(question):
                weight = self.phrase_weight * (self.idf(first) + self.idf(second)) / 2
                total += weight
                if f"{first}_{second}" in pairs:
                    matched += weight
        return matched, total

    def scores(self, question: str) -> list[float]:
        """The BM25 score of every passage for the question."""
        if not self.passages:
            return []
        tokens = query_tokens(question, self.everyday)
        return [float(s) for s in self._bm25.get_scores(tokens)]

    def search(self, question: str, limit: int = 3) -> list[Hit]:
        """The best passages, best first (BM25 ranks, coverage breaks near ties)."""
        scores = self.scores(question)
        if not scores:
            return []
        order = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)
        top = [i for i in order[: max(limit, RERANK_TOP)] if scores[i] > 0]
        if not top:
            return []
        best = scores[top[0]]
        hits = [Hit(self.passages[i], scores[i], self.coverage(question, i)) for i in top]
        lead = {i: self.coverage(question, i, lead=True) for i in top}
        rank = {
            id(hit): hit.score / best
            + self.coverage_weight * hit.coverage
            + self.lead_weight * lead[i]
            for i, hit in zip(top, hits, strict=True)
        }
        hits.sort(key=lambda h: rank[id(h)], reverse=True)
        return hits[:limit]

    def following(self, passage: Passage, count: int = 1) -> list[Passage]:
        """The passages after `passage` in its document."""
        same = [
            p
            for p in self.passages
            if p.document_id == passage.document_id and p.position > passage.position
        ]
        return sorted(same, key=lambda p: p.position)[:count]

    def faq_match(self, question: str) -> FaqHit | None:
        """The FAQ entry whose wording is closest to the question, if close enough."""
        asked = set(query_words(question, everyday=False))
        best: FaqHit | None = None
        for entry, variants in zip(self.faq, self._faq_words, strict=True):
            for words in variants:
                similarity = _dice(asked, words)
                if similarity >= FAQ_MATCH and (best is None or similarity > best.similarity):
                    best = FaqHit(entry, similarity)
        return best
