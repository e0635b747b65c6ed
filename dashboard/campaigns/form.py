"""The campaign form: fields → checked content for the workflow, or a Vietnamese error."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from aiohttp.web_request import FileField
from multidict import MultiDictProxy

from broadcasts.audience import AudienceError, validate_filter
from broadcasts.content_rules import BUTTON_TEXT_LIMIT, PHOTO_LIMIT_MB
from dashboard.security import small_id
from domain.catalogue import t
from domain.telegram_html import HtmlError, check_html
from storage.broadcast_models import Campaign

Form = MultiDictProxy[str | bytes | bytearray | FileField]
MAX_FIELD = 5000
MAX_PHOTO = PHOTO_LIMIT_MB * 1024 * 1024
ANSWER_LIMIT = 200  # Telegram's callback answer (alert) text
BUTTON_ROWS = 3
FILTER_LISTS = ("communes", "legacy_districts", "groups", "topics")


class FormError(ValueError):
    """A field the campaign cannot use; ``str(exc)`` is the Vietnamese message."""


@dataclass
class CampaignForm:
    """What the author typed (for re-display) and the content it stands for."""

    values: dict[str, Any] = field(default_factory=dict)
    content: dict[str, Any] = field(default_factory=dict)
    audience_name: str | None = None


def text_field(form: Form, name: str, limit: int = MAX_FIELD) -> str:
    """A stripped text field ('' when missing or a file)."""
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def _list(form: Form, name: str) -> list[str]:
    return [v.strip() for v in form.getall(name, []) if isinstance(v, str) and v.strip()]


def is_web_url(url: str, *, https_only: bool = True) -> bool:
    """A well-formed absolute web address (https unless told otherwise), no spaces."""
    if not url or any(c.isspace() for c in url):
        return False
    parts = urlsplit(url)
    schemes = ("https",) if https_only else ("https", "http")
    return parts.scheme in schemes and bool(parts.hostname) and "." in (parts.hostname or "")


def photo_kind(content: bytes) -> str | None:
    """The MIME type of a JPEG or PNG file from its first bytes, else None."""
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def read_photo(form: Form) -> tuple[bytes, str] | None:
    """The uploaded photo (checked), or None when no file was chosen."""
    upload = form.get("photo")
    if not isinstance(upload, FileField) or not upload.filename:
        return None
    content = upload.file.read(MAX_PHOTO + 1)
    if not content:
        return None
    if len(content) > MAX_PHOTO:
        raise FormError(t("cp_err_photo_size", limit=PHOTO_LIMIT_MB))
    mime = photo_kind(content)
    if mime is None:
        raise FormError(t("cp_err_photo_type"))
    return content, mime


def _buttons(form: Form, values: dict[str, Any]) -> list[dict[str, str]]:
    buttons: list[dict[str, str]] = []
    links = list(zip(form.getall("link_text", []), form.getall("link_url", []), strict=False))
    values["links"] = [(str(a).strip(), str(b).strip()) for a, b in links]
    for number, (text, url) in enumerate(values["links"], start=1):
        if not text and not url:
            continue
        if not text or len(text) > BUTTON_TEXT_LIMIT:
            raise FormError(t("cp_err_button_text", number=number, limit=BUTTON_TEXT_LIMIT))
        if not is_web_url(url):
            raise FormError(t("cp_err_button_url", number=number, url=url[:80]))
        buttons.append({"text": text, "url": url})
    more = list(zip(form.getall("more_text", []), form.getall("more_body", []), strict=False))
    values["more"] = [(str(a).strip(), str(b).strip()) for a, b in more]
    for number, (text, body) in enumerate(values["more"], start=1):
        if not text and not body:
            continue
        if not text or len(text) > BUTTON_TEXT_LIMIT:
            raise FormError(t("cp_err_more_text", number=number, limit=BUTTON_TEXT_LIMIT))
        button = {"text": text, "learn_more": f"m{number}"}
        if body.lower().startswith(("http://", "https://")):
            if not is_web_url(body):
                raise FormError(t("cp_err_button_url", number=number, url=body[:80]))
            button["url"] = body
        elif not body or len(body) > ANSWER_LIMIT:
            raise FormError(t("cp_err_more_body", number=number, limit=ANSWER_LIMIT))
        else:
            button["answer"] = body
        buttons.append(button)
    return buttons


def _audience(form: Form, values: dict[str, Any]) -> tuple[dict[str, Any] | None, int | None]:
    values["audience_mode"] = text_field(form, "audience_mode", 10) or "filter"
    values["audience_id"] = text_field(form, "audience_id", 12)
    values["all"] = bool(text_field(form, "all", 5))
    for name in FILTER_LISTS:
        values[name] = _list(form, name)
    if values["audience_mode"] == "saved":
        audience_id = small_id(values["audience_id"])
        if audience_id is None:
            raise FormError(t("cp_err_audience_pick"))
        return None, audience_id
    raw = {"all": values["all"], **{name: values[name] for name in FILTER_LISTS}}
    if not (raw["all"] or any(raw[name] for name in FILTER_LISTS)):
        return None, None  # a draft may wait for its audience; submitting needs one
    return audience_filter(raw), None


def audience_filter(raw: dict[str, Any]) -> dict[str, Any]:
    """The normalised filter, or FormError with the audience module's message."""
    try:
        return validate_filter(raw)
    except AudienceError as exc:
        raise FormError(exc.message) from exc
    except ValueError as exc:
        raise FormError(t("cp_err_audience")) from exc


def parse_form(form: Form, *, current: Campaign | None = None) -> CampaignForm:
    """Check the submitted form; FormError (Vietnamese) for the first problem found."""
    values: dict[str, Any] = {
        "title": text_field(form, "title", 400),
        "text": text_field(form, "text"),
        "format": text_field(form, "format", 10) or "html",
        "quiz_id": text_field(form, "quiz_id", 12),
        "audience_name": text_field(form, "audience_name", 200),
        "remove_photo": bool(text_field(form, "remove_photo", 5)),
    }
    parsed = CampaignForm(values=values)
    text = values["text"]
    parse_mode: str | None = None
    if values["format"] == "html":
        try:
            text = check_html(text)
        except HtmlError as exc:
            raise FormError(t(exc.key, **exc.values)) from exc
        parse_mode = "HTML"
    buttons = _buttons(form, values)
    audience, audience_id = _audience(form, values)
    photo = read_photo(form)
    content: dict[str, Any] = {
        "title": values["title"],
        "text": text,
        "parse_mode": parse_mode,
        "buttons": buttons,
        "audience_filter": audience,
        "audience_id": audience_id,
        "quiz_id": small_id(values["quiz_id"]),
    }
    if photo is not None:
        content["photo"], content["photo_mime"] = photo
    elif values["remove_photo"] or current is None:
        content["photo"], content["photo_mime"] = None, None
    if values["audience_name"] and audience is None:
        raise FormError(t("cp_err_audience_name"))
    parsed.content = content
    parsed.audience_name = values["audience_name"] or None
    return parsed


def form_values(campaign: Campaign | None) -> dict[str, Any]:
    """The form's fields for an existing campaign (or a blank one)."""
    if campaign is None:
        return {"format": "html", "audience_mode": "filter", "links": [], "more": []}
    flt = campaign.audience_filter or {}
    links = [(b["text"], b["url"]) for b in campaign.buttons if "learn_more" not in b]
    more = [
        (b["text"], b.get("url") or b.get("answer") or "")
        for b in campaign.buttons
        if "learn_more" in b
    ]
    return {
        "title": campaign.title,
        "text": campaign.text,
        "format": "html" if campaign.parse_mode == "HTML" else "plain",
        "quiz_id": str(campaign.quiz_id or ""),
        "audience_mode": "saved" if campaign.audience_id else "filter",
        "audience_id": str(campaign.audience_id or ""),
        "all": bool(flt.get("all")),
        **{name: list(flt.get(name) or []) for name in FILTER_LISTS},
        "links": links,
        "more": more,
    }
