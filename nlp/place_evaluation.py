"""Precision and recall of ``nlp.find_places`` on a hand-written set of citizen sentences, and a
walk over every unit of the gazetteer by its old and new names.

The set (``data/places/sentences.tsv``, its card in ``data/places/README.md``) gives for each
sentence the current unit(s) it names, ``-`` when it names none (a market or a school named after
a unit, the province, a street) or ``?`` when the name is shared by several units and nothing in
the sentence tells which. A found unit counts when it is not ambiguous and carries a code; it is
right when that code is one of the expected units'.

``python -m nlp.place_evaluation`` prints the figures (also part of ``python -m nlp evaluate``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nlp.gazetteer import gazetteer
from nlp.places import find_places
from nlp.text import fold

SET_PATH = Path(__file__).parent / "data" / "places" / "sentences.tsv"
UNIT_LEVELS = ("ward", "legacy_commune")


@dataclass(frozen=True)
class PlaceCase:
    text: str
    expected: frozenset[str]  # current units' codes
    ambiguous: bool  # "?": the sentence names a unit several share, without telling which
    note: str


@dataclass
class PlaceScores:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    ambiguous_flagged: int = 0
    ambiguous_cases: int = 0
    sentences: int = 0
    exact: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0


def load_cases(path: Path = SET_PATH) -> list[PlaceCase]:
    """The labelled sentences; an expected name that is no current unit is an error."""
    codes = {u.full: u.code for u in gazetteer().wards if u.code}
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        text, expected, note = [*line.split("\t"), "", ""][:3]
        names = [] if expected in ("-", "?") else [n.strip() for n in expected.split(";")]
        unknown = [n for n in names if n not in codes]
        if unknown:
            raise ValueError(f"{path.name}:{number}: not a current unit: {unknown}")
        cases.append(PlaceCase(text, frozenset(codes[n] for n in names), expected == "?", note))
    return cases


def evaluate(cases: list[PlaceCase] | None = None) -> PlaceScores:
    scores = PlaceScores()
    for case in cases if cases is not None else load_cases():
        matches = [m for m in find_places(case.text) if m.level in UNIT_LEVELS]
        found = {m.code for m in matches if m.code and not m.ambiguous}
        right = found & case.expected
        scores.sentences += 1
        scores.true_positive += len(right)
        scores.false_positive += len(found - case.expected)
        scores.false_negative += len(case.expected - found)
        if case.ambiguous:
            scores.ambiguous_cases += 1
            scores.ambiguous_flagged += any(m.ambiguous for m in matches)
        if found == case.expected:
            scores.exact += 1
        else:
            scores.errors.append(
                f"{case.text!r}: found {sorted(found)}, want {sorted(case.expected)}"
            )
    return scores


def walk_gazetteer() -> tuple[int, int, list[str]]:
    """Every current and pre-2025 unit, named as a citizen would (with and without marks, the
    old ones with their district): (found, tried, failures)."""
    tried, failures = 0, []
    for unit in gazetteer().units:
        if unit.kind not in UNIT_LEVELS:
            continue
        named = unit.full if unit.kind == "ward" else f"{unit.full}, {unit.district or ''}"
        for text in (f"ổ gà ở {named}", fold(f"o ga o {named}")):
            tried += 1
            matches = [m for m in find_places(text) if m.level in UNIT_LEVELS]
            if not matches or matches[0].ambiguous or matches[0].code != unit.code:
                failures.append(text)
    return tried - len(failures), tried, failures


def report() -> str:
    """The figures as printed by ``python -m nlp evaluate``."""
    scores = evaluate()
    found, tried, _ = walk_gazetteer()
    lines = [
        f"Places: {scores.sentences} hand-written sentences ({SET_PATH.name})",
        f"  precision {scores.precision:.3f}  recall {scores.recall:.3f}  "
        f"(units found right {scores.true_positive}, wrong {scores.false_positive}, "
        f"missed {scores.false_negative})",
        f"  sentences exactly right {scores.exact}/{scores.sentences}; "
        f"shared names flagged ambiguous {scores.ambiguous_flagged}/{scores.ambiguous_cases}",
        f"  gazetteer walk: {found}/{tried} units found by their old and new names",
    ]
    return "\n".join(lines)


def main() -> None:
    print(report())
    for error in evaluate().errors:
        print("  miss:", error)


if __name__ == "__main__":
    main()
