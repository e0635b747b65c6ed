"""Channel-agnostic message types: what arrives (Incoming) and what we answer (Reply)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class IncomingKind(StrEnum):
    """What a citizen sent."""

    TEXT = "text"
    COMMAND = "command"
    CALLBACK = "callback"
    LOCATION = "location"
    PHOTO = "photo"
    CONTACT = "contact"
    UNSUPPORTED = "unsupported"  # stickers, voice, files, ...


@dataclass(frozen=True, slots=True)
class PhotoData:
    """A photo already downloaded by the channel adapter."""

    content: bytes
    mime_type: str = "image/jpeg"
    source_ref: str | None = None  # the channel's own file id, for the record only
    oversize: bool = False  # the channel only offered sizes above our limit


@dataclass(frozen=True, slots=True)
class Incoming:
    """One message or button press from a citizen, on any channel."""

    channel: str
    chat_id: str
    user_id: str
    kind: IncomingKind
    text: str | None = None
    html: str | None = None  # the text with its formatting as Telegram HTML (Telegram only)
    command: str | None = None  # without the slash, lower case
    args: str = ""
    callback_data: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    photo: PhotoData | None = None
    phone: str | None = None
    display_name: str | None = None
    unsupported_what: str | None = None  # "sticker", "voice", "document", ...


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button: either a callback or a link."""

    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class KeyboardButton:
    """A reply-keyboard button, optionally asking for a location pin or the phone number."""

    text: str
    request_location: bool = False
    request_contact: bool = False


@dataclass(frozen=True, slots=True)
class OutgoingPhoto:
    """A photo we send; the text of its ``Reply`` is the caption."""

    content: bytes
    mime_type: str = "image/jpeg"
    # Same key, same picture: a channel may upload it once and reuse its own file id.
    cache_key: str | None = None


@dataclass(frozen=True, slots=True)
class QuizPoll:
    """A quiz question with one correct option (a Telegram quiz poll)."""

    question: str
    options: tuple[str, ...]
    correct_option: int
    explanation: str | None = None
    anonymous: bool = False


@dataclass(frozen=True, slots=True)
class Reply:
    """One message we send: text, optionally formatted, with a photo, buttons or a quiz."""

    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    keyboard: list[list[KeyboardButton]] = field(default_factory=list)
    remove_keyboard: bool = False
    urgent: bool = False  # delivered even while a chat is being slowed down
    parse_mode: str | None = None  # "HTML" or "MarkdownV2" when the text carries formatting
    photo: OutgoingPhoto | None = None
    quiz: QuizPoll | None = None


def text_incoming(
    channel: str, chat_id: str, user_id: str, text: str, display_name: str | None = None
) -> Incoming:
    """A typed message: ``/cmd@bot args`` becomes a COMMAND, anything else TEXT."""
    stripped = text.strip()
    if stripped.startswith("/") and len(stripped) > 1:
        head, _, args = stripped[1:].partition(" ")
        command = head.split("@", 1)[0].lower()
        if command.isascii() and command.replace("_", "").isalnum():
            return Incoming(
                channel=channel,
                chat_id=chat_id,
                user_id=user_id,
                kind=IncomingKind.COMMAND,
                text=text,
                command=command,
                args=args.strip(),
                display_name=display_name,
            )
    return Incoming(
        channel=channel,
        chat_id=chat_id,
        user_id=user_id,
        kind=IncomingKind.TEXT,
        text=text,
        display_name=display_name,
    )
