"""Split a document along its own structure: headings, numbered points, lists, paragraphs.

Each passage keeps the label of the section it belongs to («mục 3», «mục 1, điểm a»,
«Cách gửi phản ánh, mục 2», «Nơi nhận», «phần mở đầu») and its position in the document, so an
answer can cite where it comes from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_POINT_RE = re.compile(r"^(?:\*\*)?\s*(\d{1,2})\s*[.)]\s*(?:\*\*)?\s*(?=\S)")
_SUBPOINT_RE = re.compile(r"^(?:\*\*)?\s*([a-zđ])\)\s*(?:\*\*)?\s*(?=\S)")
_BULLET_RE = re.compile(r"^\s*[-–•+]\s+(?=\S)")
_HEADING_RE = re.compile(r"^\s*#{1,6}\s+(.*)$")
_INLINE_LABEL_RE = re.compile(r"^((?:\*|_)?[^:*_]{1,40}:(?:\*|_)?)\s*[-–•]\s+(?=\S)")
_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS_RE = re.compile(r"(?<!\\)(\*\*|\*|__)")
_SPACE_RE = re.compile(r"[ \t]+")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[^\W_a-zđ])")
LONG_PASSAGE = 600  # longer paragraphs are cut at sentence ends (then «;») into pieces of
PIECE = 450  # about this size, so each passage says one or two things
SHORT_LINE = 120  # letterheads, signatures and captions: short lines kept together
BLOCK_LIMIT = 500
LABEL_LIMIT = 40
OPENING = "phần mở đầu"
CLOSING = "phần cuối"


@dataclass(frozen=True, slots=True)
class PassageText:
    """One passage of a document: its section label, position (0-based) and text."""

    section: str
    position: int
    text: str


@dataclass
class _Paragraph:
    kind: str  # "point", "subpoint", "bullet", "plain"
    marker: str
    text: str
    heading: str | None


def clean_inline(text: str) -> str:
    """Markdown emphasis, escapes and links removed; whitespace tidied."""
    text = _LINK_RE.sub(r"\1", text)
    text = _EMPHASIS_RE.sub("", text)
    text = text.replace("\\*", "*").replace("\\", "")
    return _SPACE_RE.sub(" ", text).strip()


def _is_letterhead(heading: str) -> bool:
    letters = [c for c in heading if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _paragraphs(text: str) -> list[_Paragraph]:
    out: list[_Paragraph] = []
    current: _Paragraph | None = None
    heading: str | None = None

    def flush() -> None:
        nonlocal current
        if current is not None and current.text.strip():
            current.text = clean_inline(current.text)
            if current.text and current.text != "*":
                out.append(current)
        current = None

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
            continue
        found = _HEADING_RE.match(line)
        if found:
            flush()
            title = clean_inline(found.group(1))
            if _is_letterhead(title):  # a letterhead line, not a section of the text
                out.append(_Paragraph("plain", "", title, heading))
            else:
                heading = title
            continue
        for kind, pattern in (("point", _POINT_RE), ("subpoint", _SUBPOINT_RE)):
            marker = pattern.match(line)
            if marker:
                flush()
                current = _Paragraph(kind, marker.group(1), line[marker.end() :], heading)
                break
        else:
            bullet = _BULLET_RE.match(line)
            inline_label = _INLINE_LABEL_RE.match(line)
            if inline_label:  # «Kính gửi: - Các huyện ủy, …»: a label and its first item
                flush()
                out.append(_Paragraph("plain", "", clean_inline(inline_label.group(1)), heading))
                current = _Paragraph("bullet", "-", line[inline_label.end() :], heading)
            elif bullet:
                flush()
                current = _Paragraph("bullet", "-", line[bullet.end() :], heading)
            elif current is None:
                current = _Paragraph("plain", "", line, heading)
            else:
                current.text += " " + line
    flush()
    return _join_broken(out)


def _join_broken(paragraphs: list[_Paragraph]) -> list[_Paragraph]:
    """A paragraph cut by a page break (ends without punctuation, next starts in lower case)."""
    out: list[_Paragraph] = []
    for paragraph in paragraphs:
        previous = out[-1] if out else None
        if (
            previous is not None
            and paragraph.kind == "plain"
            and paragraph.text[:1].islower()
            and previous.text[-1:] not in ".:;!?"
            and len(previous.text) > SHORT_LINE
        ):
            previous.text += " " + paragraph.text
        else:
            out.append(paragraph)
    return out


def _is_short(paragraph: _Paragraph) -> bool:
    return (
        paragraph.kind == "plain"
        and len(paragraph.text) < SHORT_LINE
        and paragraph.text[-1:] not in ".!?"
    )


def _is_label(paragraph: _Paragraph) -> bool:
    return (
        paragraph.kind == "plain"
        and paragraph.text.endswith(":")
        and len(paragraph.text) <= LABEL_LIMIT
    )


class _Sections:
    """The running section label while walking the paragraphs in order."""

    def __init__(self) -> None:
        self.heading: str | None = None
        self.point: str | None = None
        self.subpoint: str | None = None
        self.seen_point = False

    def enter(self, paragraph: _Paragraph) -> None:
        if paragraph.heading != self.heading:
            self.heading, self.point, self.subpoint = paragraph.heading, None, None
        if paragraph.kind == "point":
            self.point, self.subpoint, self.seen_point = paragraph.marker, None, True
        elif paragraph.kind == "subpoint":
            self.subpoint = paragraph.marker

    def close_points(self) -> None:
        self.point = self.subpoint = None

    def label(self) -> str:
        parts = [self.heading] if self.heading else []
        if self.point:
            parts.append(f"mục {self.point}")
            if self.subpoint:
                parts.append(f"điểm {self.subpoint}")
        if parts:
            return ", ".join(parts)
        return CLOSING if self.seen_point else OPENING


def _with_marker(paragraph: _Paragraph) -> str:
    if paragraph.kind == "point":
        return f"{paragraph.marker}. {paragraph.text}"
    if paragraph.kind == "subpoint":
        return f"{paragraph.marker}) {paragraph.text}"
    if paragraph.kind == "bullet":
        return f"- {paragraph.text}"
    return paragraph.text


def split_passages(text: str) -> list[PassageText]:
    """The passages of a document's text, in order."""
    paragraphs = _paragraphs(text)
    sections = _Sections()
    chunks: list[tuple[str, str]] = []
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        sections.enter(paragraph)
        if _is_label(paragraph):  # «Nơi nhận:» names the list that follows
            items = [paragraph.text]
            index += 1
            while index < len(paragraphs) and paragraphs[index].kind == "bullet":
                items.append(_with_marker(paragraphs[index]))
                index += 1
            chunks.append((paragraph.text.rstrip(":").strip(), "\n".join(items)))
            sections.close_points()
            continue
        if _is_short(paragraph) or (paragraph.kind == "bullet" and len(paragraph.text) < 60):
            kind = paragraph.kind
            items = [_with_marker(paragraph)]
            size = len(paragraph.text)
            index += 1
            while index < len(paragraphs) and size < BLOCK_LIMIT:
                following = paragraphs[index]
                same = following.heading == paragraph.heading and following.kind == kind
                if not same or not (_is_short(following) or len(following.text) < 60):
                    break
                if _is_label(following):
                    break
                items.append(_with_marker(following))
                size += len(following.text)
                index += 1
            chunks.append((sections.label(), "\n".join(items)))
            continue
        chunks.append((sections.label(), _with_marker(paragraph)))
        index += 1
    pieces = [(section, piece) for section, body in chunks for piece in _cut(body)]
    return [PassageText(section, position, body) for position, (section, body) in enumerate(pieces)]


def _cut(text: str) -> list[str]:
    """A long paragraph as pieces of whole sentences (whole clauses for very long sentences)."""
    if len(text) <= LONG_PASSAGE or "\n" in text:
        return [text]
    units: list[str] = []
    for sentence in _SENTENCE_END_RE.split(text):
        if len(sentence) <= PIECE:
            units.append(sentence)
            continue
        clauses = sentence.split("; ")
        units.extend(c + ";" for c in clauses[:-1])
        units.append(clauses[-1])
    pieces: list[str] = []
    for unit in units:
        if pieces and len(pieces[-1]) + len(unit) < PIECE:
            pieces[-1] += " " + unit
        else:
            pieces.append(unit)
    return pieces
