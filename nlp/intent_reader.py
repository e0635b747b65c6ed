"""What a citizen's free message is for: a report, a look-up, a question, a greeting or other.

A few word rules decide the cases that need no model (a tracking code, a message made only of
thanks or greeting words, a message without words); everything else is read by the intent model
(``nlp.intent_model``). Rule answers carry ``RULE_CONFIDENCE``, a little under their measured
precision.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from domain.tracking import parse_tracking_code
from nlp.intent_model import MAX_INTENT_CHARS, get_intent_model
from nlp.text import fold, has_diacritics, normalize
from nlp.types import Intent, IntentLabel

RULE_CONFIDENCE = 0.97  # the rules were right on 98 of 98 evaluation messages, 165 of 167 training
NO_MODEL_CONFIDENCE = 0.5

# "PA-J6T66MR", "pa j6t66mr", "PA_J6T66MR" anywhere; a bare 7-character code after "mã" or alone
_PREFIXED_CODE_RE = re.compile(r"(?<![0-9A-Z])PA[\s\-_.]?[0-9A-Z]{7}(?![0-9A-Z])")
_BARE_CODE_RE = re.compile(r"(?<![0-9A-Z])[0-9A-Z]{7}(?![0-9A-Z])")
_CODE_WORD_RE = re.compile(r"\b(?:mã|code|tra cứu|tracuu|tra|check|kiểm tra)\b")
_CODE_WORD_FOLDED_RE = re.compile(r"\b(?:ma|code|tra cuu|tracuu|tra|check|kiem tra)\b")
MAX_BARE_CODE_WORDS = 3

# Words a message made only of courtesy is written with (folded); "ok", "cảm ơn", "chào bạn"...
_COURTESY_WORDS = (
    "cam on|cam ong|camon|thanks?|thank you|thank u|thanks you|tks|thx|ty|ok|oke|okie|okela|okay"
    "|vang|da|u|uk|um|uhm|uh|o|chao|xin chao|hello|helo|hi|hj|alo|hihi|haha|hehe|hic|kaka"
    "|nhe|nha|nhen|nghen|nghe|nhieu|rat|lam|a|ban|bot|em|anh|chi|co|chu|bac|moi nguoi|ad|admin"
    "|duoc roi|roi|tot|tot qua|hay qua|tuyet voi|tam biet|bye|bai|hen gap lai|chuc|ngu ngon"
    "|buoi sang|buoi toi|vui ve|nhe ban|nhieu nhe|dang|hi"
)
_COURTESY_RE = re.compile(rf"^(?:(?:{_COURTESY_WORDS})\b\s*)+$")
_EMOTICON_RE = re.compile(r"[:;=xX]-?[)(DdPp3]|<3|\^\^|\^_\^")
_LETTER_RE = re.compile(r"[^\W\d_]")
_LAUGH_RE = re.compile(r"^(?:(?:k{3,}|(?:ha|he|hi|hj|hu|ke|ka){2,}|=+\)+)\s*)+$")
MAX_COURTESY_WORDS = 6

# "the one I sent last week" + "how is it going": a question about the citizen's own report
_PAST_REPORT_RE = re.compile(
    r"\b(?:gui|bao|phan anh|nhan|kien nghi)\b(?:\s+\w+){0,6}?\s+"
    r"(?:hom (?:truoc|qua|kia|bua|thu \w+)|hom nay|bua (?:truoc|hom|nay)|tuan (?:truoc|roi)"
    r"|thang (?:truoc|roi)|lan truoc|sang nay|chieu qua|toi qua|dem qua|tu \w+ (?:truoc|qua))"
)
_STATUS_RE = re.compile(
    r"\b(?:sao roi|the nao roi|ra sao roi|ra rang roi|den dau roi|toi dau roi|toi mo roi"
    r"|xu ly chua|xu ly gi chua|sua chua|giai quyet chua|nhan chua|tiep nhan chua|co ai \w+ chua"
    r"|co ket qua chua|tien do|tinh trang)\b"
)


def _names_a_code(text: str) -> bool:
    # «mà» (but) folds to «ma» (code): without marks the word cannot be told apart
    if has_diacritics(text):
        return _CODE_WORD_RE.search(text.lower()) is not None
    return _CODE_WORD_FOLDED_RE.search(text.lower()) is not None


def find_tracking_code(text: str) -> str | None:
    """The normalised ``PA-…`` code in ``text`` (prefixed anywhere, or bare after «mã»/alone)."""
    upper = text.upper()
    for match in _PREFIXED_CODE_RE.finditer(upper):
        code = parse_tracking_code(match.group(0))
        if code:
            return code
    # a bare code only after «mã» / «tra cứu» or nearly alone: «98B1234» in a report is a plate
    if len(text.split()) > MAX_BARE_CODE_WORDS and not _names_a_code(text):
        return None
    for match in _BARE_CODE_RE.finditer(upper):
        token = match.group(0)
        # a code mixes letters and digits; ordinary words and numbers do not
        if any(c.isdigit() for c in token) and any(c.isalpha() for c in token):
            code = parse_tracking_code("PA" + token)
            if code:
                return code
    return None


def _is_emoji_only(raw: str) -> bool:
    symbols = [c for c in raw if not c.isspace()]
    return bool(symbols) and any(unicodedata.category(c) == "So" for c in symbols)


def _rule(raw: str, shown: str, folded: str, code: str | None) -> IntentLabel | None:
    if code is not None:
        return IntentLabel.LOOKUP
    if not _LETTER_RE.search(_EMOTICON_RE.sub(" ", shown)):
        if _is_emoji_only(raw) or _EMOTICON_RE.search(shown):
            return IntentLabel.GREETING  # a thumbs-up, a smile «:D»
        return IntentLabel.OTHER  # nothing, punctuation, a bare number
    if _LAUGH_RE.match(fold(raw).strip()):
        return IntentLabel.GREETING  # "kkk" would read as "không" once abbreviations expand
    bare = " ".join(re.sub(r"[^\w\s]", " ", folded).split())
    if len(bare.split()) <= MAX_COURTESY_WORDS and _COURTESY_RE.match(bare):
        return IntentLabel.GREETING
    if _PAST_REPORT_RE.search(bare) and _STATUS_RE.search(bare):
        return IntentLabel.LOOKUP
    return None


def _ranked(proba: np.ndarray, classes: tuple[str, ...]) -> list[tuple[IntentLabel, float]]:
    order = np.argsort(-proba, kind="stable")
    return [(IntentLabel(classes[int(i)]), float(proba[i])) for i in order]


def intent(text: str) -> Intent:
    """The intent of a free message, with its calibrated probability and the runner-up."""
    raw = text[: MAX_INTENT_CHARS * 2] if isinstance(text, str) else ""
    shown = normalize(raw[:MAX_INTENT_CHARS])
    folded = fold(shown)
    code = find_tracking_code(shown)
    model = get_intent_model()
    ranked: list[tuple[IntentLabel, float]] = []
    if model is not None and _LETTER_RE.search(shown):
        ranked = _ranked(model.proba(shown), model.linear.classes)
    rule = _rule(raw, shown, folded, code)
    confidence = RULE_CONFIDENCE
    if rule is None and not ranked:
        # no model (a service without its artefact and without the train extra): a guess
        rule = IntentLabel.REPORT if len(folded.split()) >= 6 else IntentLabel.OTHER
        confidence = NO_MODEL_CONFIDENCE
    if rule is not None:
        others = [(label, p) for label, p in ranked if label is not rule]
        rest = sum(p for _, p in others) or 1.0
        fallback = IntentLabel.REPORT if rule is IntentLabel.OTHER else IntentLabel.OTHER
        runner, p_runner = others[0] if others else (fallback, 0.0)
        return Intent(rule, confidence, runner, round((1 - confidence) * p_runner / rest, 4), code)
    (best, p_best), (runner, p_runner) = ranked[0], ranked[1]
    return Intent(best, round(p_best, 4), runner, round(p_runner, 4), code)
