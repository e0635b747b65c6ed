"""Audience filters select exactly the right active subscribers (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from broadcasts.audience import (
    AudienceError,
    audience_select,
    audience_size,
    missing_groups,
    validate_filter,
)
from domain.catalogue import t
from storage.broadcast_models import GroupMember, Subscriber
from storage.subscribers import SubscriberStore
from storage.uow import UnitOfWork

TAN_DINH, AN_LAC, BAC_GIANG, DA_MAI = "7432", "7654", "7210", "7228"
# chat id -> (status, commune, topics, groups)
PEOPLE: dict[str, tuple[str, str | None, list[str], list[str]]] = {
    "1": ("active", TAN_DINH, ["giao_thong"], ["A"]),
    "2": ("active", AN_LAC, [], ["A", "B"]),
    "3": ("active", BAC_GIANG, ["thuy_loi", "ket_luan_72"], []),
    "4": ("blocked", TAN_DINH, ["giao_thong"], ["A"]),
    "5": ("unsubscribed", TAN_DINH, [], ["B"]),
    "6": ("active", None, ["do_thi"], ["B"]),
    "7": ("active", DA_MAI, ["nang_luong"], []),
}


@pytest.fixture
async def seeded(sessions: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
    async with sessions() as session:
        store = SubscriberStore(session)
        groups = {code: await store.create_group(code, f"Nhóm {code}") for code in ("A", "B")}
        for chat_id, (status, commune, topics, codes) in PEOPLE.items():
            row = Subscriber(
                channel="telegram",
                chat_id=chat_id,
                commune_code=commune,
                topics=topics,
                status=status,
            )
            session.add(row)
            await session.flush()
            for code in codes:
                session.add(GroupMember(subscriber_id=row.id, group_id=groups[code].id))
        await session.commit()
    return sessions


CASES: list[tuple[dict[str, Any], set[str]]] = [
    ({"all": True}, {"1", "2", "3", "6", "7"}),
    ({"communes": [TAN_DINH]}, {"1"}),
    ({"communes": [TAN_DINH, AN_LAC]}, {"1", "2"}),
    ({"legacy_districts": ["Huyện Lạng Giang"]}, {"1"}),
    ({"legacy_districts": ["tan yen"]}, {"7"}),  # Đa Mai absorbed a Tân Yên commune
    ({"legacy_districts": ["Thành phố Bắc Giang"]}, {"3", "7"}),
    ({"communes": [AN_LAC], "legacy_districts": ["Huyện Lạng Giang"]}, {"1", "2"}),
    ({"groups": ["A"]}, {"1", "2"}),
    ({"groups": ["A", "B"]}, {"1", "2", "6"}),
    ({"topics": ["giao_thong"]}, {"1", "2"}),  # 2 chose no topic: receives every topic
    ({"topics": ["thuy_loi", "do_thi"]}, {"2", "3", "6"}),
    ({"groups": ["B"], "topics": ["do_thi"]}, {"2", "6"}),
    ({"legacy_districts": ["Thành phố Bắc Giang"], "topics": ["ket_luan_72"]}, {"3"}),
    ({"all": True, "groups": ["B"]}, {"2", "6"}),
    ({"communes": [TAN_DINH], "groups": ["B"]}, set()),
    ({"groups": ["nobody"]}, set()),
]


@pytest.mark.parametrize(("flt", "expected"), CASES)
async def test_filters_select_exact_sets(
    seeded: async_sessionmaker[AsyncSession], flt: dict[str, Any], expected: set[str]
) -> None:
    async with UnitOfWork(seeded) as uow:
        rows = (await uow.session.execute(audience_select(flt))).all()
        assert {chat for _, _, chat in rows} == expected
        ids = [row_id for row_id, _, _ in rows]
        assert ids == sorted(ids)
        assert all(channel == "telegram" for _, channel, _ in rows)
        assert await audience_size(uow, flt) == len(expected)


async def test_streaming_select(seeded: async_sessionmaker[AsyncSession]) -> None:
    async with UnitOfWork(seeded) as uow:
        result = await uow.session.stream(audience_select({"all": True}))
        chats = [row.chat_id async for row in result]
    assert sorted(chats) == ["1", "2", "3", "6", "7"]
    async with UnitOfWork(seeded) as uow:
        assert await missing_groups(uow, {"groups": ["A", "Z"]}) == ["Z"]


def test_validate_normalises() -> None:
    assert validate_filter(
        {
            "legacy_districts": ["lạng giang", "Huyện Lạng Giang"],
            "communes": [7432, "7210"],
            "topics": ["giao_thong"],
        }
    ) == {
        "all": False,
        "communes": ["7210", "7432"],
        "legacy_districts": ["Huyện Lạng Giang"],
        "groups": [],
        "topics": ["giao_thong"],
    }


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({}, "aud_err_empty"),
        ({"all": False, "communes": []}, "aud_err_empty"),
        ("all", "aud_err_not_object"),
        ({"everyone": True}, "aud_err_unknown_key"),
        ({"all": "yes"}, "aud_err_all_bool"),
        ({"communes": "7432"}, "aud_err_not_list"),
        ({"communes": ["0000"]}, "aud_err_commune"),
        ({"legacy_districts": ["Huyện Không Có"]}, "aud_err_district"),
        ({"topics": ["bong_da"]}, "aud_err_topic"),
        ({"groups": ["x" * 65]}, "aud_err_group"),
    ],
)
def test_invalid_filters(raw: object, key: str) -> None:
    with pytest.raises(AudienceError) as caught:
        validate_filter(raw)
    assert str(caught.value) == key
    assert caught.value.message == t(key, **caught.value.values)
