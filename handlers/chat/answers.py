"""Short typed answers understood at every step: «đúng rồi», «ko», «bỏ qua», «ẩn danh», «ok»…

Citizens often type instead of pressing a button. A step asks :func:`read_answer` what a short
message means; a longer message is never read as an answer, so a description that happens to
start with «không» stays a description.
"""

from __future__ import annotations

import re
from enum import StrEnum

import nlp
from domain.catalogue import CATEGORY_LABELS
from domain.taxonomy import Category

MAX_ANSWER_WORDS = 6


class Answer(StrEnum):
    """What a short typed answer means."""

    YES = "yes"
    NO = "no"
    SKIP = "skip"
    ANONYMOUS = "anonymous"
    SEND = "send"
    DONE = "done"
    THANKS = "thanks"
    EDIT_CATEGORY = "edit_category"
    EDIT_PLACE = "edit_place"
    ADD_PHOTO = "add_photo"
    ADD_MORE = "add_more"


# Folded phrases (no diacritics, lower case). Longer phrases are tried first.
_PHRASES: dict[Answer, tuple[str, ...]] = {
    Answer.SKIP: (
        "bo qua",
        "khong can",
        "ko can",
        "k can",
        "kg can",
        "khong co anh",
        "ko co anh",
        "k co anh",
        "chua co anh",
        "khong co",
        "ko co",
        "khong chup",
        "ko chup",
        "skip",
        "thoi khoi",
        "khoi",
        "khong de",
        "ko de",
        "khong muon",
        "ko muon",
        "de sau",
    ),
    Answer.ANONYMOUS: (
        "an danh",
        "gui an danh",
        "giau ten",
        "khong de ten",
        "ko de ten",
        "dau ten",
        "khong muon de ten",
        "ko muon de ten",
    ),
    Answer.SEND: ("gui", "gui di", "gui luon", "gui phan anh", "xac nhan", "nop", "gui nhe"),
    Answer.DONE: ("xong", "xong roi", "het roi", "vay thoi", "the thoi", "du roi", "tiep tuc"),
    Answer.THANKS: (
        "cam on",
        "cam on ban",
        "cam on nhieu",
        "cam on nhe",
        "thanks",
        "thank you",
        "tks",
        "thank",
        "cam on bot",
        "camon",
        "cmon",
        "ok cam on",
    ),
    Answer.EDIT_CATEGORY: ("sua loai", "doi loai", "sai loai", "chon loai khac", "loai khac"),
    Answer.EDIT_PLACE: (
        "sua dia diem",
        "doi dia diem",
        "sai dia diem",
        "dia diem khac",
        "sua cho",
        "sai cho",
    ),
    Answer.ADD_PHOTO: ("them anh", "gui anh", "co anh", "gui them anh", "de toi gui anh"),
    Answer.ADD_MORE: ("bo sung", "them thong tin", "gui them", "ghi them"),
    Answer.YES: (
        "dung",
        "dung roi",
        "dung vay",
        "dung a",
        "chinh xac",
        "chuan",
        "chuan roi",
        "u",
        "uh",
        "uhm",
        "um",
        "ok",
        "oke",
        "okie",
        "okay",
        "oki",
        "okela",
        "ok ban",
        "yes",
        "vang",
        "da",
        "da vang",
        "da dung",
        "co",
        "co a",
        "duoc",
        "dc",
        "duoc roi",
        "phai",
        "phai roi",
        "dong y",
        "chac chan",
        "y",
    ),
    Answer.NO: (
        "khong",
        "ko",
        "k",
        "kg",
        "khong phai",
        "ko phai",
        "k phai",
        "sai",
        "sai roi",
        "chua dung",
        "khong dung",
        "ko dung",
        "hong",
        "hok",
        "no",
        "khong a",
        "chua",
        "khong dong y",
    ),
}
_TAIL = re.compile(
    r"(?:\s+(?:a|ah|nhe|nha|nhen|ne|nhi|di|ban|em|ad|admin|bot|oi|nhieu|lam|roi a|luon))+$"
)
_LOOKUP: dict[str, Answer] = {p: a for a, phrases in _PHRASES.items() for p in phrases}

# Words that name a category when typed at the category step.
_CATEGORY_WORDS: dict[str, Category] = {
    "giao thong": Category.GIAO_THONG,
    "duong": Category.GIAO_THONG,
    "cau": Category.GIAO_THONG,
    "den tin hieu": Category.GIAO_THONG,
    "den giao thong": Category.GIAO_THONG,
    "thoat nuoc": Category.THOAT_NUOC,
    "ngap": Category.THOAT_NUOC,
    "ngap ung": Category.THOAT_NUOC,
    "cong": Category.THOAT_NUOC,
    "moi truong": Category.MOI_TRUONG,
    "rac": Category.MOI_TRUONG,
    "o nhiem": Category.MOI_TRUONG,
    "tieng on": Category.MOI_TRUONG,
    "dien": Category.DIEN,
    "den duong": Category.DIEN,
    "chieu sang": Category.DIEN,
    "mat dien": Category.DIEN,
    "thuy loi": Category.THUY_LOI,
    "kenh": Category.THUY_LOI,
    "muong": Category.THUY_LOI,
    "de": Category.THUY_LOI,
    "nuoc sach": Category.NUOC_SACH,
    "nuoc may": Category.NUOC_SACH,
    "vien thong": Category.VIEN_THONG,
    "internet": Category.VIEN_THONG,
    "mang": Category.VIEN_THONG,
    "song": Category.VIEN_THONG,
    "truong hoc": Category.GIAO_DUC,
    "truong": Category.GIAO_DUC,
    "giao duc": Category.GIAO_DUC,
    "y te": Category.Y_TE,
    "tram y te": Category.Y_TE,
    "benh vien": Category.Y_TE,
    "van hoa": Category.VAN_HOA_THE_THAO,
    "the thao": Category.VAN_HOA_THE_THAO,
    "san choi": Category.VAN_HOA_THE_THAO,
    "do thi": Category.DO_THI_XAY_DUNG,
    "xay dung": Category.DO_THI_XAY_DUNG,
    "dat dai": Category.DO_THI_XAY_DUNG,
    "lan chiem": Category.DO_THI_XAY_DUNG,
    "khac": Category.KHAC,
    "van de khac": Category.KHAC,
}


def _folded(text: str) -> str:
    folded = nlp.fold(text).lower()
    folded = re.sub(r"[^\w\s]", " ", folded)
    return " ".join(folded.split())


def is_short(text: str | None) -> bool:
    """True when ``text`` is short enough to be an answer rather than a description."""
    return bool(text) and len((text or "").split()) <= MAX_ANSWER_WORDS


def read_answer(text: str | None) -> Answer | None:
    """The meaning of a short typed answer, or None when it is not one."""
    if not text or not is_short(text):
        return None
    folded = _folded(text)
    for candidate in (folded, _TAIL.sub("", folded)):
        if candidate in _LOOKUP:
            return _LOOKUP[candidate]
        # «ok đúng rồi», «vâng ạ đúng»: every word an affirmative one
        words = candidate.split()
        if words and all(_LOOKUP.get(w) is Answer.YES for w in words):
            return Answer.YES
        # «ừ gửi đi», «ok bỏ qua», «vâng ẩn danh»: an affirmative word before an instruction
        rest = _after_affirmatives(words)
        if rest and _LOOKUP.get(rest) in _INSTRUCTIONS:
            return _LOOKUP[rest]
    return None


# Answers that are instructions: after «ừ», «ok», «vâng» they keep their meaning.
_INSTRUCTIONS = frozenset(
    {
        Answer.SEND,
        Answer.SKIP,
        Answer.ANONYMOUS,
        Answer.DONE,
        Answer.EDIT_CATEGORY,
        Answer.EDIT_PLACE,
        Answer.ADD_PHOTO,
        Answer.ADD_MORE,
    }
)


def _after_affirmatives(words: list[str]) -> str:
    """The words after the leading affirmative ones («u gui» -> «gui»), or "" when none lead."""
    start = 0
    while start < len(words) and _LOOKUP.get(words[start]) is Answer.YES:
        start += 1
    return " ".join(words[start:]) if start else ""


def read_category(text: str | None) -> str | None:
    """The category a short text names («điện», «giao thông», the label itself), or None."""
    if not text or not is_short(text):
        return None
    folded = _TAIL.sub("", _folded(text))
    folded = re.sub(r"^(?:loai|ve|la|thuoc|chon|phan anh ve|van de)\s+", "", folded)
    for code, label in CATEGORY_LABELS.items():
        if folded == _folded(label) or folded == code.replace("_", " "):
            return str(code)
    found = _CATEGORY_WORDS.get(folded)
    return str(found) if found else None
