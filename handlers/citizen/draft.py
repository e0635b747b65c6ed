"""The report a citizen is writing: one typed draft from the first message to the saved row.

It lives as JSON in the chat's conversation row between messages; ``from_json`` also reads the
loose dict that conversations in progress before this type existed were stored with (same keys).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from domain.catalogue import t
from domain.taxonomy import Urgency
from nlp import Analysis, PlaceMatch


@dataclass
class DraftPlace:
    """Where the problem is: what the citizen typed or pinned, and the unit it resolved to."""

    display: str
    code: str | None = None  # the current administrative unit's code
    name: str | None = None  # its current name
    legacy: str | None = None  # its name before the 2025 merger
    lat: float | None = None
    lon: float | None = None
    typed: str | None = None  # the citizen's own words
    pin: bool = False  # from a location pin

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> DraftPlace | None:
        """The place stored as ``data``, or None."""
        if not data or not data.get("display"):
            return None
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    @classmethod
    def from_matches(cls, clear: Sequence[PlaceMatch]) -> DraftPlace:
        """One place from unambiguous matches (at least one): the most precise with a code.

        Shown as the village or street group, then the current unit with the old unit's name in
        brackets when the citizen used an old name: «Thôn Đông, Xã Tân Dĩnh»,
        «Phường Tiền Phong (Xã Nội Hoàng cũ)».
        """
        coded = [p for p in clear if p.code]
        best = coded[0] if coded else clear[0]
        villages = [p.name for p in clear if p.level == "village"]
        unit = best.current_name or best.name
        old = [p.name for p in clear if p.level == "legacy_commune" and p.name != unit]
        if old:
            unit = t("place_unit_with_legacy", current=unit, legacy=old[0])
        display = ", ".join(dict.fromkeys([*villages, unit]))
        return cls(
            display=display,
            code=best.code,
            name=best.current_name,
            legacy=best.legacy_name,
            lat=best.lat,
            lon=best.lon,
        )

    def take_unit(self, other: DraftPlace) -> None:
        """Resolve this place to the unit ``other`` stands for (code, names, coordinates)."""
        self.code, self.name, self.legacy = other.code, other.name, other.legacy
        self.lat, self.lon = other.lat, other.lon

    @property
    def place_text(self) -> str:
        """The text kept on the report: the citizen's words, else what was shown to them."""
        return self.typed or self.display

    def with_landmark(self, landmark: str) -> DraftPlace:
        """This unit with the citizen's own words for the spot (a landmark, a street)."""
        return DraftPlace(
            display=f"{landmark}, {self.display}",
            code=self.code,
            name=self.name,
            legacy=self.legacy,
            lat=self.lat,
            lon=self.lon,
            typed=f"{landmark}, {self.display}",
            pin=False,
        )


@dataclass
class ReportDraft:
    """Everything collected so far; the report is filed from it unchanged."""

    draft_id: str = field(default_factory=lambda: secrets.token_hex(3))  # in its buttons
    text: str = ""
    short_text: str | None = None  # a too-short first description, kept to prefix the next
    suggested: str | None = None  # the classifier's category
    confidence: float | None = None
    alternatives: list[str] = field(default_factory=list)
    urgency: str = Urgency.TRUNG_BINH.value
    urgency_reasons: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)  # moderation reasons
    proposed_place: DraftPlace | None = None  # found in the text, offered for confirmation
    category: str | None = None  # the category the citizen chose
    place: DraftPlace | None = None
    photos: list[int] = field(default_factory=list)  # attachment ids, linked on filing
    anonymous: bool = False
    phone: str | None = None
    place_skipped: bool = False  # the citizen said they cannot tell where
    ward_asked: bool = False  # the commune or ward of a landmark was asked once
    category_chosen: bool = False  # the citizen picked or confirmed the category themselves

    def take_analysis(self, text: str, analysis: Analysis) -> None:
        """The description and what was understood of it: category, urgency, moderation."""
        self.text = text
        self.suggested = analysis.category.category
        self.confidence = round(analysis.category.confidence, 4)
        self.alternatives = [code for code, _ in analysis.category.alternatives[:2]]
        self.urgency = analysis.urgency.level
        self.urgency_reasons = list(analysis.urgency.reasons)
        self.flagged = list(analysis.moderation.reasons)

    def to_json(self) -> dict[str, Any]:
        """The draft as plain JSON for the conversation row."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> ReportDraft:
        """The draft stored as ``data`` (the current shape or the older loose dict)."""
        data = data or {}
        return cls(
            draft_id=str(data.get("draft_id") or "legacy"),
            text=str(data.get("text") or ""),
            short_text=data.get("short_text"),
            suggested=data.get("suggested"),
            confidence=_float(data.get("confidence")),
            alternatives=list(data.get("alternatives") or []),
            urgency=str(data.get("urgency") or Urgency.TRUNG_BINH.value),
            urgency_reasons=list(data.get("urgency_reasons") or []),
            flagged=list(data.get("flagged") or []),
            proposed_place=DraftPlace.from_json(data.get("proposed_place")),
            category=data.get("category"),
            place=DraftPlace.from_json(data.get("place")),
            photos=[int(p) for p in data.get("photos") or []],
            anonymous=bool(data.get("anonymous")),
            phone=data.get("phone"),
            place_skipped=bool(data.get("place_skipped")),
            ward_asked=bool(data.get("ward_asked")),
            category_chosen=bool(data.get("category_chosen")),
        )


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None
