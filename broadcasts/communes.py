"""Resolve a commune/ward given by a citizen or in a member list: old or new name, or ward code."""

from __future__ import annotations

from dataclasses import dataclass, field

import nlp
from broadcasts.audience import ward_codes
from domain.catalogue import t
from nlp.gazetteer import gazetteer

UNIT_LEVELS = ("ward", "legacy_commune")


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
        """ "Xã Lệ Viễn (nay thuộc Xã An Lạc)" for an old name, else the current name."""
        if self.given_name and self.current_name and self.given_name != self.current_name:
            return t("sub_place_now", old=self.given_name, current=self.current_name)
        return self.current_name or self.given_name or ""


def ward_name(code: str) -> str | None:
    """Full current name of a ward code."""
    return next((u.full for u in gazetteer().wards if u.code == code), None)


def resolve_commune(text: str) -> Commune:
    """The current unit a name or code stands for (pre-2025 names map to their current unit)."""
    value = (text or "").strip()
    if not value:
        return Commune("unknown")
    if value in ward_codes():
        return Commune("ok", value, ward_name(value), ward_name(value))
    units = [m for m in nlp.find_places(value) if m.level in UNIT_LEVELS]
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
    if any(m.level == "legacy_district" for m in nlp.find_places(value)):
        return Commune("district")
    return Commune("unknown")


def commune_at(lat: float, lon: float) -> Commune:
    """The current unit around a location pin (``unknown`` when outside the province)."""
    unit = nlp.nearest_unit(lat, lon)
    if unit is None or unit.code is None:
        return Commune("unknown")
    return Commune("ok", unit.code, unit.current_name, unit.current_name)
