"""Chat abbreviations ("teencode") and their expansions.

Started from the defaults of underthesea_core's ``TextPreprocessor`` and adapted to citizens'
reports: "nc" is "nước" (water) here far more often than "nói chuyện", "ok" is not rewritten to
"tốt", and a few entries that clash with place or product words were dropped. Keys are lower case;
both accented and unaccented spellings are listed because many people type without diacritics.
"""

from __future__ import annotations

ABBREVIATIONS: dict[str, str] = {
    # negation / common function words
    "ko": "không", "k": "không", "kg": "không", "khg": "không", "kh": "không", "hok": "không",
    "hem": "không", "hk": "không", "k0": "không",
    "dc": "được", "đc": "được", "dk": "được", "đk": "được", "dj": "đi",
    "j": "gì", "ji": "gì", "r": "rồi", "rùi": "rồi", "ròi": "rồi", "v": "vậy", "z": "vậy",
    "zậy": "vậy", "vs": "với", "cx": "cũng", "cg": "cũng", "ms": "mới", "lm": "làm",
    "ntn": "như thế nào", "bh": "bao giờ", "bn": "bao nhiêu", "bjo": "bao giờ", "trc": "trước",
    "wa": "quá", "qa": "quá", "thui": "thôi", "bít": "biết", "bik": "biết", "bjt": "biết",
    "ak": "à", "ah": "à", "uh": "ừ", "ng": "người", "mn": "mọi người", "mng": "mọi người",
    "ae": "anh em", "mk": "mình", "mik": "mình", "mh": "mình", "e": "em", "t": "tôi",
    "hnay": "hôm nay", "hqua": "hôm qua", "tks": "cảm ơn", "thanks": "cảm ơn",
    "thank": "cảm ơn", "tl": "trả lời", "nt": "nhắn tin", "ns": "nói", "bt": "bình thường",
    "bth": "bình thường", "dt": "điện thoại", "đt": "điện thoại", "sdt": "số điện thoại",
    "sđt": "số điện thoại", "nch": "nói chuyện", "ctrinh": "công trình",
    # domain words
    "nc": "nước", "đg": "đường", "dg": "đường", "dgi": "đường",
    "cq": "cơ quan", "cqcn": "cơ quan chức năng", "ubnd": "ủy ban nhân dân", "ub": "ủy ban",
    "cty": "công ty", "tp": "thành phố", "tx": "thị xã", "tdp": "tổ dân phố", "kdc": "khu dân cư",
    "kcn": "khu công nghiệp", "qđ": "quyết định", "qd": "quyết định", "gpmb": "giải phóng mặt bằng",
    "đx": "đề xuất", "dx": "đề xuất", "mttq": "mặt trận tổ quốc", "ql": "quốc lộ",
}

# "dg"/"đg" is "đang" (-ing) before these words and "đường" (road) otherwise.
DANG_BEFORE: frozenset[str] = frozenset(
    [
        "bị", "làm", "sửa", "thi", "chờ", "xây", "đào", "đợi", "tiến", "xử", "họp", "rất",
        "chảy", "rò", "cháy", "bốc", "được", "dc", "đc", "bi", "lam", "sua", "cho", "xay",
        "dao", "doi", "tien", "xu", "hop", "rat", "chay", "ro", "boc", "duoc", "có", "co"
    ]
)

# Tokens after which "k" is a unit (thousand dong), not "không".
NUMBER_SUFFIX_SKIP: frozenset[str] = frozenset({"k", "r", "v", "t", "e"})
