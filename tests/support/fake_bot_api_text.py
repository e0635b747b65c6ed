"""Text rules of the loopback Bot API server: lengths and ``parse_mode`` checks.

Telegram measures text length in UTF-16 code units after entity parsing and rejects
malformed markup with ``400 Bad Request: can't parse entities: ...``. The checks here are a
faithful subset: they catch unknown or unbalanced HTML tags, bare ``<``/``&`` and
unescaped MarkdownV2 reserved characters, which are the usual bugs when user text is
interpolated into formatted messages.
"""

from __future__ import annotations

import html
import re

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024

_HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^<>]*)?)>")
_ENTITY_RE = re.compile(r"&(#[0-9]+|#x[0-9A-Fa-f]+|lt|gt|amp|quot);")
_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MDV2_FREE_IN_TEXT = frozenset("_*[]()~`|")


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit Telegram counts in."""
    return len(text.encode("utf-16-le")) // 2


class EntityParseError(ValueError):
    """Raised with Telegram's description suffix when markup cannot be parsed."""


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _parse_html(text: str) -> str:
    stack: list[str] = []
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "<":
            match = _TAG_RE.match(text, i)
            if match is None:
                raise EntityParseError(
                    f"Unsupported start tag at byte offset {_byte_offset(text, i)}"
                )
            closing, name = match.group(1) == "/", match.group(2).lower()
            if name not in _HTML_TAGS:
                kind = "end" if closing else "start"
                raise EntityParseError(
                    f'Unsupported {kind} tag "{name}" at byte offset {_byte_offset(text, i)}'
                )
            if closing:
                if not stack or stack[-1] != name:
                    raise EntityParseError(
                        f"Unmatched end tag at byte offset {_byte_offset(text, i)}, "
                        f'expected "</{stack[-1] if stack else ""}>", found "</{name}>"'
                    )
                stack.pop()
            else:
                stack.append(name)
            i = match.end()
        elif char == "&":
            match = _ENTITY_RE.match(text, i)
            if match is None:
                # Telegram keeps an unknown '&' literally; only tags are strict.
                out.append(char)
                i += 1
            else:
                out.append(html.unescape(match.group(0)))
                i = match.end()
        else:
            out.append(char)
            i += 1
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def _parse_markdown_v2(text: str) -> str:
    out: list[str] = []
    in_code = False
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            if i + 1 < len(text):
                out.append(text[i + 1])
            i += 2
            continue
        if char == "`":
            in_code = not in_code
            i += 1
            continue
        if in_code:
            out.append(char)
        elif char in _MDV2_RESERVED and char not in _MDV2_FREE_IN_TEXT:
            at_line_start = i == 0 or text[i - 1] == "\n"
            if not (char == ">" and at_line_start):
                raise EntityParseError(
                    f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
                )
        elif char not in _MDV2_FREE_IN_TEXT:
            out.append(char)
        i += 1
    if in_code:
        offset = _byte_offset(text, text.rfind("`"))
        raise EntityParseError(f"Can't find end of Code entity at byte offset {offset}")
    return "".join(out)


def plain_text(text: str, parse_mode: str | None) -> str:
    """The text Telegram would store after removing markup.

    Raises :class:`EntityParseError` for markup Telegram would reject.
    """
    mode = (parse_mode or "").lower()
    if mode == "html":
        return _parse_html(text)
    if mode == "markdownv2":
        return _parse_markdown_v2(text)
    if mode == "markdown":
        return re.sub(r"[*_`]", "", text)
    return text
