"""Subscriber groups (chi đoàn, chi hội…): creation, listing and invitation links."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storage.broadcast_models import SubscriberGroup
from storage.uow import UnitOfWork

GROUP_CODE_RE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
JOIN_PREFIX = "join_"  # the deep link's start parameter: join_<invite token>


@dataclass(frozen=True)
class GroupInfo:
    """A group as listed, with its invitation token and active member count."""

    code: str
    name: str
    invite_token: str
    members: int  # active members


def valid_group_code(code: str) -> bool:
    """Letters, digits, ``_ . -``; at most 64 characters."""
    return bool(GROUP_CODE_RE.match(code))


def invite_link(bot_username: str, token: str) -> str:
    """``https://t.me/<bot>?start=join_<token>``: opening it sends ``/start join_<token>``."""
    return f"https://t.me/{bot_username.strip().lstrip('@')}?start={JOIN_PREFIX}{token}"


async def create_group(uow: UnitOfWork, code: str, name: str) -> SubscriberGroup:
    """A new group with a fresh invitation token (ValueError on a bad or existing code)."""
    code = code.strip()
    if not valid_group_code(code):
        raise ValueError("grp_err_code")
    store = uow.subscribers
    if await store.group_by_code(code) is not None:
        raise ValueError("grp_err_exists")
    return await store.create_group(code, name.strip() or code)


async def list_groups(uow: UnitOfWork) -> list[GroupInfo]:
    """Every group with its active member count, by code."""
    store = uow.subscribers
    counts = await store.member_counts()
    return [
        GroupInfo(g.code, g.name, g.invite_token, counts.get(g.id, 0)) for g in await store.groups()
    ]
