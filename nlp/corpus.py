"""Reading the labelled corpus (``nlp/data/corpus/<category>.jsonl`` and ``corpus/voices/``).

The first part of the corpus (``corpus/<category>.jsonl``) carries a ``source`` field (chat,
petition, news, hotline, forum); the lines written later, one file per category and voice
(``corpus/voices/<category>.<voice>.jsonl``: news_excerpt, resident_quote, zalo_nomarks,
hotline_transcript, ward_petition, meeting_minute), carry a ``voice`` field. Both are one
"voice" for the leave-one-voice-out evaluation: the ``voice`` field when present, else ``source``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from domain.taxonomy import CATEGORY_CODES, URGENCY_CODES

CORPUS_DIR = Path(__file__).parent / "data" / "corpus"
VOICES = "voices"
STAFF_SOURCE = "staff"


@dataclass(frozen=True)
class Example:
    """One labelled text. ``urgency`` is None for staff corrections (category only).

    ``source`` is the voice the line was written in (held out as a whole in evaluation).
    """

    text: str
    category: str
    urgency: str | None
    source: str
    diacritics: bool
    region: str = ""


def parse_line(line: str) -> Example | None:
    """One corpus line as an example, or None when it is not a valid labelled line."""
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
        source=str(row.get("voice") or row.get("source") or "unknown"),
        diacritics=bool(row.get("diacritics", True)),
        region=str(row.get("region") or ""),
    )


def corpus_files(directory: Path = CORPUS_DIR) -> list[Path]:
    """The corpus files: ``*.jsonl`` in ``directory`` and in its ``voices/`` folder, sorted."""
    if not directory.is_dir():
        return []
    files = sorted(directory.glob("*.jsonl"))
    return files + sorted((directory / VOICES).glob("*.jsonl"))


def load_jsonl(path: Path) -> list[Example]:
    """The valid examples of one JSON Lines file, in file order; malformed lines are skipped."""
    with open(path, encoding="utf-8") as handle:
        return [e for e in map(parse_line, handle) if e is not None]


def load_corpus(directory: Path = CORPUS_DIR) -> list[Example]:
    """All valid examples, in a stable order; malformed lines are skipped."""
    examples: list[Example] = []
    for path in corpus_files(directory):
        examples.extend(load_jsonl(path))
    return examples


def corpus_digest(directory: Path = CORPUS_DIR) -> str:
    """Fingerprint of every corpus file (both parts), stored with the model."""
    digest = hashlib.sha256()
    for path in corpus_files(directory):
        digest.update(path.relative_to(directory).as_posix().encode())
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
