"""Which features the category model should see, measured on the corpus only.

``python -m nlp compare-features`` trains each candidate ``FeatureSpec`` leave-one-voice-out on the
corpus (vocabulary included) and prints macro-F1 on the held-out voices, as written and with the
diacritics stripped. The real-style evaluation set is never read here: the choice in
``nlp.training.FEATURES`` is made on these figures alone (see the data card).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from domain.taxonomy import CATEGORY_CODES
from nlp.corpus import Example, load_corpus
from nlp.features import FeatureSpec
from nlp.scoring import macro_f1
from nlp.training import C_CATEGORY, cross_validate

CANDIDATES: tuple[tuple[str, FeatureSpec], ...] = (
    ("a  char 3-5-grams, folded", FeatureSpec(words=False, chars=True, accents="none")),
    ("a+ words + chars, folded (the old model)", FeatureSpec(True, True, "none")),
    ("b  words 1-2, folded", FeatureSpec(True, False, "none")),
    ("c  words: accented model if marked, else folded", FeatureSpec(True, False, "route")),
    ("d  (c) + chars", FeatureSpec(True, True, "route")),
    ("e  folded words + accented words, one model", FeatureSpec(True, False, "union")),
    ("f  (c) + underthesea compounds", FeatureSpec(True, False, "route", segments=True)),
)
C_VALUES = (0.25, 0.5)  # compared with C_CATEGORY for the chosen features


@dataclass(frozen=True)
class StudyRow:
    """Leave-one-voice-out macro-F1 of one candidate."""

    name: str
    spec: dict[str, object]
    macro_f1_written: float
    macro_f1_folded: float
    per_voice_written: dict[str, float]
    seconds: float


def compare_features(
    examples: Sequence[Example] | None = None,
    candidates: Sequence[tuple[str, FeatureSpec]] = CANDIDATES,
    c_values: Sequence[tuple[str, FeatureSpec, float]] = (),
) -> list[StudyRow]:
    """Every candidate scored leave-one-voice-out on ``examples`` (default: the corpus).

    Candidates whose features need a library that is not installed (underthesea) are skipped.
    ``c_values`` adds (name, spec, C) rows with another regularisation of the category model.
    """
    data = list(examples) if examples is not None else load_corpus()
    rows = []
    runs = [(name, spec, C_CATEGORY) for name, spec in candidates] + list(c_values)
    for name, spec, c in runs:
        if spec.segments and not _segmenter_available():
            continue
        start = time.perf_counter()
        held = cross_validate(data, spec, c)
        gold = [h.example.category for h in held]
        written = [CATEGORY_CODES[int(h.category_logits.argmax())] for h in held]
        folded = [CATEGORY_CODES[int(h.category_logits_folded.argmax())] for h in held]
        voices = sorted({h.example.source for h in held})
        per_voice = {
            v: macro_f1(
                [g for g, h in zip(gold, held, strict=True) if h.example.source == v],
                [p for p, h in zip(written, held, strict=True) if h.example.source == v],
                CATEGORY_CODES,
            )
            for v in voices
        }
        rows.append(
            StudyRow(
                name,
                spec.as_dict(),
                macro_f1(gold, written, CATEGORY_CODES),
                macro_f1(gold, folded, CATEGORY_CODES),
                per_voice,
                time.perf_counter() - start,
            )
        )
    return rows


def _segmenter_available() -> bool:
    try:
        import underthesea  # noqa: F401
    except ImportError:
        return False
    return True


def format_study(rows: Sequence[StudyRow], n: int) -> str:
    """Plain-text table of the comparison."""
    lines = [
        f"== features, leave-one-voice-out on the corpus ({n} lines), category macro-F1",
        f"{'candidate':<50} {'written':>8} {'folded':>8} {'mean':>6} {'s':>6}",
    ]
    for r in rows:
        mean = (r.macro_f1_written + r.macro_f1_folded) / 2
        lines.append(
            f"{r.name:<50} {r.macro_f1_written:8.3f} {r.macro_f1_folded:8.3f} {mean:6.3f}"
            f" {r.seconds:6.1f}"
        )
    lines.append("macro-F1 per held-out voice, as written:")
    voices = sorted({v for r in rows for v in r.per_voice_written})
    lines.append(f"{'':<4}" + " ".join(f"{v[:10]:>10}" for v in voices))
    for r in rows:
        lines.append(
            f"{r.name[:3]:<4}"
            + " ".join(f"{r.per_voice_written.get(v, 0.0):10.3f}" for v in voices)
        )
    return "\n".join(lines)
