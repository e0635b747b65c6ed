"""Likely duplicates of a new report among open reports.

Character 3-5-grams over folded, normalised text (``nlp.features``) with TF-IDF weights and cosine
similarity: they survive missing accents, typos and word order changes far better than word
features. The cosine is then nudged by the structured fields: the same unit and category make a
duplicate more likely, a different unit or category or a long time apart less likely; the same
street or landmark («đường Lê Lợi», «chợ Thương», «tỉnh lộ 291», «ngõ 68») named in both texts
makes it more likely (much more when the categories differ: one of the two was most likely
misread), two different streets or landmarks less likely. A street one report names without its
«đường/phố» («le loi o ga») counts when the other report read it after the word.

The threshold and the bonuses were chosen on the hand-written pair set in ``data/duplicates``
(``python -m nlp.duplicate_evaluation`` prints precision and recall at the chosen threshold).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from nlp.features import Vocabulary, char_ngrams, prepare, words
from nlp.text import fold, normalize
from nlp.types import ReportSnapshot, SimilarReport

DEFAULT_THRESHOLD = 0.44
SAME_PLACE_BONUS = 0.10
OTHER_PLACE_PENALTY = 0.20
SAME_CATEGORY_BONUS = 0.05
OTHER_CATEGORY_PENALTY = 0.10
SAME_SPOT_BONUS = 0.05
# One report names the street with its «đường/phố/ngõ», the other by its bare name only («le loi
# o ga»): the head word's n-grams are missing from the cosine, the bonus makes up for them.
BARE_SPOT_BONUS = 0.10
SAME_SPOT_OTHER_CATEGORY_BONUS = 0.25
OTHER_SPOT_PENALTY = 0.10
STALE_AFTER_DAYS = 30.0
_MAX_CHARS = 5_000  # the opening of a long letter is enough to recognise the incident

# Words that introduce the name of a street or a landmark (folded) -> the spot's kind and the
# word it is written with in a key: «phố» and «đường» name the same street, «ngách» is a «ngõ»...
_SPOT_HEADS: dict[tuple[str, ...], tuple[str, str]] = {
    ("duong",): ("street", "duong"),
    ("pho",): ("street", "duong"),
    ("ngo",): ("street", "ngo"),
    ("ngach",): ("street", "ngo"),
    ("hem",): ("street", "ngo"),
    ("kiet",): ("street", "ngo"),
    ("quoc", "lo"): ("street", "ql"),
    ("ql",): ("street", "ql"),
    ("tinh", "lo"): ("street", "tl"),
    ("tl",): ("street", "tl"),
    ("duong", "tinh"): ("street", "tl"),
    ("dt",): ("street", "tl"),
    ("cau",): ("landmark", "cau"),
    ("cho",): ("landmark", "cho"),
    ("truong",): ("landmark", "truong"),
    ("thon",): ("landmark", "thon"),
    ("xom",): ("landmark", "xom"),
    ("to", "dan", "pho"): ("landmark", "to"),
    ("tdp",): ("landmark", "to"),
    ("khu", "do", "thi"): ("landmark", "kdt"),
    ("kdt",): ("landmark", "kdt"),
    ("nga", "tu"): ("landmark", "nga"),
    ("nga", "ba"): ("landmark", "nga"),
    ("tram", "bom"): ("landmark", "tram bom"),
    ("nha", "van", "hoa"): ("landmark", "nha van hoa"),
    ("cong",): ("landmark", "cong"),
    ("kenh",): ("landmark", "kenh"),
    ("de",): ("landmark", "de"),
}
# Words that end a name typed without marks (verbs, prepositions, the problem itself), folded.
_NAME_STOP = frozenset(
    [
        "bi",
        "da",
        "dang",
        "co",
        "khong",
        "o",
        "tai",
        "gan",
        "truoc",
        "sau",
        "doan",
        "den",
        "va",
        "la",
        "rat",
        "qua",
        "nay",
        "roi",
        "lai",
        "cung",
        "het",
        "mat",
        "ngap",
        "vo",
        "hong",
        "nut",
        "sat",
        "lun",
        "tac",
        "tat",
        "xe",
        "nuoc",
        "dien",
        "rac",
        "bui",
        "so",
        "cua",
        "ben",
        "canh",
        "giua",
        "trong",
        "ngoai",
        "phia",
        "cac",
        "nhieu",
        "mot",
        "lam",
        "bay",
        "noi",
        "vao",
        "ra",
        "len",
        "xuong",
        "thanh",
        "suot",
        "khi",
        "ma",
        "nhung",
        "ai",
        "toi",
        "em",
        "minh",
        "chung",
        "dan",
        "nguoi",
        "duoc",
        "phai",
        "can",
        "mong",
        "nhe",
        "a",
        "oi",
        "voi",
        "gay",
        "do",
        "chan",
        "cham",
        "sap",
        "nghieng",
        "vong",
        "tran",
        "boc",
        "treo",
    ]
)
# Words that make «chợ», «cầu», «trường»... no head («cầu tràn», «trường hợp», «chờ đợi»).
_NOT_A_NAME = frozenset(["tran", "hop", "hoc", "mam", "tieu", "treo", "tam", "doi", "nghi"])
# Heads that fold onto everyday words: only when written with their marks.
_MARKED_HEADS = {
    "cho": "chợ",
    "cau": "cầu",
    "de": "đê",
    "cong": "cống",
    "kenh": "kênh",
    "truong": "trường",
}
_MAX_NAME_TOKENS = 4
_LETTER_DIGIT_RE = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")


@lru_cache(maxsize=4096)  # open reports are compared again with every new report
def report_ngrams(text: str) -> Counter[str]:
    """Character n-grams of a report's text, numbers kept (callers must not modify the result)."""
    return char_ngrams(words(prepare(text, _MAX_CHARS)))


def _heads_at(pieces: list[tuple[str, str]], i: int) -> tuple[tuple[str, str], int] | None:
    for size in (3, 2, 1):
        key = tuple(f for f, _ in pieces[i : i + size])
        if len(key) < size or key not in _SPOT_HEADS:
            continue
        if size == 1 and key[0] in _MARKED_HEADS and not _marked_head(pieces, i, key[0]):
            continue  # «chỗ», «cho», «chờ» are no «chợ»
        return _SPOT_HEADS[key], size
    return None


def _marked_head(pieces: list[tuple[str, str]], i: int, head: str) -> bool:
    """«chợ» as written; typed without marks, «cho» before a capitalised name («cho Thuong»)."""
    written = pieces[i][1]
    if not written.isascii():
        return written.lower() == _MARKED_HEADS[head]
    following = pieces[i + 1][1] if i + 1 < len(pieces) else ""
    return following[:1].isupper() and following.isascii()


def _pieces(text: str) -> list[tuple[str, str]]:
    """(folded, as written) words, punctuation as words of its own, «tl291» split as «tl 291»."""
    out: list[tuple[str, str]] = []
    for written in re.findall(r"[^\W_]+|[^\w\s]", normalize(text[:_MAX_CHARS])):
        folded = fold(written).lower()
        parts = _LETTER_DIGIT_RE.split(folded)
        if len(parts) > 1 and folded.isascii():
            out.extend((part, part) for part in parts)
        else:
            out.append((folded, written))
    return out


@lru_cache(maxsize=4096)
def report_spots(text: str) -> frozenset[str]:
    """The streets and landmarks a report names, as folded keys: «đường Lê Lợi» and «phố Lê
    Lợi» → "le loi", «ngõ 68» → "ngo 68", «tỉnh lộ 291» / «tl291» → "tl 291", «chợ Thương» →
    "cho thuong". Every shorter reading of a name typed without marks is kept too
    («duong le loi sau» → "le loi", "le loi sau"), since nothing shows where it ends."""
    pieces = _pieces(text)
    tokens = [f for f, _ in pieces]
    marked = any(w[:1].isupper() for _, w in pieces)
    spots: set[str] = set()
    i = 0
    while i < len(tokens):
        head = _heads_at(pieces, i)
        if head is None:
            i += 1
            continue
        (kind, word), size = head
        name: list[str] = []
        j = i + size
        while j < len(tokens) and len(name) < _MAX_NAME_TOKENS:
            folded, written = pieces[j]
            capital = written[:1].isupper() or folded.isdigit()
            if not folded.isalnum() or (marked and not capital):
                break
            if not capital and (folded in _NAME_STOP or _heads_at(pieces, j) is not None):
                break
            if not name and folded in _NOT_A_NAME and not capital:
                break
            name.append(folded)
            j += 1
        # with marks the name ends where the capitals end; without, any reading may be it
        for n in [len(name)] if marked and name else range(1, len(name) + 1):
            part = name[:n]
            if kind == "street" and not part[0].isdigit():
                if n >= 2:
                    spots.add(" ".join(part))  # a street's name alone: «Lê Lợi»
            elif n:  # «tỉnh lộ 291», «đường 291», «tl291» are one road
                road = "lo" if part[0].isdigit() and word in ("duong", "tl", "ql") else word
                spots.add(" ".join([road, *part]))
        i = max(j, i + size)
    return frozenset(spots)


@lru_cache(maxsize=4096)
def _folded_words(text: str) -> str:
    return f" {' '.join(f for f, _ in _pieces(text))} "


def _mentions(text: str, name: str) -> bool:
    return f" {name} " in _folded_words(text)


def _names_bare(spot: str, text: str) -> bool:
    """``text`` names ``spot``, a street or landmark the other report read after its
    «đường/phố/chợ», without that word, accents or not («le loi o ga» for «đường Lê Lợi»). Only
    names of two syllables or more; in a text that uses capitals, the name must end with a
    capital or a number somewhere it stands: «đường đi học» typed without marks reads as a
    street «di hoc», yet «Trẻ em đi học» names no street."""
    if " " not in spot or len(spot) < 5 or not _mentions(text, spot):
        return False
    pieces = _pieces(text)
    if not any(w[:1].isupper() for _, w in pieces):
        return True  # all lower case: nothing tells a name from a word
    name = spot.split()
    for i in range(len(pieces) - len(name) + 1):
        if [f for f, _ in pieces[i : i + len(name)]] == name:
            last = pieces[i + len(name) - 1][1]
            if last[:1].isupper() or last.isdigit():
                return True
    return False


def spot_relation(new: ReportSnapshot, other: ReportSnapshot) -> int:
    """+1 when both name the same street or landmark, +2 when one of them names it by its bare
    name only and reads no street or landmark of its own («le loi o ga to qua» for «đường Lê
    Lợi»), -1 when both name streets or landmarks and none is shared («chợ Thương» and «đường
    Lê Lợi»), 0 otherwise."""
    mine, theirs = report_spots(new.text), report_spots(other.text)
    if mine & theirs:
        return 1
    for spots, text, own in ((mine, other.text, theirs), (theirs, new.text, mine)):
        if any(_names_bare(spot, text) for spot in spots):
            return 1 if own else 2
    return -1 if mine and theirs else 0


def _adjust(score: float, new: ReportSnapshot, other: ReportSnapshot) -> float:
    if new.place_code and other.place_code:
        score += SAME_PLACE_BONUS if new.place_code == other.place_code else -OTHER_PLACE_PENALTY
    if new.category and other.category:
        score += SAME_CATEGORY_BONUS if new.category == other.category else -OTHER_CATEGORY_PENALTY
    relation = spot_relation(new, other)
    if relation > 0:  # one street and another category: most often one of them misread
        other_category = bool(new.category and other.category and new.category != other.category)
        same_category = BARE_SPOT_BONUS if relation > 1 else SAME_SPOT_BONUS
        score += SAME_SPOT_OTHER_CATEGORY_BONUS if other_category else same_category
    elif relation < 0:
        score -= OTHER_SPOT_PENALTY
    try:
        days = abs((new.created_at - other.created_at).total_seconds()) / 86_400
    except TypeError:  # naive and aware datetimes mixed: ignore time
        days = 0.0
    if days > STALE_AFTER_DAYS:
        score -= 0.10 * min(1.0, (days - STALE_AFTER_DAYS) / 60.0)
    return min(1.0, max(0.0, score))


def similar_reports(
    new: ReportSnapshot,
    candidates: Sequence[ReportSnapshot],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 5,
) -> list[SimilarReport]:
    """Candidates that probably describe the same incident as ``new``, best first."""
    pool = [c for c in candidates if c.id != new.id]
    if not pool or limit <= 0:
        return []
    grams = [report_ngrams(new.text)] + [report_ngrams(c.text) for c in pool]
    if not grams[0]:
        return []
    vocab = Vocabulary.fit(grams, min_df=1)  # idf of this pool: rare shared grams count most
    target = vocab.dense(grams[0])
    scored = []
    for cand, doc in zip(pool, grams[1:], strict=True):
        idx, values = vocab.vector(doc)
        score = _adjust(float(np.dot(values, target[idx])), new, cand)
        if score >= threshold:
            scored.append(SimilarReport(id=cand.id, score=round(score, 4)))
    scored.sort(key=lambda s: (-s.score, s.id))
    return scored[:limit]
