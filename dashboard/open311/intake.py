"""Filing a report sent through Open311: the same report service as the chat channels."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
from typing import Any

import nlp
from dashboard.open311.params import Submission
from domain.catalogue import PRIVACY_NOTICE_VERSION
from domain.sla import SlaRules
from handlers.citizen.report_service import NewReport, create_report
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


def locate(sub: Submission, places: list[nlp.PlaceMatch]) -> dict[str, Any]:
    """The place record for the report, most precise source first.

    address_id (a current ward code), then the unit nearest to lat/long, then a unit named in
    address_string, then one named in the description.
    """
    record: dict[str, Any] = {
        "code": None,
        "name": None,
        "legacy": None,
        "lat": sub.lat,
        "lon": sub.lon,
        "typed": sub.address_string,
    }
    if sub.address_id:
        name, lat, lon = _ward(sub.address_id)
        record.update(code=sub.address_id, name=name)
        if record["lat"] is None:
            record.update(lat=lat, lon=lon)
    elif sub.lat is not None and sub.lon is not None:
        unit = nlp.nearest_unit(sub.lat, sub.lon)
        if unit is not None:
            record.update(code=unit.code, name=unit.current_name)
    else:
        found = nlp.find_places(sub.address_string or "") or places
        clear = [p for p in found if not p.ambiguous]
        coded = [p for p in clear if p.code]
        best = coded[0] if coded else (clear[0] if clear else None)
        if best is not None:
            record.update(
                code=best.code,
                name=best.current_name,
                legacy=best.legacy_name,
                lat=best.lat,
                lon=best.lon,
            )
    if not record["typed"]:
        where = record["name"]
        if sub.lat is not None:
            coords = f"{sub.lat:.5f}, {sub.lon:.5f}"
            where = f"{where} ({coords})" if where else coords
        record["display"] = where
    return record


def _analyse(sub: Submission) -> tuple[nlp.Analysis, dict[str, Any]]:
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
        report = await create_report(
            uow,
            NewReport(
                citizen_id=citizen.id,
                channel=CHANNEL,
                chat_id=citizen.chat_id,
                text=sub.description,
                category=sub.service_code,
                urgency=analysis.urgency.level,
                category_suggested=analysis.category.category,
                category_confidence=round(analysis.category.confidence, 4),
                urgency_reasons=list(analysis.urgency.reasons),
                place=place,
                anonymous=name is None and sub.phone is None,
                contact_phone=sub.phone,
                flagged=list(analysis.moderation.reasons),
                actor=f"open311:{key.name}"[:100],
            ),
            sla,
        )
        await store.set_creation_details(
            report.id, {"api_key_id": key.id, "media_url": sub.media_url}
        )
        await uow.commit()
    log.info("open311: %s filed by client %s", report.code, key.name)
    return report
