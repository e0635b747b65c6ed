"""Communes/wards to filter and correct by, and the legacy districts that map onto them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from nlp import fold
from nlp.gazetteer import gazetteer


@dataclass(frozen=True)
class Place:
    """A current commune/ward."""

    code: str
    name: str


@dataclass(frozen=True)
class District:
    """A pre-2025 district and the current wards that absorbed any of its communes."""

    slug: str
    name: str
    codes: frozenset[str]


@lru_cache(maxsize=1)
def current_places() -> tuple[Place, ...]:
    """Current communes and wards of the province, by folded name."""
    units = [u for u in gazetteer().wards if u.code]
    units.sort(key=lambda u: fold(u.short))
    return tuple(Place(str(u.code), u.current_name or u.full) for u in units)


@lru_cache(maxsize=1)
def place_names() -> dict[str, str]:
    """Ward code -> name."""
    return {place.code: place.name for place in current_places()}


@lru_cache(maxsize=1)
def legacy_districts() -> dict[str, District]:
    """Slug -> district, for every old district whose communes the data ties to current wards."""
    codes: dict[str, set[str]] = defaultdict(set)
    for unit in gazetteer().units:
        if unit.kind == "legacy_commune" and unit.district and unit.code:
            codes[unit.district].add(unit.code)
    districts = sorted(codes, key=fold)
    return {
        fold(name).replace(" ", "-"): District(
            fold(name).replace(" ", "-"), name, frozenset(codes[name])
        )
        for name in districts
    }
