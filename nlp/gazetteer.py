"""The gazetteer: current Bắc Ninh units and the pre-2025 units they absorbed."""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nlp.text import clean, fold

DATA_DIR = Path(__file__).parent / "data" / "admin_units"

UNIT_PREFIXES: dict[str, str] = {  # folded prefix -> display prefix
    "thi tran": "Thị trấn",
    "thi xa": "Thị xã",
    "thanh pho": "Thành phố",
    "phuong": "Phường",
    "huyen": "Huyện",
    "xa": "Xã",
}

# Old districts missing from the data set (pre-2025 Bắc Ninh, Yên Dũng): name -> unit near the seat.
_BAC_NINH_OLD_DISTRICTS: tuple[tuple[str, str, str], ...] = (
    ("Thành phố", "Bắc Ninh", "Kinh Bắc"),
    ("Thành phố", "Từ Sơn", "Từ Sơn"),
    ("Thị xã", "Quế Võ", "Quế Võ"),
    ("Thị xã", "Thuận Thành", "Thuận Thành"),
    ("Huyện", "Yên Phong", "Yên Phong"),
    ("Huyện", "Tiên Du", "Tiên Du"),
    ("Huyện", "Gia Bình", "Gia Bình"),
    ("Huyện", "Lương Tài", "Lương Tài"),
    ("Huyện", "Yên Dũng", "Yên Dũng"),  # Bắc Giang district merged into the city in 2025
)

_PAREN_RE = re.compile(r"\(([^)]*)\)")


@dataclass(frozen=True)
class Unit:
    """One named unit: a current ward/commune, a legacy commune or a legacy district."""

    kind: str  # 'ward' | 'legacy_commune' | 'legacy_district'
    prefix: str  # display prefix: "Xã", "Phường", "Thị trấn", "Huyện", ...
    short: str  # name without prefix, with diacritics
    district: str | None  # legacy district (with prefix) of a legacy commune, when known
    code: str | None  # current unit's wardCode (None for legacy districts)
    current_name: str | None
    lat: float
    lon: float

    @property
    def full(self) -> str:
        return f"{self.prefix} {self.short}"

    @property
    def label(self) -> str:
        """Full name with the district, as shown to staff when a name is ambiguous."""
        return f"{self.full} ({self.district})" if self.district else self.full


@dataclass(frozen=True)
class Gazetteer:
    units: tuple[Unit, ...]
    by_key: dict[str, tuple[Unit, ...]]  # folded short name -> units
    wards: tuple[Unit, ...]
    max_name_tokens: int


def split_prefix(name: str) -> tuple[str, str]:
    """Split "Xã An Lạc" into ("Xã", "An Lạc") using the known prefixes (longest first)."""
    folded = fold(name)
    for key, display in UNIT_PREFIXES.items():
        if folded.startswith(key + " "):
            return display, name[len(key) + 1 :].strip()
    return "", name.strip()


def _read(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _absorbed(text: str) -> list[tuple[str, str, str]]:
    """Parse "Xã Đồng Tiến (huyện Hiệp Hòa), Xã Toàn Thắng" into (prefix, name, district note)."""
    out = []
    for part in text.split(","):
        note_match = _PAREN_RE.search(part)
        note = note_match.group(1) if note_match else ""
        prefix, short = split_prefix(clean(_PAREN_RE.sub("", part)))
        if prefix:
            out.append((prefix, short, fold(note)))
    return out


def _build() -> Gazetteer:
    wards: dict[str, Unit] = {}
    for row in _read("bac_ninh_2025_wards.csv"):
        prefix, short = split_prefix(clean(row["ward"]))
        wards[fold(short)] = Unit(
            "ward",
            prefix,
            short,
            None,
            row["wardCode"],
            f"{prefix} {short}",
            float(row["wardLat"]),
            float(row["wardLon"]),
        )
    # old unit (prefix, folded name) -> [(current unit, district note)]
    absorbed: dict[tuple[str, str], list[tuple[Unit, str]]] = defaultdict(list)
    sources_list: list[tuple[str, str, Unit]] = []
    for row in _read("bac_ninh_2025_merger_sources.csv"):
        current = wards[fold(clean(row["tenhc"]))]
        sources = _absorbed(row["truocsapnhap"]) or [(current.prefix, current.short, "")]
        for prefix, short, note in sources:
            absorbed[(prefix, fold(short))].append((current, note))
            sources_list.append((prefix, short, current))
    units: list[Unit] = list(wards.values())
    seen: set[tuple[str, str]] = set()
    for row in _read("bac_giang_legacy_communes.csv"):
        parts = [clean(p) for p in row["address"].split(",")]
        prefix, short = split_prefix(parts[0])
        district_prefix, district_short = split_prefix(parts[1])
        district = f"{UNIT_PREFIXES[fold(district_prefix)]} {district_short}"
        lat, lon = float(row["latitude"]), float(row["longitude"])
        options = absorbed.get((prefix, fold(short)), [])
        by_note = [c for c, note in options if note and note in fold(district)]
        pool = by_note or [c for c, _ in options] or list(wards.values())
        current = min(pool, key=lambda u: distance_km(lat, lon, u.lat, u.lon))
        units.append(
            Unit(
                "legacy_commune",
                prefix,
                short,
                district,
                current.code,
                current.current_name,
                lat,
                lon,
            )
        )
        seen.add((prefix, short.lower()))
    for prefix, short, current in sources_list:
        if (prefix, short.lower()) in seen:
            continue
        seen.add((prefix, short.lower()))  # pre-2025 Bắc Ninh units: no own centroid in the data
        units.append(
            Unit(
                "legacy_commune",
                prefix,
                short,
                None,
                current.code,
                current.current_name,
                current.lat,
                current.lon,
            )
        )
    for row in _read("bac_giang_legacy_districts.csv"):
        prefix, short = split_prefix(clean(row["address"].split(",")[0]))
        prefix = UNIT_PREFIXES[fold(prefix)]
        units.append(
            Unit(
                "legacy_district",
                prefix,
                short,
                None,
                None,
                None,
                float(row["latitude"]),
                float(row["longitude"]),
            )
        )
    for prefix, short, near in _BAC_NINH_OLD_DISTRICTS:
        seat = wards[fold(near)]
        units.append(Unit("legacy_district", prefix, short, None, None, None, seat.lat, seat.lon))
    by_key: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        by_key[fold(unit.short)].append(unit)
    return Gazetteer(
        units=tuple(units),
        by_key={k: tuple(v) for k, v in by_key.items()},
        wards=tuple(wards.values()),
        max_name_tokens=max(len(k.split()) for k in by_key),
    )


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load the gazetteer once from the package data files."""
    return _build()
