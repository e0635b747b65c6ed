"""Audiences: which active subscribers a campaign goes to.

A filter is a JSON object::

    {"all": bool, "communes": [current ward codes], "legacy_districts": [old district names],
     "groups": [group codes], "topics": [topic codes]}

Criteria kinds are combined with AND, values within a kind with OR. Areas are one kind: current
communes and legacy districts together (a subscriber in any of the listed communes, or in a ward
that absorbed a commune of any of the listed districts). ``"all": true`` means "no restriction"
(other kinds, if given, still apply). Only subscribers with status ``active`` are ever selected
(``unsubscribed`` and ``blocked`` never are). A subscriber who chose no topic receives every topic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, cast, false, func, or_, select, true

from domain.catalogue import t
from domain.topics import TOPIC_CODES
from nlp import fold
from nlp.gazetteer import gazetteer
from storage.broadcast_models import GroupMember, Subscriber, SubscriberGroup
from storage.uow import UnitOfWork

FILTER_KEYS = ("all", "communes", "legacy_districts", "groups", "topics")
MAX_GROUP_CODE = 64


class AudienceError(ValueError):
    """A bad filter: ``str(exc)`` and ``exc.key`` are a catalogue key, ``exc.message`` the text."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    @property
    def message(self) -> str:
        return t(self.key, **self.values)


@lru_cache(maxsize=1)
def ward_codes() -> frozenset[str]:
    """Codes of all current communes/wards."""
    return frozenset(u.code for u in gazetteer().wards if u.code)


@lru_cache(maxsize=1)
def legacy_district_wards() -> dict[str, frozenset[str]]:
    """Old district full name ("Huyện Tân Yên") -> current wards that absorbed any of its communes.

    Inclusive on purpose: a ward formed from communes of two old districts belongs to both (a
    campaign for either district reaches it). Districts whose communes the data does not attach
    to a district (pre-2025 Bắc Ninh) are absent.
    """
    absorbed: dict[str, set[str]] = defaultdict(set)
    for unit in gazetteer().units:
        if unit.kind == "legacy_commune" and unit.district and unit.code:
            absorbed[unit.district].add(unit.code)
    return {name: frozenset(codes) for name, codes in absorbed.items()}


def district_name(value: str) -> str | None:
    """The gazetteer's full name of an old district given with or without prefix, any accents."""
    key = fold(value).strip()
    for name in legacy_district_wards():
        folded = fold(name)
        if key == folded or key == folded.split(" ", 1)[1] or key == folded.split(" ", 2)[-1]:
            return name
    return None


def _strings(raw: dict[str, Any], key: str) -> list[str]:
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise AudienceError("aud_err_not_list", field=key)
    out: list[str] = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, str | int):
            raise AudienceError("aud_err_not_list", field=key)
        text = str(item).strip()
        if text and text not in out:
            out.append(text)
    return out


def validate_filter(raw: object) -> dict[str, Any]:
    """Check and normalise a filter (all five keys, sorted unique values); AudienceError if bad."""
    if not isinstance(raw, dict):
        raise AudienceError("aud_err_not_object")
    for key in raw:
        if key not in FILTER_KEYS:
            raise AudienceError("aud_err_unknown_key", field=key)
    everyone = raw.get("all", False)
    if not isinstance(everyone, bool):
        raise AudienceError("aud_err_all_bool")
    communes = _strings(raw, "communes")
    for code in communes:
        if code not in ward_codes():
            raise AudienceError("aud_err_commune", value=code)
    districts: list[str] = []
    for value in _strings(raw, "legacy_districts"):
        name = district_name(value)
        if name is None:
            raise AudienceError("aud_err_district", value=value)
        if name not in districts:
            districts.append(name)
    groups = _strings(raw, "groups")
    for code in groups:
        if len(code) > MAX_GROUP_CODE:
            raise AudienceError("aud_err_group", value=code)
    topics = _strings(raw, "topics")
    for code in topics:
        if code not in TOPIC_CODES:
            raise AudienceError("aud_err_topic", value=code)
    if not (everyone or communes or districts or groups or topics):
        raise AudienceError("aud_err_empty")
    return {
        "all": everyone,
        "communes": sorted(communes),
        "legacy_districts": sorted(districts, key=fold),
        "groups": sorted(groups),
        "topics": sorted(topics),
    }


def area_codes(flt: dict[str, Any]) -> frozenset[str] | None:
    """Ward codes of a normalised filter's area criterion; None when it has none."""
    if not flt["communes"] and not flt["legacy_districts"]:
        return None
    codes = set(flt["communes"])
    for name in flt["legacy_districts"]:
        codes |= legacy_district_wards().get(name, frozenset())
    return frozenset(codes)


def _topic_condition(topics: Iterable[str]) -> ColumnElement[bool]:
    text = cast(Subscriber.topics, String)
    any_topic = [text.like('%"' + code.replace("_", "\\_") + '"%', escape="\\") for code in topics]
    no_choice = or_(Subscriber.topics.is_(None), func.replace(text, " ", "") == "[]")
    return or_(no_choice, *any_topic)


def audience_condition(raw: object) -> ColumnElement[bool]:
    """WHERE clause over Subscriber for a filter (validated here)."""
    flt = validate_filter(raw)
    parts: list[ColumnElement[bool]] = [Subscriber.status == "active"]
    codes = area_codes(flt)
    if codes is not None:
        parts.append(Subscriber.commune_code.in_(sorted(codes)) if codes else false())
    if flt["groups"]:
        members = (
            select(GroupMember.subscriber_id)
            .join(SubscriberGroup, SubscriberGroup.id == GroupMember.group_id)
            .where(SubscriberGroup.code.in_(flt["groups"]))
        )
        parts.append(Subscriber.id.in_(members))
    if flt["topics"]:
        parts.append(_topic_condition(flt["topics"]))
    return and_(true(), *parts)


def audience_select(raw: object) -> Select[int, str, str]:
    """``SELECT id, channel, chat_id`` of the audience's active subscribers, ordered by id.

    Stream it (``await session.stream(...)`` or keyset pagination on id); never load it whole.
    """
    return (
        select(Subscriber.id, Subscriber.channel, Subscriber.chat_id)
        .where(audience_condition(raw))
        .order_by(Subscriber.id)
    )


async def audience_size(uow: UnitOfWork, raw: object) -> int:
    """How many active subscribers a filter selects right now."""
    stmt = select(func.count()).select_from(Subscriber).where(audience_condition(raw))
    return int((await uow.session.execute(stmt)).scalar_one())


async def missing_groups(uow: UnitOfWork, raw: object) -> list[str]:
    """Group codes of a filter that do not exist (for a warning before saving an audience)."""
    flt = validate_filter(raw)
    if not flt["groups"]:
        return []
    stmt = select(SubscriberGroup.code).where(SubscriberGroup.code.in_(flt["groups"]))
    found = set((await uow.session.execute(stmt)).scalars())
    return [code for code in flt["groups"] if code not in found]
