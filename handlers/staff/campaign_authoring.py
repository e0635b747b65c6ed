"""``/taochiendich``: a staff member turns their next Telegram message into a campaign draft.

Only a staff account linked to the sender's Telegram user id (``staff link-telegram``) whose
role may write campaigns can use it; for anyone else the command does not exist. The next
message, written or forwarded, text or photo with caption, becomes a draft with its Telegram
formatting (HTML); the answer gives the draft's id and, when the dashboard's public address is
configured, a link to finish it there.
"""

from __future__ import annotations

import html
import logging

from domain.campaigns import CampaignError, check_message
from domain.catalogue import t
from domain.delivery import Channel
from domain.messages import IncomingKind, Reply
from domain.roles import can_manage_campaigns, parse_role
from domain.telegram_html import HtmlError, check_html
from handlers.chat.turn import Turn
from storage.models import StaffUser

log = logging.getLogger(__name__)

COMMAND = "taochiendich"
AWAITING = "campaign_draft"
CHANNEL = Channel.TELEGRAM
TITLE_LIMIT = 80


async def _author(turn: Turn) -> StaffUser | None:
    """The linked staff account of the sender, when its role may write campaigns."""
    if turn.incoming.channel != CHANNEL or not turn.incoming.user_id:
        return None
    user = await turn.uow.staff_group.staff_by_telegram(turn.incoming.user_id)
    role = parse_role(user.role) if user is not None else None
    return user if role is not None and can_manage_campaigns(role) else None


def _title(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not first:
        return t("ca_default_title")
    return first if len(first) <= TITLE_LIMIT else first[: TITLE_LIMIT - 1].rstrip() + "…"


def _content(turn: Turn) -> tuple[str, str | None]:
    """(text, parse mode): Telegram's own HTML when it passes our checks, else plain text."""
    incoming = turn.incoming
    plain = (incoming.text or "").strip()
    if incoming.html:
        try:
            return check_html(incoming.html.strip()), "HTML"
        except HtmlError as exc:
            log.info("formatting of a draft dropped: %s", exc.key)
    return html.escape(plain, quote=False), "HTML"


async def _create_draft(turn: Turn, author: StaffUser, link_base: str | None) -> list[Reply]:
    incoming = turn.incoming
    photo = incoming.photo
    unusable = photo is None or photo.oversize or not photo.content
    if incoming.kind is IncomingKind.PHOTO and unusable:
        return [Reply(text=t("ca_photo_failed"))]
    text, parse_mode = _content(turn)
    try:
        content = check_message(
            title=_title(incoming.text or ""),
            text=text,
            parse_mode=parse_mode,
            photo=photo.content if photo is not None else None,
            photo_mime=photo.mime_type if photo is not None else None,
            buttons=(),
        )
    except CampaignError as exc:
        log.info("draft from Telegram by %s refused: %s", author.username, exc.key)
        return [Reply(text=t(exc.key, **exc.values) + "\n" + t("ca_try_again"))]
    content["audience_filter"] = {}
    campaign = await turn.uow.campaigns.create_draft(
        content, author=author.username, audience_id=None, quiz_id=None
    )
    turn.reset()
    log.info("campaign %s drafted over Telegram by %s", campaign.id, author.username)
    if link_base:
        link = f"{link_base.rstrip('/')}/chien-dich/{campaign.id}/sua"
        return [Reply(text=t("ca_created_link", id=campaign.id, link=link))]
    return [Reply(text=t("ca_created", id=campaign.id))]


async def handle(turn: Turn, link_base: str | None = None) -> list[Reply] | None:
    """The replies when this message belongs to campaign authoring, else None."""
    incoming = turn.incoming
    command = incoming.command if incoming.kind is IncomingKind.COMMAND else None
    if command == COMMAND:
        if await _author(turn) is None:
            return None  # not staff: the command does not exist for them
        turn.keep()
        turn.reset()
        turn.goto(AWAITING)
        return [Reply(text=t("ca_send_content"))]
    if turn.state != AWAITING:
        return None
    if command == "huy":
        turn.reset()
        return [Reply(text=t("ca_cancelled"))]
    if command is not None or incoming.kind is IncomingKind.CALLBACK:
        turn.reset()  # another command: authoring is left, the command runs as usual
        return None
    if incoming.kind not in (IncomingKind.TEXT, IncomingKind.PHOTO):
        return [Reply(text=t("ca_send_content"))]
    author = await _author(turn)
    if author is None:  # unlinked or role changed since the command
        turn.reset()
        return None
    return await _create_draft(turn, author, link_base)
