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

from typing import Any

from domain.catalogue import t
from domain.topics import TOPIC_CODES
from nlp.areas import district_name, legacy_district_wards, ward_codes
from nlp.text import fold
from storage.audiences import AudienceQuery, AudienceSelect
from storage.audiences import audience_select as _select
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
        """The refusal in Vietnamese."""
        return t(self.key, **self.values)


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


def resolve(raw: object) -> AudienceQuery:
    """The query a filter stands for (validated here; AudienceError if bad)."""
    flt = validate_filter(raw)
    return AudienceQuery(area_codes(flt), tuple(flt["groups"]), tuple(flt["topics"]))


def audience_select(raw: object) -> AudienceSelect:
    """``SELECT id, channel, chat_id`` of the audience's active subscribers, ordered by id.

    Stream it (``await session.stream(...)`` or keyset pagination on id); never load it whole.
    """
    return _select(resolve(raw))


async def audience_size(uow: UnitOfWork, raw: object) -> int:
    """How many active subscribers a filter selects right now."""
    return await uow.audiences.size(resolve(raw))


async def missing_groups(uow: UnitOfWork, raw: object) -> list[str]:
    """Group codes of a filter that do not exist (for a warning before saving an audience)."""
    flt = validate_filter(raw)
    if not flt["groups"]:
        return []
    found = await uow.audiences.existing_groups(flt["groups"])
    return [code for code in flt["groups"] if code not in found]
