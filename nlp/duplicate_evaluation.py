"""Precision and recall of ``nlp.similar_reports`` on a hand-written set of labelled pairs.

``data/duplicates/incidents.tsv`` (card in ``data/duplicates/README.md``) holds reports written by
hand, each labelled with the incident it describes, its ward, category and day. Every report is
compared, as a new report, with the reports of its ward and category that came before it (the
pool staff would see); a pair is the same incident when both carry the same label. Pairs of
different incidents on the same street or at the same landmark are counted apart: they are the
ones a street bonus could wrongly join. ``data/duplicates/bare_streets.tsv`` holds, in one ward and
category, reports naming a street without its «đường/phố» word («le loi o ga» next to «ổ gà
đường Lê Lợi»), with and without marks, next to other incidents on the same street.

The threshold is chosen where F1 is highest; to show how much that choice flatters the figure,
it is also chosen on half of the wards and categories and measured on the other half, both ways.

``python -m nlp.duplicate_evaluation`` prints the figures (also part of ``python -m nlp evaluate``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from nlp.duplicates import DEFAULT_THRESHOLD, similar_reports, spot_relation
from nlp.types import ReportSnapshot

SET_PATH = Path(__file__).parent / "data" / "duplicates" / "incidents.tsv"
STREET_PATH = Path(__file__).parent / "data" / "duplicates" / "street_pairs.tsv"
BARE_PATH = Path(__file__).parent / "data" / "duplicates" / "bare_streets.tsv"
_START = datetime(2025, 9, 1, 8, 0)


@dataclass(frozen=True)
class Labelled:
    incident: str
    report: ReportSnapshot


@dataclass(frozen=True)
class ScoredPair:
    cell: tuple[str, str]  # ward, category
    same: bool
    same_spot: bool  # both name one street or landmark (one of them maybe without «đường»)
    score: float


def load(path: Path = SET_PATH) -> list[Labelled]:
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        incident, ward, category, day, text = line.split("\t")
        created = _START + timedelta(days=int(day), minutes=number)
        out.append(Labelled(incident, ReportSnapshot(f"r{number}", text, category, ward, created)))
    return out


def scored_pairs(
    items: list[Labelled] | None = None, *, by_category: bool = True
) -> list[ScoredPair]:
    """Every pair of reports of one ward (and category), scored with the later one as new."""
    cells: dict[tuple[str, str], list[Labelled]] = defaultdict(list)
    for item in items if items is not None else load():
        category = (item.report.category or "") if by_category else "*"
        cells[(item.report.place_code or "", category)].append(item)
    pairs = []
    for cell, members in sorted(cells.items()):
        members.sort(key=lambda m: m.report.created_at)
        for k, new in enumerate(members[1:], 1):
            earlier = members[:k]
            scores = {
                s.id: s.score
                for s in similar_reports(
                    new.report, [m.report for m in earlier], threshold=0.0, limit=len(earlier)
                )
            }
            for old in earlier:
                pairs.append(
                    ScoredPair(
                        cell,
                        old.incident == new.incident,
                        spot_relation(new.report, old.report) > 0,
                        scores.get(old.report.id, 0.0),
                    )
                )
    return pairs


def precision_recall(pairs: list[ScoredPair], threshold: float) -> tuple[float, float, float]:
    tp = sum(p.same and p.score >= threshold for p in pairs)
    fp = sum(not p.same and p.score >= threshold for p in pairs)
    fn = sum(p.same and p.score < threshold for p in pairs)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def best_threshold(pairs: list[ScoredPair]) -> float:
    """The threshold (steps of 0.01) with the highest F1; the lowest such one on ties."""
    grid = [round(0.05 + 0.01 * i, 2) for i in range(91)]
    return max(grid, key=lambda t: (precision_recall(pairs, t)[2], -t))


def all_pairs() -> tuple[list[ScoredPair], list[ScoredPair], list[ScoredPair]]:
    """The pairs of one ward and category, the pairs on one street of any category, and the
    pairs of one ward and category where a street is named without its «đường/phố» word."""
    return (
        scored_pairs(load()),
        scored_pairs(load(STREET_PATH), by_category=False),
        scored_pairs(load(BARE_PATH)),
    )


def report() -> str:
    """The figures as printed by ``python -m nlp evaluate``."""
    main_pairs, street_pairs, bare_pairs = all_pairs()
    pairs = main_pairs + street_pairs + bare_pairs
    same = [p for p in main_pairs if p.same]
    other = [p for p in main_pairs if not p.same]
    on_street = [p for p in other if p.same_spot]
    chosen = best_threshold(pairs)
    p, r, f1 = precision_recall(pairs, DEFAULT_THRESHOLD)
    mp, mr, _ = precision_recall(main_pairs, DEFAULT_THRESHOLD)
    sp, sr, _ = precision_recall(street_pairs, DEFAULT_THRESHOLD)
    bp, br, _ = precision_recall(bare_pairs, DEFAULT_THRESHOLD)
    lines = [
        f"Duplicates: {len(same)} same-incident and {len(other)} different-incident pairs "
        f"in one ward and category ({len(on_street)} of them on one street or landmark), "
        f"plus {len(street_pairs)} pairs in one ward across categories "
        f"({sum(x.same for x in street_pairs)} same incident, mostly on one street), "
        f"plus {len(bare_pairs)} pairs with a street named without «đường/phố» "
        f"({sum(x.same for x in bare_pairs)} same incident)",
        f"  at the threshold in use {DEFAULT_THRESHOLD:.2f}: precision {p:.3f}  recall {r:.3f}  "
        f"F1 {f1:.3f} (ward and category: {mp:.3f} / {mr:.3f}; across categories: "
        f"{sp:.3f} / {sr:.3f}; street without «đường/phố»: {bp:.3f} / {br:.3f})",
        f"  best threshold on the whole set {chosen:.2f}",
    ]
    wrong = sum(x.score >= DEFAULT_THRESHOLD for x in on_street)
    bare_street = [x for x in bare_pairs if not x.same and x.same_spot]
    bare_wrong = sum(x.score >= DEFAULT_THRESHOLD for x in bare_street)
    lines.append(
        f"  different incidents on one street proposed: {wrong}/{len(on_street)} "
        f"(with a street named without «đường/phố»: {bare_wrong}/{len(bare_street)})"
    )
    cells = sorted({x.cell for x in pairs})
    halves = (set(cells[0::2]), set(cells[1::2]))
    for pick, test in (halves, halves[::-1]):
        tuned = best_threshold([x for x in pairs if x.cell in pick])
        hp, hr, _ = precision_recall([x for x in pairs if x.cell in test], tuned)
        lines.append(
            f"  chosen on half the cells ({tuned:.2f}), measured on the other half: "
            f"precision {hp:.3f}  recall {hr:.3f}"
        )
    return "\n".join(lines)


def main() -> None:
    print(report())


if __name__ == "__main__":
    main()
