"""The gazetteer: current Bắc Ninh units and the pre-2025 units they absorbed."""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from dataclasses import dataclass, field
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

# Old districts not in the district file (pre-2025 Bắc Ninh, Yên Dũng, and the districts that
# became towns in 2021-2024 under their earlier names): name -> current unit near the seat.
_OTHER_OLD_DISTRICTS: tuple[tuple[str, str, str], ...] = (
    ("Thành phố", "Bắc Ninh", "Kinh Bắc"),
    ("Thành phố", "Từ Sơn", "Từ Sơn"),
    ("Thị xã", "Quế Võ", "Quế Võ"),
    ("Thị xã", "Thuận Thành", "Thuận Thành"),
    ("Huyện", "Yên Phong", "Yên Phong"),
    ("Huyện", "Tiên Du", "Tiên Du"),
    ("Huyện", "Gia Bình", "Gia Bình"),
    ("Huyện", "Lương Tài", "Lương Tài"),
    ("Huyện", "Yên Dũng", "Yên Dũng"),  # Bắc Giang district merged into the city in 2024
)
# Districts renamed when they became towns (2021, 2024): the units keep the earlier name too.
_EARLIER_DISTRICT: dict[str, str] = {
    "Thị xã Chũ": "Lục Ngạn",
    "Thị xã Việt Yên": "Việt Yên",
    "Thị xã Quế Võ": "Quế Võ",
    "Thị xã Thuận Thành": "Thuận Thành",
    "Thành phố Từ Sơn": "Từ Sơn",
}
# Communes of the former Huyện Yên Dũng, listed under Thành phố Bắc Giang in the 2024 data.
_FROM_YEN_DUNG = frozenset(
    fold(name)
    for name in (
        "Neo",
        "Tân Dân",
        "Nham Biền",
        "Tân An",
        "Cảnh Thụy",
        "Đồng Phúc",
        "Đồng Việt",
        "Đức Giang",
        "Hương Gián",
        "Lãng Sơn",
        "Lão Hộ",
        "Nham Sơn",
        "Nội Hoàng",
        "Quỳnh Sơn",
        "Tân Liễu",
        "Thắng Cương",
        "Tiến Dũng",
        "Tiền Phong",
        "Trí Yên",
        "Tư Mại",
        "Xuân Phú",
        "Yên Lư",
    )
)


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
    districts: tuple[str, ...] = ()  # folded short names of every district it belonged to

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
    boxes: tuple[tuple[float, float, float, float], ...] = ()  # old communes' lat/lon bounds
    ward_areas: dict[str, float] = field(default_factory=dict)  # code -> km²


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


def _full(name: str) -> tuple[str, str]:
    prefix, short = split_prefix(clean(name))
    return (UNIT_PREFIXES.get(fold(prefix), prefix), short)


def _district_keys(district: str, unit_short: str) -> tuple[str, ...]:
    """Folded short names of the districts a unit of ``district`` (as of 2024) belonged to."""
    keys = [fold(_full(district)[1])]
    earlier = _EARLIER_DISTRICT.get(district)
    if earlier:
        keys.append(fold(earlier))
    if district == "Thành phố Bắc Giang" and fold(unit_short) in _FROM_YEN_DUNG:
        keys.append("yen dung")
    return tuple(dict.fromkeys(keys))


def _build() -> Gazetteer:
    wards: dict[str, Unit] = {}
    ward_area: dict[str, float] = {}
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
        ward_area[row["wardCode"]] = float(row["wardAreaKm2"] or 0.0)
    # geocoded centroids of Bắc Giang's 2024 communes: (folded district, folded full name)
    centroids: dict[tuple[str, str], tuple[float, float]] = {}
    boxes: list[tuple[float, float, float, float]] = []
    for row in _read("bac_giang_legacy_communes.csv"):
        corners = [[float(x) for x in c.split(",")] for c in row["bounds"].split("–")]
        (lat1, lon1), (lat2, lon2) = corners
        boxes.append((min(lat1, lat2), min(lon1, lon2), max(lat1, lat2), max(lon1, lon2)))
        parts = [clean(p) for p in row["address"].split(",")]
        district = " ".join(_full(parts[1]))
        centroids[(fold(district), fold(" ".join(_full(parts[0]))))] = (
            float(row["latitude"]),
            float(row["longitude"]),
        )
    units: list[Unit] = list(wards.values())
    # the last units before 1 July 2025, each with the current unit that absorbed it
    last: dict[tuple[str, str], Unit] = {}  # (folded district, folded full name) -> unit
    for row in _read("pre_2025_units.csv"):
        district = " ".join(_full(row["district"]))
        prefix, short = _full(row["unit"])
        current = wards[fold(_full(row["unit_2025"])[1])]
        lat, lon = centroids.get(
            (fold(district), fold(f"{prefix} {short}")), (current.lat, current.lon)
        )
        unit = Unit(
            "legacy_commune",
            prefix,
            short,
            district,
            current.code,
            current.current_name,
            lat,
            lon,
            _district_keys(district, short),
        )
        last[(fold(district), fold(unit.full))] = unit
        units.append(unit)
    # units dissolved in earlier mergers (2019-2024), reached through the unit that absorbed them
    for row in _read("earlier_units.csv"):
        district = " ".join(_full(row["district"]))
        into = last[(fold(district), fold(" ".join(_full(row["absorbed_by"]))))]
        prefix, short = _full(row["unit"])
        units.append(
            Unit(
                "legacy_commune",
                prefix,
                short,
                district,  # as of 2024; the earlier districts are in ``districts``
                into.code,
                into.current_name,
                into.lat,
                into.lon,
                _district_keys(district, short),
            )
        )
    for row in _read("bac_giang_legacy_districts.csv"):
        prefix, short = _full(row["address"].split(",")[0])
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
                (fold(short),),
            )
        )
    for prefix, short, near in _OTHER_OLD_DISTRICTS:
        seat = wards[fold(near)]
        units.append(
            Unit(
                "legacy_district",
                prefix,
                short,
                None,
                None,
                None,
                seat.lat,
                seat.lon,
                (fold(short),),
            )
        )
    by_key: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        by_key[fold(unit.short)].append(unit)
    return Gazetteer(
        units=tuple(units),
        by_key={k: tuple(v) for k, v in by_key.items()},
        wards=tuple(wards.values()),
        max_name_tokens=max(len(k.split()) for k in by_key),
        boxes=tuple(boxes),
        ward_areas=ward_area,
    )


PIN_RADIUS_FACTOR = 1.6  # how far from a unit's centroid, in radii of a disc of its area


def in_province(lat: float, lon: float) -> bool:
    """Whether a point lies in the province: inside the bounds of an old Bắc Giang commune, or
    within 1.6 radii (of a disc of the unit's area) of the nearest current unit's centroid.

    Checked on the points of the neighbouring provinces' towns next to the border (Sóc Sơn,
    Đông Anh, Gia Lâm, Văn Lâm, Chí Linh, Đông Triều, Hữu Lũng, Phổ Yên): all outside.
    """
    g = gazetteer()
    if any(a <= lat <= c and b <= lon <= d for a, b, c, d in g.boxes):
        return True
    best = min(g.wards, key=lambda u: distance_km(lat, lon, u.lat, u.lon))
    radius = math.sqrt(g.ward_areas.get(best.code or "", 0.0) / math.pi)
    return distance_km(lat, lon, best.lat, best.lon) <= PIN_RADIUS_FACTOR * max(radius, 1.0)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load the gazetteer once from the package data files."""
    return _build()
