"""A grounded answer: the sentence(s) of the best passage that answer the question, or a decline.

The bot never writes an answer of its own: it quotes the document (or a staff FAQ answer) and
names where the quote comes from. It declines when the best passage covers too little of the
question (``DECLINE_BELOW``, chosen on the evaluation set in ``nlp/data/qa``) or when the question
is about something no official document answers (weather, prices, opinions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from nlp.qa.retrieval import FaqEntry, Hit, Passage, QaIndex
from nlp.qa.tokens import marked_words, syllables
from nlp.text import fold, normalize

DECLINE_BELOW = 0.375  # coverage of the best passage (see nlp/data/qa/README.md for the sweep)
WHOLE_PASSAGE = 320  # shorter passages are quoted whole
QUOTE_LIMIT = 420
CLAUSE_SPLIT = 260  # sentences longer than this are quoted clause by clause («…; …»)

# Folded phrases of questions no official document answers.
OUT_OF_SCOPE = (
    "thoi tiet",
    "nhiet do",
    "du bao mua",
    "gia vang",
    "gia xang",
    "gia ca",
    "gia bao nhieu",
    "bao nhieu tien",
    "ty gia",
    "chung khoan",
    "xo so",
    "bong da",
    "ty so",
    "lai suat",
    "ban nghi",
    "ban thay",
    "theo ban",
    "y kien cua ban",
    "co tot khong",
    "co hay khong nhi",
    "nen bau",
    "nau an",
    "cach nau",
)
_DATE_WORDS = ("ngay nao", "khi nao", "bao gio", "nam nao", "thang nao", "luc nao", "thoi gian")
_NUMBER_WORDS = ("bao nhieu", "may ", "so hieu", "so may", "so bao nhieu", "gio")
_WHO_WORDS = ("ai ", "ai?", "co quan nao", "don vi nao", "to chuc nao", "ban nao", "nguoi nao")
_DATE_RE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|ngày \d{1,2}|năm \d{4}|\d{4}", re.IGNORECASE)
_NUMBER_RE = re.compile(r"\d")
_WHO_RE = re.compile(
    r"\b(Ban|Ủy ban|UBND|MTTQ|Mặt trận|Tỉnh đoàn|Đảng đoàn|cán bộ|[A-ZĐ]\w+ [A-ZĐ]\w+)"
)
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[^\W_a-zđ])")


class AnswerKind(StrEnum):
    """What the bot can say."""

    PASSAGE = "passage"  # a quote from a document
    FAQ = "faq"  # a staff-curated answer
    UNKNOWN = "unknown"  # nothing scores well enough
    OUT_OF_SCOPE = "out_of_scope"  # weather, prices, opinions: no document answers these


@dataclass(frozen=True)
class Answer:
    """The answer to one question, with what it rests on."""

    kind: AnswerKind
    quote: str = ""
    passage: Passage | None = None
    faq: FaqEntry | None = None
    hits: list[Hit] = field(default_factory=list)
    confidence: float = 0.0

    @property
    def known(self) -> bool:
        """True when the bot answers (a quote or a FAQ entry) rather than declining."""
        return self.kind in (AnswerKind.PASSAGE, AnswerKind.FAQ)


def is_out_of_scope(question: str) -> bool:
    """True for questions about weather, prices, scores or the bot's opinion."""
    folded = " " + " ".join(syllables(question)) + " "
    return any(f" {phrase} " in folded for phrase in OUT_OF_SCOPE)


def _units(text: str) -> list[str]:
    """Sentences of the passage (list lines kept apart), long ones cut into clauses."""
    units: list[str] = []
    for line in text.split("\n"):
        for sentence in _SENTENCE_END_RE.split(line.strip()):
            if len(sentence) <= CLAUSE_SPLIT or ";" not in sentence:
                units.append(sentence)
                continue
            clauses = [c.strip() for c in sentence.split(";") if c.strip()]
            units.extend(c + (";" if i < len(clauses) - 1 else "") for i, c in enumerate(clauses))
    return [u for u in units if u]


def _asks(question: str, phrases: tuple[str, ...]) -> bool:
    folded = " ".join(syllables(question)) + " "
    return any(phrase in folded for phrase in phrases) or (
        phrases is _WHO_WORDS and fold(normalize(question)).rstrip("?").endswith(" ai")
    )


def _unit_score(index: QaIndex, question: str, unit: str) -> float:
    score, _ = index.matched_weight(question, frozenset(syllables(unit)), marked_words(unit))
    bonus = index.unknown_idf * 0.5  # half the idf of a word no passage has: a strong nudge
    if _asks(question, _DATE_WORDS) and _DATE_RE.search(unit):
        score += bonus
    if _asks(question, _NUMBER_WORDS) and _NUMBER_RE.search(unit):
        score += bonus
    if _asks(question, _WHO_WORDS) and _WHO_RE.search(unit):
        score += bonus * 0.5
    return score


def choose_quote(index: QaIndex, question: str, passage: Passage) -> str:
    """The sentence(s) of `passage` that answer the question (the whole passage when short)."""
    if len(passage.text) <= WHOLE_PASSAGE:
        return passage.text
    units = _units(passage.text)
    scores = [_unit_score(index, question, unit) for unit in units]
    best = max(range(len(units)), key=lambda i: scores[i])
    chosen = [best]
    for neighbour in (best + 1, best - 1):
        if not 0 <= neighbour < len(units) or scores[neighbour] < 0.6 * scores[best]:
            continue
        if sum(len(units[i]) for i in chosen) + len(units[neighbour]) <= QUOTE_LIMIT:
            chosen.append(neighbour)
    quote = " ".join(units[i] for i in sorted(chosen))
    return quote if quote.endswith((".", ";", ":", "!", "?")) else quote + " …"


def answer_question(
    index: QaIndex, question: str, *, decline_below: float = DECLINE_BELOW, limit: int = 3
) -> Answer:
    """The answer to `question` from the index: FAQ first, then the best passage, or a decline."""
    faq = index.faq_match(question)
    if faq is not None:
        return Answer(AnswerKind.FAQ, quote=faq.entry.answer, faq=faq.entry, confidence=1.0)
    if is_out_of_scope(question):
        return Answer(AnswerKind.OUT_OF_SCOPE)
    hits = index.search(question, limit)
    if not hits or hits[0].coverage < decline_below:
        return Answer(AnswerKind.UNKNOWN, hits=hits, confidence=hits[0].coverage if hits else 0)
    best = hits[0]
    quote = choose_quote(index, question, best.passage)
    return Answer(AnswerKind.PASSAGE, quote, best.passage, hits=hits, confidence=best.coverage)
