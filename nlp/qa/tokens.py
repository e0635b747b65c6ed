"""Word tokens for retrieval: folded syllables and their bigrams, question filler dropped.

Vietnamese words are one to three syllables; syllable bigrams («ket_luan», «ha_tang») stand in for
word segmentation at a fraction of its cost, and folding makes «ket luan» and «kết luận» one key.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from functools import lru_cache

from nlp.text import fold, has_diacritics, normalize

_WORD_RE = re.compile(r"\w+", re.UNICODE)

# Syllables that only shape a question («cho em hỏi … là gì ạ»), never what it is about. Typed with
# marks they are unambiguous; typed without, the folded forms that are also content syllables
# («ha» of «hạ tầng», «dau» of «đầu tư», «the» of «thể thao») are kept.
QUESTION_FILLER = frozenset(
    [
        "à",
        "ạ",
        "ả",
        "ak",
        "ah",
        "hả",
        "hở",
        "nhỉ",
        "nhé",
        "nha",
        "vậy",
        "thế",
        "là",
        "gì",
        "nào",
        "sao",
        "không",
        "ko",
        "k",
        "có",
        "hay",
        "hoặc",
        "ai",
        "đâu",
        "bao",
        "nhiêu",
        "mấy",
        "cho",
        "em",
        "tôi",
        "mình",
        "anh",
        "chị",
        "bạn",
        "bot",
        "ơi",
        "hỏi",
        "xin",
        "cảm",
        "ơn",
        "giúp",
        "với",
        "được",
        "đc",
        "những",
        "các",
        "một",
        "như",
        "và",
        "về",
        "thì",
        "mà",
        "của",
        "ở",
        "trong",
        "để",
        "cần",
        "phải",
        "làm",
        "giùm",
        "biết",
        "muốn",
        "rồi",
        "chưa",
        "đã",
        "sẽ",
        "đang",
        "nói",
        "gồm",
    ]
)
AMBIGUOUS_FOLDED = frozenset(
    ["ha", "dau", "the", "dang", "ma", "may", "phai", "lam", "nhu", "de", "da"]
)
FOLDED_FILLER = frozenset(fold(w) for w in QUESTION_FILLER) - AMBIGUOUS_FOLDED
FILLER_PHRASES = ("van de", "noi dung", "the nao", "ra sao", "nhu the nao", "co duoc", "duoc khong")

# Everyday wording -> the words of official documents (folded), measured on the question set.
EVERYDAY_WORDS: dict[str, str] = {
    "duong sa": "giao thong duong bo",
    "duong xa": "giao thong duong bo",
    "cao toc": "quoc lo cao toc giao thong",
    "rac": "chat thai ran",
    "rac thai": "chat thai ran xu ly",
    "ngap": "chong ngap thoat nuoc",
    "ngap lut": "chong ngap thoat nuoc",
    "nuoc thai": "xu ly nuoc thai",
    "benh vien": "co so y te",
    "tram y te": "co so y te",
    "truong hoc": "giao duc dao tao",
    "dien": "nang luong",
    "internet": "cong nghe thong tin",
    "mang": "cong nghe thong tin",
    "so hoa": "cong nghe so",
    "mat tran": "mat tran to quoc",
    "mttq": "mat tran to quoc",
    "thanh nien": "tinh doan doan vien",
    "doan thanh nien": "tinh doan doan vien",
    "nguoi ky": "t m pho bi thu",
    "ai ky": "t m pho bi thu",
    "ky cong": "t m pho bi thu",
    "ky van": "t m pho bi thu",
    "han che": "tuy nhien chua",
    "yeu kem": "tuy nhien chua",
    "ton tai": "tuy nhien chua",
    "gui cho": "kinh gui",
    "gui toi": "kinh gui",
    "kl72": "ket luan 72",
    "kl": "ket luan",
    "nq13": "nghi quyet 13",
    "nq": "nghi quyet",
    "cv": "cong van",
    "bao lau": "thoi han gio lam viec ngay",
    "mat bao lau": "thoi han gio lam viec ngay",
    "mat tien": "mat phi",
    "tu nhan": "ngoai nha nuoc",
    "von": "nguon luc von ngan sach",
    "dan": "nhan dan",
    "nguoi dan": "nhan dan",
    "nong thon": "nong thon moi",
    "du lich": "ha tang du lich",
    "the thao": "the duc the thao",
    "an danh": "an danh ten so dien thoai",
    "giau ten": "an danh",
    "xoa": "xoa du lieu",
    "thoi tiet khi hau": "bien doi khi hau",
    "thuy loi": "thuy loi kenh muong",
}


# Abbreviations of official texts, spelt out on both sides (passages and questions).
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "mttq": ("mat", "tran", "to", "quoc"),
    "ubnd": ("uy", "ban", "nhan", "dan"),
    "kl": ("ket", "luan"),
    "nq": ("nghi", "quyet"),
    "ctr": ("chuong", "trinh"),
    "cv": ("cong", "van"),
}


@lru_cache(maxsize=8192)
def syllables(text: str) -> tuple[str, ...]:
    """Folded syllables of the normalised text; «số» before a number dropped («số 72» = «72»)."""
    words = _WORD_RE.findall(fold(normalize(text)))
    return tuple(
        w
        for i, w in enumerate(words)
        if not (w == "so" and i + 1 < len(words) and words[i + 1][:1].isdigit())
    )


@lru_cache(maxsize=2048)
def question_syllables(question: str) -> tuple[tuple[str, bool], ...]:
    """The question's folded syllables, each with whether it is filler."""
    text = normalize(question).lower()
    marked = _WORD_RE.findall(text)
    folded = [fold(w) for w in marked]
    flags = [
        (w in QUESTION_FILLER) if w != f else (f in FOLDED_FILLER)
        for w, f in zip(marked, folded, strict=True)
    ]
    joined = " ".join(folded)
    for phrase in FILLER_PHRASES:
        start = 0
        while (found := joined.find(phrase, start)) >= 0:
            start = found + len(phrase)
            if (found and joined[found - 1] != " ") or joined[start : start + 1] not in ("", " "):
                continue
            first = joined[:found].count(" ")
            for i in range(first, first + phrase.count(" ") + 1):
                flags[i] = True
    out = [
        (w, flag)
        for i, (w, flag) in enumerate(zip(folded, flags, strict=True))
        if not (w == "so" and i + 1 < len(folded) and folded[i + 1][:1].isdigit())
    ]
    return tuple(out)


def spelt_out(words: Sequence[str]) -> list[str]:
    """The syllables with official abbreviations («MTTQ», «KL») spelt out after them."""
    out: list[str] = []
    for word in words:
        out.append(word)
        out.extend(ABBREVIATIONS.get(word, ()))
    return out


def with_bigrams(words: Sequence[str]) -> list[str]:
    """The syllables followed by their adjacent pairs."""
    return list(words) + [f"{a}_{b}" for a, b in itertools.pairwise(words)]


def passage_tokens(text: str) -> list[str]:
    """Index tokens of a passage."""
    return with_bigrams(spelt_out(syllables(text)))


# One-syllable everyday words whose folded form is shared with other words: typed with marks,
# only this spelling stands for the official words («điện» is power, «diện tích» is not).
EVERYDAY_MARKS: dict[str, str] = {
    "dien": "điện",
    "rac": "rác",
    "ngap": "ngập",
    "mang": "mạng",
    "von": "vốn",
    "dan": "dân",
    "xoa": "xóa",
}


def lookup_words(question: str) -> list[str]:
    """The question's folded syllables for the everyday table, ambiguous ones masked."""
    typed = typed_forms(question)
    words = []
    for word, _ in question_syllables(question):
        marked = EVERYDAY_MARKS.get(word)
        form = typed.get(word)
        words.append("~" + word if marked and form and form != marked else word)
    return words


def _official_phrases(words: Sequence[str]) -> list[list[str]]:
    found = []
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            official = EVERYDAY_WORDS.get(" ".join(words[start : start + size]))
            if official is not None:
                found.append(official.split())
    return found


def _expand(words: Sequence[str]) -> list[str]:
    extra: list[str] = []
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            if phrase in EVERYDAY_WORDS:
                extra.extend(EVERYDAY_WORDS[phrase].split())
    return extra


def alternatives(words: Sequence[str]) -> dict[str, frozenset[str]]:
    """For each syllable of an everyday phrase, the official words it stands for."""
    found: dict[str, set[str]] = {}
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            phrase = words[start : start + size]
            official = EVERYDAY_WORDS.get(" ".join(phrase))
            if official is not None:
                for word in phrase:
                    found.setdefault(word, set()).update(official.split())
    return {word: frozenset(alts) for word, alts in found.items()}


@lru_cache(maxsize=2048)
def query_words(question: str, everyday: bool = True) -> tuple[str, ...]:
    """Content syllables of a question (filler dropped), with official words for everyday ones."""
    marked = question_syllables(question)
    content: list[str] = []
    for word, filler in marked:
        if not filler:
            content.extend(w for w in spelt_out([word]) if w not in content)
    if everyday:
        content += [w for w in dict.fromkeys(_expand(lookup_words(question))) if w not in content]
    return tuple(content)


@lru_cache(maxsize=8192)
def marked_words(text: str) -> frozenset[str]:
    """The lower-case syllables of the text with their marks («kiểm», «tra», «cứu»)."""
    return frozenset(_WORD_RE.findall(normalize(text).lower()))


@lru_cache(maxsize=2048)
def typed_forms(question: str) -> dict[str, str]:
    """Folded syllable -> the form typed, when the question was typed with marks (else empty).

    A question with marks is matched on its marks: «mã tra cứu» must not find «Đảng» for
    «dạng» or «kiểm tra», «nghiên cứu» for «tra cứu» word by word.
    """
    if not has_diacritics(question):
        return {}
    return {fold(w): w for w in _WORD_RE.findall(normalize(question).lower())}


def content_terms(question: str) -> list[tuple[str, frozenset[str]]]:
    """The question's own content syllables, each with the official words that may stand for it."""
    marked = question_syllables(question)
    alts = alternatives(lookup_words(question))
    for word, _ in marked:
        if word in ABBREVIATIONS:
            alts[word] = alts.get(word, frozenset()) | frozenset(ABBREVIATIONS[word])
    own = frozenset(w for w, _ in marked)
    seen: set[str] = set()
    terms = []
    for word, filler in marked:
        if word in seen or (filler and word not in alts):
            continue
        seen.add(word)
        terms.append((word, alts.get(word, frozenset()) - own))  # own words count as typed
    return terms


@lru_cache(maxsize=2048)
def question_pairs(question: str) -> tuple[tuple[str, str], ...]:
    """Adjacent content syllables of the question typed in official words (no everyday phrase)."""
    marked = question_syllables(question)
    everyday = set(alternatives(lookup_words(question)))
    return tuple(
        (a, b)
        for (a, a_filler), (b, b_filler) in itertools.pairwise(marked)
        if not (a_filler or b_filler) and a not in everyday and b not in everyday
    )


def query_tokens(question: str, everyday: bool = True) -> list[str]:
    """Tokens of a question: its content syllables and bigrams, and those of official wording."""
    marked = question_syllables(question)
    content = list(query_words(question, everyday))
    pairs = [
        f"{a}_{b}"
        for (a, a_filler), (b, b_filler) in itertools.pairwise(marked)
        if not (a_filler or b_filler)  # «la gi» is filler, «ket luan» is not
    ]
    if everyday:
        for phrase in _official_phrases(lookup_words(question)):
            pairs.extend(f"{a}_{b}" for a, b in itertools.pairwise(phrase))
    return content + pairs
