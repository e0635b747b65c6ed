"""Checks of Telegram's HTML formatting, so a bad text is caught before Telegram rejects it.

Telegram accepts a small set of tags (``b``, ``i``, ``u``, ``s``, ``a href``, ``code``, ``pre``,
``blockquote``, spoilers…), the entities ``&lt; &gt; &amp; &quot;`` and numeric ones, and needs
every other ``<``, ``>`` and ``&`` escaped. ``check_html`` returns the text with stray ``&``
escaped (unambiguous) and raises ``HtmlError`` for anything Telegram would refuse.
"""

from __future__ import annotations

import re
from html import escape, unescape

ALLOWED_TAGS: dict[str, frozenset[str]] = {
    "b": frozenset(),
    "strong": frozenset(),
    "i": frozenset(),
    "em": frozenset(),
    "u": frozenset(),
    "ins": frozenset(),
    "s": frozenset(),
    "strike": frozenset(),
    "del": frozenset(),
    "a": frozenset({"href"}),
    "code": frozenset({"class"}),
    "pre": frozenset(),
    "blockquote": frozenset({"expandable"}),
    "tg-spoiler": frozenset(),
    "span": frozenset({"class"}),
}
LINK_SCHEMES = ("https://", "http://", "tg://", "mailto:")

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*?)?)\s*(/?)>")
_ATTR = re.compile(r"""\s*([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")


class HtmlError(ValueError):
    """Malformed formatting: ``key`` is a catalogue key, ``values`` fill it in."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def _attributes(tag: str, raw: str) -> dict[str, str]:
    found: dict[str, str] = {}
    rest = raw
    while rest.strip():
        match = _ATTR.match(rest)
        if match is None or not match.group(0).strip():
            raise HtmlError("html_err_attribute", tag=tag, attribute=rest.strip()[:40])
        name = match.group(1).lower()
        value = next((g for g in match.group(2, 3, 4) if g is not None), "")
        if name not in ALLOWED_TAGS[tag]:
            raise HtmlError("html_err_attribute", tag=tag, attribute=name)
        found[name] = unescape(value)
        rest = rest[match.end() :]
    return found


def _check_open(tag: str, attrs: dict[str, str]) -> None:
    if tag == "a":
        href = attrs.get("href", "").strip()
        if not href.lower().startswith(LINK_SCHEMES):
            raise HtmlError("html_err_link", href=href[:80])
    if tag == "span" and attrs.get("class") != "tg-spoiler":
        raise HtmlError("html_err_attribute", tag=tag, attribute="class")
    if tag == "code" and "class" in attrs and not attrs["class"].startswith("language-"):
        raise HtmlError("html_err_attribute", tag=tag, attribute="class")


def _canonical(tag: str, attrs: dict[str, str]) -> str:
    """The opening tag rebuilt from its checked attributes (quoted and escaped)."""
    parts = [tag]
    for name, value in attrs.items():
        parts.append(f'{name}="{escape(value, quote=True)}"' if value else name)
    return "<" + " ".join(parts) + ">"


def check_html(text: str) -> str:
    """The text ready for ``parse_mode=HTML``; HtmlError when the markup is malformed.

    Tags are rebuilt from their checked attributes, so the result is also safe to show in a
    web page.
    """
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "<":
            match = _TAG.match(text, pos)
            if match is None:
                raise HtmlError("html_err_lt", near=text[pos : pos + 20])
            closing, tag, raw_attrs, self_closing = match.groups()
            tag = tag.lower()
            if tag not in ALLOWED_TAGS:
                raise HtmlError("html_err_tag", tag=tag)
            if self_closing:
                raise HtmlError("html_err_tag", tag=tag + "/")
            if closing:
                if raw_attrs.strip():
                    raise HtmlError("html_err_attribute", tag=tag, attribute=raw_attrs.strip())
                if not stack:
                    raise HtmlError("html_err_unopened", tag=tag)
                if stack[-1] != tag:
                    raise HtmlError("html_err_nesting", tag=tag, expected=stack[-1])
                stack.pop()
                out.append(f"</{tag}>")
            else:
                attrs = _attributes(tag, raw_attrs)
                _check_open(tag, attrs)
                stack.append(tag)
                out.append(_canonical(tag, attrs))
            pos = match.end()
        elif char == "&":
            entity = _ENTITY.match(text, pos)
            if entity is not None:
                out.append(entity.group(0))
                pos = entity.end()
            else:
                out.append("&amp;")
                pos += 1
        elif char == ">":
            out.append("&gt;")
            pos += 1
        else:
            out.append(char)
            pos += 1
    if stack:
        raise HtmlError("html_err_unclosed", tag=stack[-1])
    return "".join(out)


_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")


def plain_text(text: str) -> str:
    """Text as a person reads it when it is sent without formatting: tags dropped, entities read.

    Staff sometimes type HTML («<b>Lưu ý</b>») into notes that reach citizens as plain text.
    """
    return unescape(_ANY_TAG.sub("", text))
