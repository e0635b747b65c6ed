"""State shared by the loopback Bot API server and builders of incoming updates.

The builders return dicts shaped like the JSON Telegram sends (``Update`` without
``update_id``; :meth:`FakeBotApi.push_update` assigns it). Message ids are counted per chat
and shared between the user and the bot, as in real private chats and groups.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

DEFAULT_GROUP_USER_ID = 1_000_001


@dataclass
class StoredFile:
    """A file known to the server: served by ``getFile`` and the download route."""

    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes

    def describe(self) -> dict[str, Any]:
        """The ``File`` object returned by ``getFile``."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
            "file_path": self.file_path,
        }


class BotApiState:
    """Chats, users, messages and files known to the fake Bot API."""

    def __init__(self, bot_id: int, bot_username: str) -> None:
        self.bot_user: dict[str, Any] = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "Test Bot",
            "username": bot_username,
        }
        self._chats: dict[int, dict[str, Any]] = {}
        self._users: dict[int, dict[str, Any]] = {}
        self._message_counters: dict[int, int] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._last_bot_message: dict[int, int] = {}
        self._files: dict[str, StoredFile] = {}
        self._file_counter = 0
        self._callback_counter = 0

    # -- registries ---------------------------------------------------------------------

    def _next_message_id(self, chat_id: int) -> int:
        self._message_counters[chat_id] = self._message_counters.get(chat_id, 0) + 1
        return self._message_counters[chat_id]

    def _chat(
        self, chat_id: int, *, chat_type: str | None = None, first_name: str | None = None
    ) -> dict[str, Any]:
        """The ``Chat`` object for ``chat_id``, created on first use."""
        chat = self._chats.get(chat_id)
        if chat is None:
            if chat_type in (None, "private") and chat_id < 0:
                chat_type = "supergroup" if str(chat_id).startswith("-100") else "group"
            chat_type = chat_type or "private"
            if chat_type == "private":
                chat = {"id": chat_id, "first_name": first_name or "User", "type": "private"}
            else:
                chat = {"id": chat_id, "title": f"Test group {chat_id}", "type": chat_type}
            self._chats[chat_id] = chat
        elif first_name and chat["type"] == "private":
            chat["first_name"] = first_name
        return dict(chat)

    def _user(self, user_id: int, first_name: str) -> dict[str, Any]:
        user = self._users.setdefault(
            user_id,
            {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "vi"},
        )
        user["first_name"] = first_name
        return dict(user)

    def _store_message(self, message: dict[str, Any]) -> dict[str, Any]:
        self._messages[(message["chat"]["id"], message["message_id"])] = message
        return message

    def register_file(
        self, content: bytes, *, folder: str = "documents", ext: str = "bin"
    ) -> StoredFile:
        """Make ``content`` downloadable; returns its ids and path."""
        self._file_counter += 1
        number = self._file_counter
        stored = StoredFile(
            file_id=f"BQACAgUAAxkBAAI{number:06d}{secrets.token_urlsafe(18)}",
            file_unique_id=f"AgAD{number:04d}{secrets.token_hex(4)}",
            file_path=f"{folder}/file_{number}.{ext}",
            content=content,
        )
        self._files[stored.file_id] = stored
        return stored

    def _file_by_path(self, file_path: str) -> StoredFile | None:
        for stored in self._files.values():
            if stored.file_path == file_path:
                return stored
        return None

    def _photo_sizes(self, content: bytes, width: int, height: int) -> list[dict[str, Any]]:
        """PhotoSize list like Telegram's (thumbnails first). Every size serves ``content``."""
        sizes: list[dict[str, Any]] = []
        longest = max(width, height)
        for side in (90, 320, 800, 1280):
            if side >= longest:
                break
            scale = side / longest
            sizes.append({"width": round(width * scale), "height": round(height * scale)})
        sizes.append({"width": width, "height": height})
        result = []
        for size in sizes:
            stored = self.register_file(content, folder="photos", ext="jpg")
            result.append(
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "file_size": len(content),
                    **size,
                }
            )
        return result

    # -- update builders ----------------------------------------------------------------

    def _incoming(
        self,
        chat_id: int,
        *,
        user_id: int | None,
        first_name: str,
        chat_type: str = "private",
    ) -> dict[str, Any]:
        if user_id is None:
            user_id = chat_id if chat_id > 0 else DEFAULT_GROUP_USER_ID
        return {
            "message_id": self._next_message_id(chat_id),
            "from": self._user(user_id, first_name),
            "chat": self._chat(chat_id, chat_type=chat_type, first_name=first_name),
            "date": int(time.time()),
        }

    def _message_update(self, message: dict[str, Any]) -> dict[str, Any]:
        return {"message": self._store_message(message)}

    def text_update(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        first_name: str = "Nguyễn Văn A",
        chat_type: str = "private",
    ) -> dict[str, Any]:
        """A text message; text starting with ``/`` gets a ``bot_command`` entity."""
        message = self._incoming(
            chat_id, user_id=user_id, first_name=first_name, chat_type=chat_type
        )
        message["text"] = text
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [
                {
                    "offset": 0,
                    "length": len(command.encode("utf-16-le")) // 2,
                    "type": "bot_command",
                }
            ]
        return self._message_update(message)

    def callback_update(
        self,
        chat_id: int,
        data: str,
        *,
        message_id: int | None = None,
        user_id: int | None = None,
        first_name: str = "Nguyễn Văn A",
    ) -> dict[str, Any]:
        """A press on an inline button of a bot message.

        ``message_id`` defaults to the last message the bot sent to the chat.
        """
        if message_id is None:
            if chat_id not in self._last_bot_message:
                raise ValueError(f"the bot has sent no message to chat {chat_id} yet")
            message_id = self._last_bot_message[chat_id]
        message = self._messages.get((chat_id, message_id))
        if message is None:
            raise ValueError(f"no message {message_id} in chat {chat_id}")
        if user_id is None:
            user_id = chat_id if chat_id > 0 else DEFAULT_GROUP_USER_ID
        self._callback_counter += 1
        return {
            "callback_query": {
                "id": f"{user_id}{self._callback_counter:08d}",
                "from": self._user(user_id, first_name),
                "message": dict(message),
                "chat_instance": str(abs(chat_id) * 7919 + self.bot_user["id"]),
                "data": data,
            }
        }

    def poll_answer_update(
        self,
        poll_id: str,
        user_id: int,
        option_ids: list[int],
        *,
        first_name: str = "Nguyễn Văn A",
    ) -> dict[str, Any]:
        """A user's answer to a non-anonymous poll (it carries no chat, only the poll id)."""
        return {
            "poll_answer": {
                "poll_id": poll_id,
                "user": self._user(user_id, first_name),
                "option_ids": list(option_ids),
                "option_persistent_ids": [str(i) for i in option_ids],
            }
        }

    def location_update(
        self,
        chat_id: int,
        latitude: float,
        longitude: float,
        *,
        user_id: int | None = None,
        first_name: str = "Nguyễn Văn A",
        horizontal_accuracy: float | None = None,
    ) -> dict[str, Any]:
        """A shared location (e.g. from a ``request_location`` keyboard button)."""
        message = self._incoming(chat_id, user_id=user_id, first_name=first_name)
        location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
        if horizontal_accuracy is not None:
            location["horizontal_accuracy"] = horizontal_accuracy
        message["location"] = location
        return self._message_update(message)

    def contact_update(
        self,
        chat_id: int,
        phone_number: str,
        *,
        user_id: int | None = None,
        first_name: str = "Nguyễn Văn A",
        contact_user_id: int | None = None,
    ) -> dict[str, Any]:
        """A shared contact; by default the sender's own (``request_contact`` button)."""
        message = self._incoming(chat_id, user_id=user_id, first_name=first_name)
        message["contact"] = {
            "phone_number": phone_number,
            "first_name": first_name,
            "user_id": contact_user_id if contact_user_id is not None else message["from"]["id"],
        }
        return self._message_update(message)

    def photo_update(
        self,
        chat_id: int,
        content: bytes,
        *,
        caption: str | None = None,
        user_id: int | None = None,
        first_name: str = "Nguyễn Văn A",
        width: int = 1280,
        height: int = 960,
    ) -> dict[str, Any]:
        """A photo; every ``PhotoSize`` is downloadable and serves ``content``."""
        message = self._incoming(chat_id, user_id=user_id, first_name=first_name)
        message["photo"] = self._photo_sizes(content, width, height)
        if caption is not None:
            message["caption"] = caption
        return self._message_update(message)

    def sticker_update(
        self,
        chat_id: int,
        *,
        emoji: str = "👍",
        content: bytes = b"RIFF\x00\x00\x00\x00WEBP",
        user_id: int | None = None,
        first_name: str = "Nguyễn Văn A",
    ) -> dict[str, Any]:
        """A regular static sticker."""
        message = self._incoming(chat_id, user_id=user_id, first_name=first_name)
        stored = self.register_file(content, folder="stickers", ext="webp")
        message["sticker"] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "set_name": "TestStickers",
            "file_size": len(content),
        }
        return self._message_update(message)

    def voice_update(
        self,
        chat_id: int,
        *,
        content: bytes = b"OggS\x00",
        duration: int = 3,
        user_id: int | None = None,
        first_name: str = "Nguyễn Văn A",
    ) -> dict[str, Any]:
        """A voice note (OGG/Opus)."""
        message = self._incoming(chat_id, user_id=user_id, first_name=first_name)
        stored = self.register_file(content, folder="voice", ext="oga")
        message["voice"] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(content),
        }
        return self._message_update(message)

    def document_update(
        self,
        chat_id: int,
        *,
        content: bytes = b"%PDF-1.4\n",
        file_name: str = "phan_anh.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        user_id: int | None = None,
        first_name: str = "Nguyễn Văn A",
    ) -> dict[str, Any]:
        """A document (any file sent without compression)."""
        message = self._incoming(chat_id, user_id=user_id, first_name=first_name)
        ext = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        stored = self.register_file(content, folder="documents", ext=ext)
        message["document"] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(content),
        }
        if caption is not None:
            message["caption"] = caption
        return self._message_update(message)
