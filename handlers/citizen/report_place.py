"""Reading where a problem is: a typed place, a landmark, a ward's name, a location pin.

A place is useful to staff when it names the current commune or ward (its code routes the
report); a landmark alone («gần chợ Kép», «thôn Đông») is kept in the citizen's own words and
joined to the unit already known, or the unit is asked for once.
"""

from __future__ import annotations

from dataclasses import dataclass

import nlp
from handlers.chat.text_checks import clean_text
from handlers.citizen.draft import DraftPlace


@dataclass(frozen=True)
class PlaceReading:
    """What a text says about the place."""

    place: DraftPlace | None
    needs_ward: bool = False  # a landmark with no commune or ward
    ambiguous: nlp.PlaceMatch | None = None  # a name several units share


def read_place(raw: str, known: DraftPlace | None, *, typed: bool) -> PlaceReading:
    """The place in ``raw``; ``known`` is the unit already on the draft, if any.

    ``typed`` is True when the text is an answer to «where?» (it is then the citizen's own words
    for the place), False when the place was found inside the description.
    """
    text = clean_text(raw, 300)[0]
    matches = nlp.find_places(text)
    clear = [m for m in matches if not m.ambiguous]
    coded = [m for m in clear if m.code]
    if coded:
        place = DraftPlace.from_matches(clear)
        if typed:
            place.typed = text
        landmark = known.typed if known is not None and not known.code and not known.pin else None
        if landmark and landmark.casefold() not in text.casefold():
            place = place.with_landmark(landmark)  # «thôn Đông», then «Tân Dĩnh»
        return PlaceReading(place)
    ambiguous = next((m for m in matches if m.ambiguous), None)
    if ambiguous is not None and typed:
        return PlaceReading(None, ambiguous=ambiguous)
    landmark = ", ".join(m.name for m in clear) if not typed and clear else text
    if not typed and not clear:
        return PlaceReading(None, ambiguous=ambiguous)
    if known is not None and known.code and not known.pin:
        return PlaceReading(known.with_landmark(landmark))
    return PlaceReading(DraftPlace(display=landmark, typed=landmark), needs_ward=True)


def read_ward(raw: str, landmark: str) -> DraftPlace | None:
    """The commune or ward typed after a landmark («Tân Dĩnh», «xã Tân Dĩnh»), or None."""
    text = clean_text(raw, 200)[0]
    for candidate in (text, f"xã {text}", f"phường {text}"):
        coded = [m for m in nlp.find_places(candidate) if m.code and not m.ambiguous]
        if coded:
            unit = DraftPlace.from_matches(coded)
            return unit.with_landmark(landmark) if landmark else unit
    return None


def from_pin(lat: float, lon: float) -> tuple[DraftPlace, bool]:
    """The place of a location pin, and True when the pin is outside the province."""
    unit = nlp.nearest_unit(lat, lon)
    place = DraftPlace(display=f"{lat:.5f}, {lon:.5f}", lat=lat, lon=lon, pin=True)
    if unit is None:
        return place, True
    place.code, place.name = unit.code, unit.current_name
    place.display = f"{unit.current_name or unit.name} ({lat:.5f}, {lon:.5f})"
    return place, False
