"""Filing a report sent through Open311: the same report service as the chat channels."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets

import nlp
from dashboard.open311.params import Submission
from domain.catalogue import PRIVACY_NOTICE_VERSION
from domain.sla import SlaRules
from handlers.citizen.draft import DraftPlace, ReportDraft
from handlers.citizen.report_service import Filing, file_report
from nlp.gazetteer import gazetteer
from storage.database import Database
from storage.models import Report
from storage.open311 import CHANNEL, ClientKey

log = logging.getLogger(__name__)

MAX_EXTERNAL_ID = 64


def requester_id(key: ClientKey, sub: Submission) -> str:
    """Who is reporting: e-mail, else the client's account or device id, else anonymous.

    Account and device ids are scoped to the API client that issued them.
    """
    if sub.email:
        identity = f"email:{sub.email}"
    elif sub.account_id:
        identity = f"k{key.id}:account:{sub.account_id}"
    elif sub.device_id:
        identity = f"k{key.id}:device:{sub.device_id}"
    else:
        return f"anon:{secrets.token_hex(12)}"
    if len(identity) > MAX_EXTERNAL_ID:
        return "sha256:" + hashlib.sha256(identity.encode("utf-8")).hexdigest()[:56]
    return identity


def _ward(code: str) -> tuple[str | None, float | None, float | None]:
    for unit in gazetteer().wards:
        if unit.code == code:
            return unit.current_name, unit.lat, unit.lon
    return None, None, None


def locate(sub: Submission, places: list[nlp.PlaceMatch]) -> DraftPlace:
    """The place of the report, most precise source first.

    address_id (a current ward code), then the unit nearest to lat/long, then a unit named in
    address_string, then one named in the description.
    """
    place = DraftPlace(display="", lat=sub.lat, lon=sub.lon, typed=sub.address_string)
    if sub.address_id:
        place.code = sub.address_id
        place.name, lat, lon = _ward(sub.address_id)
        if place.lat is None:
            place.lat, place.lon = lat, lon
    elif sub.lat is not None and sub.lon is not None:
        unit = nlp.nearest_unit(sub.lat, sub.lon)
        if unit is not None:
            place.code, place.name = unit.code, unit.current_name
    else:
        found = nlp.find_places(sub.address_string or "") or places
        clear = [p for p in found if not p.ambiguous]
        if clear:
            place.take_unit(DraftPlace.from_matches(clear))
    if not place.typed:
        where = place.name
        if sub.lat is not None:
            coords = f"{sub.lat:.5f}, {sub.lon:.5f}"
            where = f"{where} ({coords})" if where else coords
        place.display = where or ""
    return place


def _analyse(sub: Submission) -> tuple[nlp.Analysis, DraftPlace]:
    analysis = nlp.analyze(sub.description)
    return analysis, locate(sub, analysis.places)


async def submit(db: Database, sla: SlaRules, key: ClientKey, sub: Submission) -> Report:
    """Create the report (committed) with its requester and consent records."""
    analysis, place = await asyncio.to_thread(_analyse, sub)
    name = " ".join(p for p in (sub.first_name, sub.last_name) if p) or None
    async with db.uow() as uow:
        store = uow.open311
        citizen = await store.requester(
            requester_id(key, sub), name, sub.phone, PRIVACY_NOTICE_VERSION
        )
        draft = ReportDraft(
            category=sub.service_code,
            place=place,
            anonymous=name is None and sub.phone is None,
            phone=sub.phone,
        )
        draft.take_analysis(sub.description, analysis)
        filing = Filing(citizen.id, CHANNEL, citizen.chat_id, actor=f"open311:{key.name}"[:100])
        report = await file_report(uow, filing, draft, sla)
        await store.set_creation_details(
            report.id, {"api_key_id": key.id, "media_url": sub.media_url}
        )
        await uow.commit()
    log.info("open311: %s filed by client %s", report.code, key.name)
    return report
