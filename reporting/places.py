"""Names of current communes/wards and their pre-2025 districts, from the nlp gazetteer."""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache

from nlp import fold
from nlp.gazetteer import gazetteer

DISTRICT_PREFIX = "huyen:"  # area filter value of a legacy district: "huyen:<folded name>"


@lru_cache(maxsize=1)
def ward_names() -> dict[str, str]:
    """Current unit code -> full name ("Phường Bắc Giang"), sorted by folded name."""
    wards = sorted(gazetteer().wards, key=lambda u: fold(u.short))
    return {u.code: u.full for u in wards if u.code}


@lru_cache(maxsize=1)
def ward_districts() -> dict[str, str]:
    """Current unit code -> the legacy district most of its absorbed communes belonged to."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for unit in gazetteer().units:
        if unit.kind == "legacy_commune" and unit.code and unit.district:
            votes[unit.code][unit.district] += 1
    return {code: counter.most_common(1)[0][0] for code, counter in votes.items()}


@lru_cache(maxsize=1)
def districts() -> dict[str, str]:
    """Area filter value -> district name, for every district that has current units."""
    names = sorted(set(ward_districts().values()), key=fold)
    return {DISTRICT_PREFIX + fold(name).replace(" ", "-"): name for name in names}


def place_name(code: str | None) -> str | None:
    """Full name of a current unit code; None when the code is empty or unknown."""
    return ward_names().get(code) if code else None


def district_of(code: str | None) -> str | None:
    """Legacy district of a current unit code, when the gazetteer knows it."""
    return ward_districts().get(code) if code else None


def area_codes(area: str) -> frozenset[str] | None:
    """Unit codes an area filter value stands for; None when the value is unknown."""
    if area in ward_names():
        return frozenset({area})
    name = districts().get(area)
    if name is None:
        return None
    return frozenset(code for code, district in ward_districts().items() if district == name)
