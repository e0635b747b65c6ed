"""The labelled intent sets (``nlp/data/intent/*.tsv``): ``label<TAB>style<TAB>text`` lines."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from nlp.types import IntentLabel

INTENT_DIR = Path(__file__).parent / "data" / "intent"
TRAIN_FILE = INTENT_DIR / "train.tsv"
EVALUATION_FILE = INTENT_DIR / "evaluation.tsv"
# written after the model was frozen and scored once (data/README.md)
SECOND_EVALUATION_FILE = INTENT_DIR / "evaluation_b.tsv"
_LABELS = {label.value for label in IntentLabel}


@dataclass(frozen=True)
class IntentExample:
    """One labelled message and the style it was written in (chat, formal, south, ...)."""

    text: str
    label: IntentLabel
    style: str


def load_intent_examples(path: Path = TRAIN_FILE) -> list[IntentExample]:
    """Every valid line of ``path`` in file order; the header and malformed lines are skipped."""
    if not path.is_file():
        return []
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or parts[0] not in _LABELS or not parts[2].strip():
            continue
        examples.append(IntentExample(parts[2], IntentLabel(parts[0]), parts[1]))
    return examples


def intent_digest(path: Path = TRAIN_FILE) -> str:
    """Fingerprint of the training set, stored with the model to tell which data trained it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else "none"
