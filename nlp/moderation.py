"""Flag insults and obscenity, advertising and link spam, and meaningless text for staff review."""

from __future__ import annotations

import re

from nlp.text import clean, fold, has_diacritics
from nlp.types import ModerationResult

# Insults in folded form. Words whose folded form is also an everyday word ("lồn"/"lớn",
# "cặc"/"các", "buồi"/"buổi", "đéo"/"đeo") are listed in ACCENTED_INSULTS instead.
_FOLDED_INSULTS = (
    r"dm|dmm|dcm|dkm|dmcs|dcmm|dit|djt|dis me|du ma|du me|dit me|dit cu|vcl|vkl|vl|vcc|cmm|cmn|clgt"
    r"|clm|cl|loz|lozz|l0n|cak|kac|kak|cac lon|oc cho|oc lon|oc trau|do ngu|thang ngu|con ngu"
    r"|bon ngu|lu ngu|ngu nhu (?:cho|bo|lon|heo)|ngu vl|ngu si|thang cho|lu cho"
    r"|bon cho|chó ma|cho ma|me may|bo may|may (?:bi )?dien a|do khon|khon nan|suc vat|mat day"
    r"|do ran|cut di|cut me|di chet|chet di|an hai|an cuop|an tien dan|lu an hai|bon sau mot"
    r"|vo hoc|thang oc|cho chet|bo lao|lao toet|vai lon|vai l|vai cut"
)
_ACCENTED_INSULTS = (
    r"lồn|cặc|buồi|đéo|đếch|éo|địt|đụ|đĩ|ngu|khốn|chó chết|đần|óc chó|con lợn|thằng lợn|vãi"
)
_INSULT_FOLDED_RE = re.compile(rf"\b(?:{_FOLDED_INSULTS})\b")
_INSULT_ACCENTED_RE = re.compile(rf"(?<!\w)(?<!hỏi )(?:{_ACCENTED_INSULTS})(?!\w)")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "@": "a", "$": "s", "!": "i"})
_INNER_SEP_RE = re.compile(r"(?<=\b\w)[.*_\-](?=\w\b)|(?<=\b\w)[.*_\-](?=\w[.*_\-]\w\b)")

_URL_RE = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|net|org|info|xyz|top|shop|store|site|online|me|ly"
    r"|io|vn|club|live|bet|win|cc)\b(?:/\S*)?",
    re.IGNORECASE,
)
_TRUSTED_DOMAINS = re.compile(
    r"\.gov\.vn|\.edu\.vn|baobacninh|baobacgiang|dichvucong", re.IGNORECASE
)
_PHONE_RE = re.compile(r"(?<!\d)(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?!\d)")
_AD_WORDS = re.compile(
    r"\b(?:lien he|lh|inbox|ib|gia re|khuyen mai|giam gia|sale|free ?ship|mien phi ship"
    r"|vay (?:tien|von"
    r"|nhanh|tin chap)|cho vay|giai ngan|lai suat thap|nhan lam|dich vu|ban (?:dat|nha|hang|gap)"
    r"|kiem tien|thu nhap|viec nhe luong cao|ca do|casino|nha cai|tai xiu|no hu|bong da truc tuyen"
    r"|dang ky ngay|dang ki ngay|click|truy cap|uu dai|mua ngay|order|chot don|hang chinh hang"
    r"|sim so dep|tuyen (?:dung|ctv|cong tac vien)|ctv|online tai nha|dat coc|bao hanh|zalo|shop"
    r"|tang ngay|nhan thuong|qua tang|trung thuong|hoan tien|cam ket)\b"
)
_SYLLABLE_RE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:[aeiouy]{1,3})(?:ch|ng|nh|[cmnptiyou])?$"
)
_ALPHA_TOKEN_RE = re.compile(r"[a-z]+")
_KNOWN_WORDS = set(
    [
        "k",
        "ko",
        "dc",
        "j",
        "dg",
        "r",
        "v",
        "z",
        "ok",
        "oke",
        "okay",
        "ad",
        "admin",
        "mn",
        "ae",
        "tp",
        "ql",
        "hs",
        "alo",
        "hello",
        "hi",
        "hihi",
        "haha",
        "hehe",
        "thanks",
        "bot",
        "test",
        "zalo",
        "facebook",
        "wifi",
        "internet",
        "online",
        "camera",
        "clip",
        "video",
        "email",
        "container",
        "taluy",
        "km",
        "kv",
        "cm",
        "kg",
        "vnpt",
        "viettel",
        "mobifone",
        "vinaphone",
        "fpt",
        "ubnd",
        "mttq",
        "ctv",
        "sdt",
    ]
)


def _deobfuscate(folded: str) -> str:
    """Undo common spellings meant to slip past filters: "d.m", "n g u", "l0n", "đ*t"."""
    text = folded.translate(_LEET)
    text = _INNER_SEP_RE.sub("", text)
    # "n g u" / "d m" typed letter by letter
    return re.sub(
        r"\b(\w) (\w)(?: (\w))?\b(?= |$)",
        lambda m: "".join(g or "" for g in m.groups()) if len(m.group(0)) <= 5 else m.group(0),
        text,
    )


def insults(text: str) -> list[str]:
    """Insulting or obscene words found in ``text`` (accents and teencode spellings included)."""
    low = clean(text).lower()
    # accented forms count only in text typed with accents ("ngu" unaccented may be "ngủ", sleep)
    found = [m.group(0) for m in _INSULT_ACCENTED_RE.finditer(low)] if has_diacritics(low) else []
    folded = fold(low)
    found += [m.group(0) for m in _INSULT_FOLDED_RE.finditer(folded)]
    found += [m.group(0) for m in _INSULT_FOLDED_RE.finditer(_deobfuscate(folded))]
    return list(dict.fromkeys(found))


def advertising(text: str) -> list[str]:
    """Links, phone numbers with sales words, and other signs of advertising spam."""
    urls = [u for u in _URL_RE.findall(text) if not _TRUSTED_DOMAINS.search(u)]
    folded = fold(text)
    words = list(dict.fromkeys(m.group(0) for m in _AD_WORDS.finditer(folded)))
    phones = _PHONE_RE.findall(text)
    if urls:
        return urls + words
    if len(words) >= 3 or (phones and words):
        return words + [p.strip() for p in phones]
    return []


def is_meaningless(text: str) -> bool:
    """Empty, emoji only, keyboard mashing or too few plausible Vietnamese syllables."""
    folded = fold(_URL_RE.sub(" ", clean(text)))
    tokens = _ALPHA_TOKEN_RE.findall(folded)
    if not tokens:
        return not any(ch.isdigit() for ch in folded) or len(folded.strip()) < 3
    if len(tokens) == 1 and len(tokens[0]) >= 6 and not _SYLLABLE_RE.match(tokens[0]):
        return True
    plausible = sum(1 for t in tokens if t in _KNOWN_WORDS or _SYLLABLE_RE.match(t))
    if plausible / len(tokens) < 0.5:
        return True
    return len(tokens) >= 6 and len(set(tokens)) <= 1


def moderate(text: str) -> ModerationResult:
    """Flag a message for staff: ``xuc_pham``, ``quang_cao`` (spam) or ``vo_nghia`` (noise)."""
    text = text[:20_000] if text else ""
    reasons: list[str] = []
    matches: list[str] = []
    bad = insults(text)
    if bad:
        reasons.append("xuc_pham")
        matches += bad
    ads = advertising(text)
    if ads:
        reasons.append("quang_cao")
        matches += ads
    if not reasons and is_meaningless(text):
        reasons.append("vo_nghia")
    return ModerationResult(flagged=bool(reasons), reasons=reasons, matches=matches[:20])
