"""Bot API methods that send, edit or describe things, for the loopback server.

Every check happens before :meth:`BotApiMethods._gate`, which consumes a flood-limit slot,
and nothing awaits between the gate and recording the message, so concurrent requests are
counted exactly on the single event loop.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .fake_bot_api_limits import FloodControl
from .fake_bot_api_text import (
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
    EntityParseError,
    plain_text,
    utf16_length,
)
from .fake_bot_api_updates import BotApiState, StoredFile

_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_COPIED_CONTENT = (
    "text",
    "entities",
    "caption",
    "caption_entities",
    "photo",
    "document",
    "sticker",
    "voice",
    "location",
    "contact",
)


class ApiError(Exception):
    """An error answer: ``{"ok": false, "error_code": status, "description": ...}``."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


def _too_many_requests(retry_after: int) -> ApiError:
    return ApiError(
        429,
        f"Too Many Requests: retry after {retry_after}",
        {"retry_after": retry_after},
    )


@dataclass
class SentMessage:
    """A successful sending or editing call.

    ``text`` is the text or caption exactly as the bot passed it (markup included);
    ``message`` is the Message object returned (markup parsed away, as Telegram does).
    ``time`` is the server's clock (``time.monotonic()`` unless a test gives a fake one).
    """

    method: str
    chat_id: int
    text: str | None
    reply_markup: dict[str, Any] | None
    parse_mode: str | None
    message_id: int
    time: float
    message: dict[str, Any] = field(default_factory=dict)


_Params = dict[str, Any]


def _as_int(params: _Params, name: str, *, required: str | None = None) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        if required is not None:
            raise _bad_request(required)
        return None
    if isinstance(value, bool):
        raise _bad_request(f"invalid {name} specified")
    try:
        return int(value)
    except (TypeError, ValueError):
        if name == "chat_id":
            raise _bad_request("chat not found") from None
        raise _bad_request(f"invalid {name} specified") from None


class BotApiMethods(BotApiState):
    """Sending, editing, command, callback and file methods."""

    def __init__(self, bot_id: int, bot_username: str, flood: FloodControl) -> None:
        super().__init__(bot_id, bot_username)
        self.flood = flood
        #: Time of arrivals and sends: ``time.monotonic`` unless a test gives its fake clock.
        self.clock: Callable[[], float] = time.monotonic
        #: Every successful send*/edit*/copyMessage/forwardMessage, in order.
        self.sent: list[SentMessage] = []
        #: Parameters of every successful answerCallbackQuery.
        self.callback_answers: list[dict[str, Any]] = []
        #: Commands of the last setMyCommands (empty after deleteMyCommands of that scope).
        self.commands: list[dict[str, Any]] = []
        #: Called for each SentMessage (the standalone mode prints them).
        self.on_sent: Callable[[SentMessage], None] | None = None
        self._blocked: set[int] = set()
        self._callback_ids: set[str] = set()
        self._commands_by_scope: dict[str, list[dict[str, Any]]] = {}
        self._sent_event = asyncio.Event()
        #: Polls sent with sendPoll: poll id -> (chat id, Poll object).
        self.polls: dict[str, tuple[int, dict[str, Any]]] = {}
        self._poll_counter = 0

    # -- sending helpers ----------------------------------------------------------------

    def _target_chat(self, params: _Params, name: str = "chat_id") -> int:
        chat_id = _as_int(params, name, required=f"{name} is empty")
        assert chat_id is not None
        return chat_id

    def _gate(self, chat_id: int) -> None:
        """403 for blocked chats, 429 when a flood limit is hit; otherwise consume a slot."""
        if chat_id in self._blocked:
            if chat_id < 0:
                raise ApiError(403, "Forbidden: bot was kicked from the group chat")
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        retry_after = self.flood.acquire(chat_id)
        if retry_after is not None:
            raise _too_many_requests(retry_after)

    @staticmethod
    def _checked_text(params: _Params, name: str, limit: int) -> tuple[str, str] | None:
        """(raw, parsed) text of ``name`` after Telegram's checks; None when absent."""
        raw = params.get(name)
        if raw is None:
            return None
        raw = str(raw)
        try:
            parsed = plain_text(raw, params.get("parse_mode"))
        except EntityParseError as exc:
            raise _bad_request(f"can't parse entities: {exc}") from None
        if utf16_length(parsed) > limit:
            if name == "caption":
                raise _bad_request("message caption is too long")
            raise _bad_request("message is too long")
        return raw, parsed

    def _message_text(self, params: _Params) -> tuple[str, str]:
        checked = self._checked_text(params, "text", MAX_TEXT_LENGTH)
        if checked is None or not checked[1].strip():
            raise _bad_request("message text is empty")
        return checked

    @staticmethod
    def _markup(params: _Params) -> dict[str, Any] | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise _bad_request("BUTTON_DATA_INVALID")
                if not button.get("text"):
                    raise _bad_request("text buttons are unallowed in the inline keyboard")
        return markup

    def _reply_to(self, chat_id: int, params: _Params) -> dict[str, Any] | None:
        reply_parameters = params.get("reply_parameters")
        message_id = _as_int(params, "reply_to_message_id")
        allow_missing = bool(params.get("allow_sending_without_reply"))
        if isinstance(reply_parameters, dict):
            message_id = int(reply_parameters.get("message_id", 0)) or message_id
            allow_missing = allow_missing or bool(
                reply_parameters.get("allow_sending_without_reply")
            )
        if message_id is None:
            return None
        target = self._messages.get((chat_id, message_id))
        if target is None:
            if allow_missing:
                return None
            raise _bad_request("message to be replied not found")
        return {k: v for k, v in target.items() if k != "reply_to_message"}

    def _bot_message(
        self,
        chat_id: int,
        content: dict[str, Any],
        markup: dict[str, Any] | None,
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat_id),
            "from": dict(self.bot_user),
            "chat": self._chat(chat_id),
            "date": int(time.time()),
        }
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        message.update(content)
        if markup is not None and "inline_keyboard" in markup:
            message["reply_markup"] = markup  # Telegram echoes inline keyboards only
        self._store_message(message)
        self._last_bot_message[chat_id] = message["message_id"]
        return message

    def _record(
        self,
        method: str,
        chat_id: int,
        text: str | None,
        params: _Params,
        message: dict[str, Any],
    ) -> None:
        sent = SentMessage(
            method=method,
            chat_id=chat_id,
            text=text,
            reply_markup=params.get("reply_markup"),
            parse_mode=params.get("parse_mode"),
            message_id=int(message["message_id"]),
            time=self.clock(),
            message=message,
        )
        self.sent.append(sent)
        event, self._sent_event = self._sent_event, asyncio.Event()
        event.set()
        if self.on_sent is not None:
            self.on_sent(sent)

    def _media(self, params: _Params, name: str) -> StoredFile | list[dict[str, Any]]:
        """Resolve an uploaded file, a known file_id or a URL for ``name``."""
        value = params.get(name)
        if isinstance(value, bytes):
            if name == "photo":
                return self._photo_sizes(value, 1280, 960)
            filename = str(params.get(f"{name}__filename") or "file.bin")
            ext = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
            return self.register_file(value, folder=f"{name}s", ext=ext)
        if not value:
            raise _bad_request(f"there is no {name} in the request")
        value = str(value)
        if value in self._files:
            stored = self._files[value]
            if name == "photo":
                return [{**stored.describe(), "width": 1280, "height": 960}]
            return stored
        if value.startswith(("http://", "https://")):
            if name == "photo":
                return self._photo_sizes(b"", 1280, 960)
            return self.register_file(b"", folder=f"{name}s")
        raise _bad_request("wrong file identifier/HTTP URL specified")

    # -- sending methods ----------------------------------------------------------------

    async def _send_message(self, params: _Params) -> dict[str, Any]:
        chat_id = self._target_chat(params)
        raw, parsed = self._message_text(params)
        markup = self._markup(params)
        reply_to = self._reply_to(chat_id, params)
        self._gate(chat_id)
        message = self._bot_message(chat_id, {"text": parsed}, markup, reply_to)
        self._record("sendMessage", chat_id, raw, params, message)
        return message

    async def _send_file(self, method: str, name: str, params: _Params) -> dict[str, Any]:
        chat_id = self._target_chat(params)
        caption = self._checked_text(params, "caption", MAX_CAPTION_LENGTH)
        markup = self._markup(params)
        reply_to = self._reply_to(chat_id, params)
        media = self._media(params, name)
        self._gate(chat_id)
        content: dict[str, Any] = {}
        if isinstance(media, list):
            content[name] = media
        else:
            content[name] = {
                **media.describe(),
                "file_name": str(params.get(f"{name}__filename") or media.file_path.split("/")[-1]),
                "mime_type": str(params.get(f"{name}__content_type") or "application/octet-stream"),
            }
            content[name].pop("file_path")
        if caption is not None:
            content["caption"] = caption[1]
        message = self._bot_message(chat_id, content, markup, reply_to)
        self._record(method, chat_id, caption[0] if caption else None, params, message)
        return message

    async def _send_photo(self, params: _Params) -> dict[str, Any]:
        return await self._send_file("sendPhoto", "photo", params)

    async def _send_document(self, params: _Params) -> dict[str, Any]:
        return await self._send_file("sendDocument", "document", params)

    async def _send_poll(self, params: _Params) -> dict[str, Any]:
        """A regular or quiz poll; quiz polls are remembered for :meth:`poll_answer_update`."""
        chat_id = self._target_chat(params)
        question = str(params.get("question") or "")
        if not 1 <= len(question) <= 300:
            raise _bad_request("poll question length must be between 1 and 300")
        raw_options = params.get("options")
        if not isinstance(raw_options, list) or not 2 <= len(raw_options) <= 10:
            raise _bad_request("poll must have 2-10 options")
        options = [str(o.get("text") if isinstance(o, dict) else o) for o in raw_options]
        if not all(1 <= len(option) <= 100 for option in options):
            raise _bad_request("poll options length must not exceed 100")
        kind = str(params.get("type") or "regular")
        # Bot API 9.6 takes ``correct_option_ids``; older clients send ``correct_option_id``.
        ids = params.get("correct_option_ids")
        if ids is None and params.get("correct_option_id") is not None:
            ids = [_as_int(params, "correct_option_id")]
        correct = [int(i) for i in ids] if isinstance(ids, list) else []
        if kind == "quiz" and (
            len(correct) != 1 or not all(0 <= i < len(options) for i in correct)
        ):
            raise _bad_request("wrong correct option id specified")
        explanation = params.get("explanation")
        if explanation is not None and len(str(explanation)) > 200:
            raise _bad_request("explanation is too long")
        markup = self._markup(params)
        self._gate(chat_id)
        self._poll_counter += 1
        poll: dict[str, Any] = {
            "id": f"{self.bot_user['id']}{self._poll_counter:010d}",
            "question": question,
            "options": [
                {"text": option, "voter_count": 0, "persistent_id": str(index)}
                for index, option in enumerate(options)
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": params.get("is_anonymous", True) not in (False, "false"),
            "type": kind,
            "allows_multiple_answers": bool(params.get("allows_multiple_answers")),
            "allows_revoting": kind != "quiz",
            "members_only": False,
        }
        if kind == "quiz":
            poll["correct_option_id"] = correct[0]
            poll["correct_option_ids"] = correct
        if explanation is not None:
            poll["explanation"] = str(explanation)
        message = self._bot_message(chat_id, {"poll": poll}, markup)
        self.polls[poll["id"]] = (chat_id, poll)
        self._record("sendPoll", chat_id, question, params, message)
        return message

    async def _send_chat_action(self, params: _Params) -> bool:
        chat_id = self._target_chat(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        if chat_id in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return True

    def _editable(self, params: _Params) -> tuple[int, dict[str, Any]]:
        chat_id = self._target_chat(params)
        message_id = _as_int(params, "message_id", required="message identifier is not specified")
        message = self._messages.get((chat_id, message_id or 0))
        if message is None:
            raise _bad_request("message to edit not found")
        if message["from"]["id"] != self.bot_user["id"]:
            raise _bad_request("message can't be edited")
        return chat_id, message

    def _apply_edit(
        self,
        method: str,
        chat_id: int,
        message: dict[str, Any],
        changes: dict[str, Any],
        markup: dict[str, Any] | None,
        recorded_text: str | None,
        params: _Params,
    ) -> dict[str, Any]:
        new_markup = markup if markup is not None and "inline_keyboard" in markup else None
        unchanged = all(message.get(k) == v for k, v in changes.items())
        if unchanged and message.get("reply_markup") == new_markup:
            raise _bad_request(
                "message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message"
            )
        self._gate(chat_id)
        message.update(changes)
        message.pop("reply_markup", None)
        if new_markup is not None:
            message["reply_markup"] = new_markup
        message["edit_date"] = int(time.time())
        self._record(method, chat_id, recorded_text, params, message)
        return message

    async def _edit_message_text(self, params: _Params) -> dict[str, Any]:
        raw, parsed = self._message_text(params)
        markup = self._markup(params)
        chat_id, message = self._editable(params)
        if "text" not in message:
            raise _bad_request("there is no text in the message to edit")
        return self._apply_edit(
            "editMessageText", chat_id, message, {"text": parsed}, markup, raw, params
        )

    async def _edit_message_caption(self, params: _Params) -> dict[str, Any]:
        caption = self._checked_text(params, "caption", MAX_CAPTION_LENGTH)
        markup = self._markup(params)
        chat_id, message = self._editable(params)
        if "text" in message:
            raise _bad_request("there is no caption in the message to edit")
        changes = {"caption": caption[1] if caption else None}
        return self._apply_edit(
            "editMessageCaption",
            chat_id,
            message,
            changes,
            markup,
            caption[0] if caption else None,
            params,
        )

    async def _edit_message_reply_markup(self, params: _Params) -> dict[str, Any]:
        markup = self._markup(params)
        chat_id, message = self._editable(params)
        text = message.get("text", message.get("caption"))
        return self._apply_edit(
            "editMessageReplyMarkup", chat_id, message, {}, markup, text, params
        )

    async def _delete_message(self, params: _Params) -> bool:
        chat_id = self._target_chat(params)
        message_id = _as_int(params, "message_id", required="message identifier is not specified")
        if self._messages.pop((chat_id, message_id or 0), None) is None:
            raise _bad_request("message to delete not found")
        return True

    def _source_message(self, params: _Params, verb: str) -> dict[str, Any]:
        from_chat_id = self._target_chat(params, "from_chat_id")
        message_id = _as_int(params, "message_id", required="message identifier is not specified")
        source = self._messages.get((from_chat_id, message_id or 0))
        if source is None:
            raise _bad_request(f"message to {verb} not found")
        return source

    async def _forward_message(self, params: _Params) -> dict[str, Any]:
        chat_id = self._target_chat(params)
        source = self._source_message(params, "forward")
        self._gate(chat_id)
        content = {k: source[k] for k in _COPIED_CONTENT if k in source}
        content["forward_origin"] = {
            "type": "user",
            "sender_user": source["from"],
            "date": source["date"],
        }
        message = self._bot_message(chat_id, content, None)
        text = source.get("text", source.get("caption"))
        self._record("forwardMessage", chat_id, text, params, message)
        return message

    async def _copy_message(self, params: _Params) -> dict[str, int]:
        chat_id = self._target_chat(params)
        source = self._source_message(params, "copy")
        caption = self._checked_text(params, "caption", MAX_CAPTION_LENGTH)
        markup = self._markup(params)
        self._gate(chat_id)
        content = {k: source[k] for k in _COPIED_CONTENT if k in source}
        if caption is not None and "text" not in content:
            content["caption"] = caption[1]
        message = self._bot_message(chat_id, content, markup)
        text = caption[0] if caption else source.get("text", source.get("caption"))
        self._record("copyMessage", chat_id, text, params, message)
        return {"message_id": message["message_id"]}

    # -- other methods ------------------------------------------------------------------

    async def _ok(self, params: _Params) -> bool:
        return True

    async def _get_me(self, params: _Params) -> dict[str, Any]:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _answer_callback_query(self, params: _Params) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._callback_ids:
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self._callback_ids.discard(query_id)
        self.callback_answers.append(dict(params))
        return True

    @staticmethod
    def _scope_key(params: _Params) -> str:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)

    async def _set_my_commands(self, params: _Params) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad_request("can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND_RE.match(
                str(command.get("command", ""))
            ):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise _bad_request("command description must be non-empty")
        self._commands_by_scope[self._scope_key(params)] = commands
        self.commands = commands
        return True

    async def _get_my_commands(self, params: _Params) -> list[dict[str, Any]]:
        return self._commands_by_scope.get(self._scope_key(params), [])

    async def _delete_my_commands(self, params: _Params) -> bool:
        if self._commands_by_scope.pop(self._scope_key(params), None) is self.commands:
            self.commands = []
        return True

    async def _get_file(self, params: _Params) -> dict[str, Any]:
        stored = self._files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise _bad_request("invalid file_id")
        return stored.describe()
