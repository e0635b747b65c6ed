"""Find administrative units and villages named in a text, and the unit around a location pin."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from nlp.gazetteer import UNIT_PREFIXES, Unit, distance_km, gazetteer, in_province
from nlp.text import MAX_CHARS, fix_tone_placement, fold_char
from nlp.types import PlaceMatch

# folded prefix tokens -> display prefix; abbreviations are accepted only with a trailing dot
_UNIT_PREFIX_TOKENS: dict[tuple[str, ...], str] = {
    tuple(k.split()): v for k, v in UNIT_PREFIXES.items()
} | {
    ("tt",): "Thị trấn",
    ("tx",): "Thị xã",
    ("tp",): "Thành phố",
    ("p",): "Phường",
    ("x",): "Xã",
    ("h",): "Huyện",
}
_DOTTED_ONLY = {("p",), ("x",), ("h",)}
_DISTRICT_PREFIXES = {"Huyện", "Thị xã", "Thành phố"}
_VILLAGE_PREFIXES: dict[tuple[str, ...], str] = {
    ("thon",): "Thôn",
    ("xom",): "Xóm",
    ("to", "dan", "pho"): "Tổ dân phố",
    ("tdp",): "Tổ dân phố",
    ("khu", "pho"): "Khu phố",
    ("lang",): "Làng",
    ("ban",): "Bản",
}
_ACCENTED_ONLY = {("lang",): "làng", ("ban",): "bản"}  # "lang"/"ban" are also common words
_STREET_WORDS = {"duong", "pho", "ngo", "ngach", "hem", "kiet", "tinh", "quoc", "lo", "cau"}
_VILLAGE_STOP = set(
    [
        "xa",
        "phuong",
        "huyen",
        "thi",
        "tt",
        "tx",
        "tp",
        "bi",
        "co",
        "da",
        "dang",
        "thuoc",
        "o",
        "tai",
        "nha",
        "duong",
        "gan",
        "cua",
        "va",
        "nay",
        "ben",
        "la",
        "khong",
        "rat",
        "thon",
        "xom",
        "to",
        "khu",
        "lang",
        "ban",
        "voi",
        "cho",
        "di",
        "den",
        "tu",
        "sau",
        "truoc",
        "moi",
        "cu",
        "con",
        "cai",
        "chung",
        "toi",
        "em",
        "minh",
        "ta",
        "qua",
        "nen",
        "ma",
        "roi",
        "oi",
        "hay",
        "nhung",
        "cac",
    ]
)
# Unit names that are also everyday words: matched without a prefix only when capitalised.
_COMMON_PHRASES = set(
    [
        "pho moi",
        "dong phuc",
        "dong tien",
        "tien phong",
        "dong tam",
        "toan thang",
        "tan tien",
        "an binh",
        "giang son",
        "kinh bac",
        "quang minh",
        "dai phuc",
        "mai dinh",
        "minh duc",
        "binh duong",
        "binh dinh",
        "lam thao",
        "tan lap",
        "dai dong",
        "tam son",
        "song ho",
        "phu hoa",
        "van an",
        "suoi hoa",
        "nam son",
        "thai bao",
        "hoa long",
        "trung nghia",
        "cao duc",
        "thang loi",
        "tan hung",
        "an thinh",
        "viet hung",
        "tan my",
        "quang trung",
        "tran phu",
        "ngo quyen",
        "minh dao",  # «mình dạo này»
    ]
)
# Words naming a building, a market or a site: the unit name after them is the site's name
# («Chợ Tân Tiến», «trường THCS Nội Hoàng»), not the place where the citizen is.
_LANDMARK_WORDS = {
    ("cho",),
    ("truong",),
    ("thcs",),
    ("thpt",),
    ("mam", "non"),
    ("tieu", "hoc"),
    ("chua",),
    ("dinh",),
    ("den",),
    ("benh", "vien"),
    ("ben", "xe"),
    ("cong", "ty"),
    ("nha", "van", "hoa"),
    ("nvh",),
    ("san", "van", "dong"),
    ("khu", "cong", "nghiep"),
    ("kcn",),
    ("cum", "cong", "nghiep"),
    ("ccn",),
    ("sieu", "thi"),
    ("cong", "vien"),
    ("nha", "may"),
    ("khach", "san"),
    ("toa", "nha"),
    ("chung", "cu"),
    ("khu", "do", "thi"),
    ("kdt",),
    ("ngan", "hang"),
    ("buu", "dien"),
    ("tram", "y", "te"),
    ("ho",),
    ("song",),
    ("nga", "tu"),
    ("nga", "ba"),
    ("vong", "xuyen"),
    ("quan",),
    ("tiem",),
    ("cua", "hang"),
    ("nha", "hang"),
}
# The provinces' names alone (or after «tỉnh») name the province, not the ward of that name.
# One-syllable unit names that are no common word, so safe after «xa»/«phuong» without marks.
_RARE_SYLLABLE_NAMES = {"kep", "nenh", "neo", "lim", "chu"}
_PROVINCE_NAMES = {"bac giang", "bac ninh"}
_TOKEN_RE = re.compile(r"[a-z0-9]+")
MAX_RESULTS = 20


@dataclass(frozen=True)
class _Text:
    src: str  # NFC input
    folded: str
    origin: list[int]  # folded index -> src index
    tokens: list[tuple[str, int, int]]  # folded token, start, end (folded indexes)
    lowercase_only: bool  # typed without any capital letter: capitals carry no information

    def capitalised(self, first: int, last: int) -> bool:
        return all(self.span(j, j)[:1].isupper() for j in range(first, last + 1))

    def span(self, first: int, last: int) -> str:
        start = self.origin[self.tokens[first][1]]
        end = self.origin[self.tokens[last][2] - 1] + 1
        return self.src[start:end]

    def gap(self, left: int, right: int) -> str:
        """Folded characters between token ``left`` and token ``right``."""
        return self.folded[self.tokens[left][2] : self.tokens[right][1]]


def _prepare(text: str) -> _Text:
    src = unicodedata.normalize("NFC", text[:MAX_CHARS])
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(src):
        for f in fold_char(ch):
            chars.append(f)
            origin.append(i)
    folded = "".join(chars)
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN_RE.finditer(folded)]
    return _Text(src, folded, origin, tokens, not any(c.isupper() for c in src))


def _prefix_at(t: _Text, i: int, table: dict[tuple[str, ...], str]) -> tuple[str, int] | None:
    for size in (3, 2, 1):
        key = tuple(tok for tok, _, _ in t.tokens[i : i + size])
        if len(key) < size or key not in table:
            continue
        if any(t.gap(j, j + 1).strip() for j in range(i, i + size - 1)):
            continue
        if key in _DOTTED_ONLY and t.folded[t.tokens[i][2] : t.tokens[i][2] + 1] != ".":
            continue
        if key in _ACCENTED_ONLY and t.span(i, i).lower() != _ACCENTED_ONLY[key]:
            continue
        return table[key], size
    return None


def _lookup(t: _Text, i: int, sizes: range) -> tuple[tuple[Unit, ...], int] | None:
    by_key = gazetteer().by_key
    for size in sizes:
        if i + size > len(t.tokens) or any(t.gap(j, j + 1).strip() for j in range(i, i + size - 1)):
            continue
        units = by_key.get(" ".join(tok for tok, _, _ in t.tokens[i : i + size]))
        if units:
            return units, size
    return None


def _same_letters(a: str, b: str) -> bool:
    return fix_tone_placement(a).lower() == fix_tone_placement(b).lower()


def _choose(
    units: tuple[Unit, ...],
    span: str,
    prefix: str | None,
    after: str,
    districts: set[str],
    after_place: bool,
) -> list[Unit]:
    pool = list(units)
    if any(not c.isascii() for c in span):
        pool = [u for u in pool if _same_letters(u.short, span)] or pool
    if prefix in _DISTRICT_PREFIXES:
        pool = [u for u in pool if u.kind == "legacy_district"] or pool
    elif prefix:
        pool = [u for u in pool if u.kind != "legacy_district"] or pool
        pool = [u for u in pool if u.prefix == prefix] or pool
    elif after_place:
        pool = [u for u in pool if u.kind == "legacy_district"] or pool
    else:
        pool = [u for u in pool if u.kind != "legacy_district"] or pool
    if after in ("cu", "truoc"):
        pool = [u for u in pool if u.kind != "ward"] or pool
    elif after == "moi":
        pool = [u for u in pool if u.kind == "ward"] or pool
    in_context = [u for u in pool if districts.intersection(u.districts)]
    if in_context:
        return in_context
    if prefix and after not in ("cu", "truoc"):  # «phường Ninh Xá»: the unit of today first
        return [u for u in pool if u.kind == "ward"] or pool
    return pool


def _fold(text: str) -> str:
    return "".join(fold_char(c) for c in text)


def _result(pool: list[Unit], matched: str) -> PlaceMatch:
    codes = {u.code for u in pool}
    if len(codes) > 1:
        # one candidate per current unit: the current unit itself when it carries the name
        per_code: dict[str | None, Unit] = {}
        for u in sorted(pool, key=lambda u: u.kind != "ward"):
            per_code.setdefault(u.code, u)
        labels = [u.label for u in per_code.values()]
        names = list(dict.fromkeys(u.full for u in per_code.values()))
        level = "ward" if any(u.kind == "ward" for u in pool) else pool[0].kind
        return PlaceMatch(
            " / ".join(names), level, None, None, None, None, None, True, labels, matched
        )
    ward = next((u for u in pool if u.kind == "ward"), None)
    if ward is not None:
        return PlaceMatch(
            ward.full,
            "ward",
            ward.code,
            ward.current_name,
            None,
            ward.lat,
            ward.lon,
            False,
            [],
            matched,
        )
    unit = pool[0]
    if unit.kind == "legacy_district":
        return PlaceMatch(
            unit.full, unit.kind, None, None, unit.full, unit.lat, unit.lon, False, [], matched
        )
    return PlaceMatch(
        unit.full,
        unit.kind,
        unit.code,
        unit.current_name,
        unit.label,
        unit.lat,
        unit.lon,
        False,
        [],
        matched,
    )


@lru_cache(maxsize=1)
def _district_keys() -> frozenset[str]:
    return frozenset(_fold(u.short) for u in gazetteer().units if u.kind == "legacy_district")


def _district_context(t: _Text) -> set[str]:
    keys = _district_keys()
    words = [tok for tok, _, _ in t.tokens]
    return {" ".join(words[i : i + n]) for n in (1, 2, 3) for i in range(len(words))} & keys


def _plausible(
    t: _Text,
    start: int,
    hit: tuple[tuple[Unit, ...], int],
    prefix: str | None,
    i: int,
    districts: set[str],
) -> bool:
    """Reject names that are more likely ordinary words ("xa cho" is "far from the market")."""
    end = start + hit[1] - 1
    capitalised = t.capitalised(start, end)
    if prefix:
        if hit[1] > 1 or capitalised or prefix == "Thị trấn":
            return True
        if _fold(t.span(start, end)).lower() in _RARE_SYLLABLE_NAMES:
            return True
        if any(districts.intersection(u.districts) for u in hit[0]):  # «phuong ho, Thuan Thanh»
            return True
        span = t.span(start, end)  # one-syllable names: only with the exact accents
        return any(not c.isascii() for c in span) and any(
            _same_letters(u.short, span) for u in hit[0]
        )
    key = " ".join(tok for tok, _, _ in t.tokens[start : end + 1])
    previous = t.tokens[i - 1][0] if i else ""
    if previous in _STREET_WORDS or (key in _COMMON_PHRASES and not capitalised):
        return False
    if key in _PROVINCE_NAMES or _after_landmark_word(t, i):
        return False
    return capitalised or t.lowercase_only


def _after_landmark_word(t: _Text, i: int) -> bool:
    """True when the tokens just before ``i`` name a market, a school, a building..."""
    words = tuple(tok for tok, _, _ in t.tokens[max(0, i - 3) : i])
    return any(words[-n:] in _LANDMARK_WORDS for n in (1, 2, 3) if len(words) >= n)


def _village_name(t: _Text, i: int) -> int:
    """Number of tokens of a village name starting at token ``i`` (0 when none)."""
    size = 0
    while i + size < len(t.tokens) and size < 3:
        tok = t.tokens[i + size][0]
        if size and (t.gap(i + size - 1, i + size).strip() or tok in _VILLAGE_STOP):
            break
        if not size and tok in _VILLAGE_STOP and tok != "so":
            break
        named = tok.isdigit() or t.lowercase_only or t.capitalised(i + size, i + size)
        if not named and not (size == 0 and tok == "so"):
            break
        size += 1
        if tok.isdigit():
            break
    return size


@lru_cache(maxsize=1)
def _marked_names() -> dict[str, str]:
    """Folded name -> the one spelling with marks the gazetteer knows (names of two syllables
    or more shared by no differently marked unit): villages are often named after communes."""
    spellings: dict[str, set[str]] = {}
    for unit in gazetteer().units:
        if " " in unit.short:
            spellings.setdefault(_fold(unit.short).lower(), set()).add(unit.short)
    return {key: next(iter(names)) for key, names in spellings.items() if len(names) == 1}


def _with_marks(shown: str, lowercase_only: bool) -> str:
    """A village name as shown: with its marks when typed without them and the name is known."""
    if shown.isascii():
        known = _marked_names().get(shown.lower())
        if known:
            return known
    return shown.title() if lowercase_only else shown


def find_places(text: str) -> list[PlaceMatch]:
    """Units (current and pre-2025), districts and villages named in ``text``, in order."""
    if not text or not text.strip():
        return []
    t = _prepare(text)
    districts = _district_context(t)
    found: list[tuple[int, PlaceMatch]] = []
    villages: list[tuple[int, str, str]] = []
    last_end = -10
    i = 0
    while i < len(t.tokens):
        village = _prefix_at(t, i, _VILLAGE_PREFIXES)
        if village is not None:
            size = _village_name(t, i + village[1])
            if size:
                end = i + village[1] + size - 1
                shown = _with_marks(t.span(i + village[1], end), t.lowercase_only)
                name = f"{village[0]} {shown}"
                villages.append((i, name, t.span(i, end)))
                i = end + 1
                continue
        unit_prefix = _prefix_at(t, i, _UNIT_PREFIX_TOKENS)
        start = i + unit_prefix[1] if unit_prefix else i
        sizes = range(3, 0, -1) if unit_prefix else range(3, 1, -1)
        hit = _lookup(t, start, sizes)
        if hit is None and unit_prefix is not None:  # "phuong son": a name, not "phường" + "sơn"
            unit_prefix, start, hit = None, i, _lookup(t, i, range(3, 1, -1))
        if hit is not None and not _plausible(
            t, start, hit, unit_prefix[0] if unit_prefix else None, i, districts
        ):
            hit = None
        if hit is None:
            i += 1
            continue
        units, size = hit
        end = start + size - 1
        after = t.tokens[end + 1][0] if end + 1 < len(t.tokens) else ""
        # a name after a unit already found is its district («xã Mỹ Hà cũ ở Lạng Giang»)
        after_place = last_end >= 0 and i <= last_end + 3
        pool = _choose(
            units,
            t.span(start, end),
            unit_prefix[0] if unit_prefix else None,
            after,
            districts,
            after_place,
        )
        found.append((i, _result(pool, t.span(i, end))))
        last_end = end
        i = end + 1
    found.extend((pos, _village(name, matched, pos, found)) for pos, name, matched in villages)
    unique: dict[tuple[str, str, str | None], PlaceMatch] = {}
    for _, match in sorted(found, key=lambda item: item[0]):  # first mention of each place
        unique.setdefault((match.level, match.name, match.code), match)
    return list(unique.values())[:MAX_RESULTS]


def _village(name: str, matched: str, pos: int, found: list[tuple[int, PlaceMatch]]) -> PlaceMatch:
    """A village takes the code and centroid of the nearest unambiguous commune named with it."""
    units = [(abs(p - pos), m) for p, m in found if m.code and not m.ambiguous]
    if not units:
        return PlaceMatch(name, "village", None, None, None, None, None, False, [], matched)
    unit = min(units, key=lambda item: item[0])[1]
    return PlaceMatch(
        name, "village", unit.code, unit.current_name, None, unit.lat, unit.lon, False, [], matched
    )


def nearest_unit(lat: float, lon: float) -> PlaceMatch | None:
    """The current commune/ward whose centroid is nearest to a location pin (None outside the
    province: see ``nlp.gazetteer.in_province``)."""
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        return None
    if not in_province(lat, lon):
        return None  # «ngoài địa bàn»
    best = min(gazetteer().wards, key=lambda u: distance_km(lat, lon, u.lat, u.lon))
    return PlaceMatch(
        best.full, "ward", best.code, best.current_name, None, best.lat, best.lon, False, [], ""
    )
