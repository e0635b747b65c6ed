"""Administrative areas over the gazetteer: current wards, legacy districts, and resolving a
commune/ward given by a person or in a member list (old or new name, ward code, location pin)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from domain.catalogue import t
from nlp.gazetteer import gazetteer, split_prefix
from nlp.places import find_places, nearest_unit
from nlp.text import fold

UNIT_LEVELS = ("ward", "legacy_commune")


@lru_cache(maxsize=1)
def ward_codes() -> frozenset[str]:
    """Codes of all current communes/wards."""
    return frozenset(u.code for u in gazetteer().wards if u.code)


@lru_cache(maxsize=1)
def _ward_names() -> dict[str, str]:
    return {u.code: u.full for u in gazetteer().wards if u.code}


def ward_name(code: str) -> str | None:
    """Full current name of a ward code."""
    return _ward_names().get(code)


@lru_cache(maxsize=1)
def legacy_district_wards() -> dict[str, frozenset[str]]:
    """Old district full name ("Huyện Tân Yên") -> current wards that absorbed any of its communes.

    Inclusive on purpose: a ward formed from communes of two old districts belongs to both (a
    campaign for either district reaches it). A district renamed when it became a town or was
    merged (Lục Ngạn and Thị xã Chũ, Huyện Yên Dũng and Thành phố Bắc Giang) counts under each
    name for the communes it held.
    """
    names = {u.districts[0]: u.full for u in gazetteer().units if u.kind == "legacy_district"}
    absorbed: dict[str, set[str]] = defaultdict(set)
    for unit in gazetteer().units:
        if unit.kind != "legacy_commune" or not unit.code:
            continue
        if unit.district:
            absorbed[unit.district].add(unit.code)
        for key in unit.districts:
            if key in names:
                absorbed[names[key]].add(unit.code)
    return {name: frozenset(codes) for name, codes in absorbed.items()}


_DISTRICT_PREFIXES = ("huyen ", "thi xa ", "thanh pho ", "tp. ", "tp ", "tx. ", "tx ", "h. ")


def district_name(value: str) -> str | None:
    """The gazetteer's full name of an old district given with or without prefix (any prefix:
    «huyện Quế Võ» is the town Quế Võ became), any accents."""
    key = fold(value).strip().lower()
    short = next((key[len(p) :] for p in _DISTRICT_PREFIXES if key.startswith(p)), key).strip()
    exact = next((n for n in legacy_district_wards() if fold(n).lower() == key), None)
    if exact:
        return exact
    for name in legacy_district_wards():
        if fold(split_prefix(name)[1]).lower() == short:
            return name
    return None


@dataclass(frozen=True)
class Commune:
    """Outcome: ``ok`` (code set), ``ambiguous`` (candidates), ``district`` or ``unknown``."""

    outcome: str
    code: str | None = None
    current_name: str | None = None
    given_name: str | None = None  # the unit as named (an old commune keeps its old name here)
    candidates: list[str] = field(default_factory=list)

    @property
    def display(self) -> str:
        """ "Xã An Lạc (Xã Lệ Viễn cũ)" for an old name (the current unit first, as everywhere
        a place is shown), else the current name."""
        if self.given_name and self.current_name and self.given_name != self.current_name:
            return t("place_unit_with_legacy", current=self.current_name, legacy=self.given_name)
        return self.current_name or self.given_name or ""


def resolve_commune(text: str) -> Commune:
    """The current unit a name or code stands for (pre-2025 names map to their current unit)."""
    value = (text or "").strip()
    if not value:
        return Commune("unknown")
    if value in ward_codes():
        return Commune("ok", value, ward_name(value), ward_name(value))
    places = find_places(value)
    units = [m for m in places if m.level in UNIT_LEVELS]
    clear = [m for m in units if not m.ambiguous and m.code]
    codes = list(dict.fromkeys(m.code for m in clear))
    if len(codes) == 1:
        best = next(m for m in clear if m.code == codes[0])
        return Commune("ok", best.code, best.current_name, best.name)
    if len(codes) > 1:
        return Commune("ambiguous", candidates=list(dict.fromkeys(m.name for m in clear)))
    ambiguous = [m for m in units if m.ambiguous]
    if ambiguous:
        return Commune("ambiguous", candidates=list(ambiguous[0].candidates))
    if any(m.level == "legacy_district" for m in places):
        return Commune("district")
    return Commune("unknown")


def commune_at(lat: float, lon: float) -> Commune:
    """The current unit around a location pin (``unknown`` when outside the province)."""
    unit = nearest_unit(lat, lon)
    if unit is None or unit.code is None:
        return Commune("unknown")
    return Commune("ok", unit.code, unit.current_name, unit.current_name)
