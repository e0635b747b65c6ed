"""Shared pieces of the campaign pages: choices for the forms, flash messages, 404s."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from aiohttp import web

from broadcasts.audience import legacy_district_wards
from broadcasts.workflow import CampaignError, CampaignStatus
from dashboard.auth import error_page
from dashboard.flash import Flash
from dashboard.reports.places import current_places
from domain.catalogue import t
from domain.topics import TOPIC_CODES, topic_label
from nlp import fold
from storage.uow import UnitOfWork

CAMPAIGN_FLASH = Flash(cookie="cp_flash", path="/chien-dich")


def error_text(exc: CampaignError) -> str:
    """The Vietnamese text of a refused workflow operation."""
    return t(exc.key, **exc.values)


def status_choices() -> list[tuple[str, str]]:
    """(code, label) of every campaign status."""
    return [(s.value, t(f"bc_status_{s.value}")) for s in CampaignStatus]


@lru_cache(maxsize=1)
def district_names() -> tuple[str, ...]:
    """Old districts an audience can name, by folded name."""
    return tuple(sorted(legacy_district_wards(), key=fold))


async def form_choices(uow: UnitOfWork) -> dict[str, Any]:
    """Everything the campaign form offers to pick from."""
    return {
        "places": current_places(),
        "districts": district_names(),
        "groups": await uow.subscribers.groups_with_counts(),
        "topics": [(code, topic_label(code)) for code in TOPIC_CODES],
        "audiences": await uow.audiences.all(),
        "quizzes": await uow.quizzes.all(),
    }


def not_found(request: web.Request) -> web.Response:
    """404 page for a campaign id that does not exist."""
    return error_page(request, "cp_not_found_title", "cp_not_found", 404)


def campaign_id(request: web.Request) -> int:
    """The ``{id}`` of the route."""
    return int(request.match_info["id"])


def redirect_with(location: str, kind: str, text: str) -> web.HTTPSeeOther:
    """A 303 to ``location`` carrying a one-shot message (``ok`` or ``error``)."""
    redirect = web.HTTPSeeOther(location)
    CAMPAIGN_FLASH.set(redirect, kind, text)
    return redirect


def take_flash(request: web.Request, response: web.StreamResponse) -> None:
    """Forget the one-shot message once the page that shows it is sent."""
    CAMPAIGN_FLASH.forget(request, response)


def read_flash(request: web.Request) -> dict[str, str] | None:
    """The pending message, if any (a malformed cookie is ignored)."""
    return CAMPAIGN_FLASH.read(request)
