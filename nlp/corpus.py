"""Reading the labelled corpus (``nlp/data/corpus/<category>.jsonl``)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from domain.taxonomy import CATEGORY_CODES, URGENCY_CODES

CORPUS_DIR = Path(__file__).parent / "data" / "corpus"
STAFF_SOURCE = "staff"


@dataclass(frozen=True)
class Example:
    """One labelled text. ``urgency`` is None for staff corrections (category only)."""

    text: str
    category: str
    urgency: str | None
    source: str
    diacritics: bool


def _parse(line: str) -> Example | None:
    try:
        row = json.loads(line)
    except json.JSONDecodeError:
        return None
    if not isinstance(row, dict):
        return None
    text, category = row.get("text"), row.get("category")
    if not isinstance(text, str) or not text.strip() or category not in CATEGORY_CODES:
        return None
    urgency = row.get("urgency")
    return Example(
        text=text,
        category=str(category),
        urgency=urgency if urgency in URGENCY_CODES else None,
        source=str(row.get("source") or "unknown"),
        diacritics=bool(row.get("diacritics", True)),
    )


def corpus_files(directory: Path = CORPUS_DIR) -> list[Path]:
    return sorted(directory.glob("*.jsonl")) if directory.is_dir() else []


def load_corpus(directory: Path = CORPUS_DIR) -> list[Example]:
    """All valid examples, in a stable order; malformed lines are skipped."""
    examples: list[Example] = []
    for path in corpus_files(directory):
        with open(path, encoding="utf-8") as handle:
            examples.extend(e for e in map(_parse, handle) if e is not None)
    return examples


def corpus_digest(directory: Path = CORPUS_DIR) -> str:
    """Fingerprint of the corpus files, stored with the model to tell which data trained it."""
    digest = hashlib.sha256()
    for path in corpus_files(directory):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def staff_examples(extra: Iterable[tuple[str, str]] | None) -> list[Example]:
    """Staff corrections (text, category) as examples; invalid ones are ignored."""
    out = []
    for item in extra or ():
        try:
            text, category = item
        except (TypeError, ValueError):
            continue
        if isinstance(text, str) and text.strip() and category in CATEGORY_CODES:
            out.append(Example(text, str(category), None, STAFF_SOURCE, True))
    return out
