"""Member list import: CSV and XLSX, all-or-nothing with a per-row report; group CLI."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli.groups import bot_username, run_group
from broadcasts.audience import audience_size
from broadcasts.importer import import_subscribers, run_cli
from domain.catalogue import t
from storage.broadcast_models import GroupMember, Subscriber, SubscriberGroup
from storage.database import Database
from storage.subscribers import SubscriberStore
from storage.uow import UnitOfWork
from tests.broadcasts.sender_support import telegram_delivery
from tests.support.fake_bot_api import FakeBotApi

HEADER = ["channel", "chat_id", "name", "commune", "groups"]
GOOD = [
    ["telegram", "9001", "Nguyễn Thị Hoa", "xã Lệ Viễn", "doan_tn; hoi_nd"],
    ["Telegram", "9002", "Trần Văn Bình", "Phường Bắc Giang", "doan_tn,cd_01"],
    ["telegram", "-100123", "Chi đoàn thôn Hạ", "7432", ""],
    ["telegram", "9004", "", "", "cd_01"],
    ["telegram", "9005", "Lê Văn Cường", "Kinh Bắc", ""],  # left with /huydangky before
]


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows([HEADER, *rows])
    return path


async def count(sessions: async_sessionmaker[AsyncSession], model: type) -> int:
    async with sessions() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def existing(sessions: async_sessionmaker[AsyncSession]) -> None:
    """A group with a proper name, one subscriber who will be updated, one who left."""
    async with sessions() as session:
        store = SubscriberStore(session)
        await store.create_group("doan_tn", "Đoàn Thanh niên xã")
        session.add(
            Subscriber(
                channel="telegram",
                chat_id="9002",
                name="Bình",
                topics=["do_thi"],
                status="active",
                source="dangky",
            )
        )
        session.add(
            Subscriber(
                channel="telegram",
                chat_id="9005",
                topics=[],
                status="unsubscribed",
                source="dangky",
            )
        )
        await session.commit()


async def by_chat(sessions: async_sessionmaker[AsyncSession]) -> dict[str, Subscriber]:
    async with sessions() as session:
        rows = (await session.execute(select(Subscriber))).scalars()
        return {r.chat_id: r for r in rows}


async def check_happy_result(sessions: async_sessionmaker[AsyncSession]) -> None:
    people = await by_chat(sessions)
    assert set(people) == {"9001", "9002", "-100123", "9004", "9005"}
    hoa = people["9001"]
    assert (hoa.status, hoa.source, hoa.commune_code, hoa.name) == (
        "active",
        "import",
        "7654",
        "Nguyễn Thị Hoa",
    )
    assert hoa.commune_text == "Xã An Lạc (Xã Lệ Viễn cũ)"
    assert hoa.consented_at is not None
    binh = people["9002"]  # updated, keeps its own source and topics
    assert (binh.name, binh.commune_code, binh.source, binh.topics) == (
        "Trần Văn Bình",
        "7210",
        "dangky",
        ["do_thi"],
    )
    assert people["-100123"].commune_code == "7432"
    assert people["9004"].commune_code is None and people["9004"].name is None
    assert people["9005"].status == "unsubscribed" and people["9005"].name is None
    async with UnitOfWork(sessions) as uow:
        assert await audience_size(uow, {"groups": ["doan_tn"]}) == 2
        assert await audience_size(uow, {"groups": ["cd_01"]}) == 2
        assert await audience_size(uow, {"groups": ["hoi_nd"]}) == 1
        result = await uow.session.execute(select(SubscriberGroup.code, SubscriberGroup.name))
        names = {code: name for code, name in result.all()}
    assert names == {"doan_tn": "Đoàn Thanh niên xã", "hoi_nd": "hoi_nd", "cd_01": "cd_01"}


async def test_csv_import(sessions: async_sessionmaker[AsyncSession], tmp_path: Path) -> None:
    await existing(sessions)
    path = write_csv(tmp_path / "members.csv", GOOD, delimiter=";")
    async with UnitOfWork(sessions) as uow:
        report = await import_subscribers(uow, path)
        await uow.commit()
    assert report.ok, report.lines()
    assert (report.created, report.updated, report.skipped_unsubscribed) == (3, 1, 1)
    assert sorted(report.groups_created) == ["cd_01", "hoi_nd"]
    assert report.memberships_added == 5
    await check_happy_result(sessions)
    # Importing the same file again changes nothing but counts updates.
    async with UnitOfWork(sessions) as uow:
        again = await import_subscribers(uow, path)
        await uow.commit()
    assert (again.created, again.updated, again.memberships_added) == (0, 4, 0)
    assert await count(sessions, GroupMember) == 5


async def test_xlsx_import(sessions: async_sessionmaker[AsyncSession], tmp_path: Path) -> None:
    await existing(sessions)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([h.upper() for h in HEADER])
    for row in GOOD:  # chat ids as numbers, as spreadsheets store them
        sheet.append([row[0], int(row[1]), row[2] or None, row[3] or None, row[4] or None])
    sheet.append([None, None, None, None, None])
    path = tmp_path / "members.xlsx"
    book.save(path)
    async with UnitOfWork(sessions) as uow:
        report = await import_subscribers(uow, path)
        await uow.commit()
    assert report.ok, report.lines()
    assert (report.created, report.updated) == (3, 1)
    await check_happy_result(sessions)


async def test_bad_rows_import_nothing(
    sessions: async_sessionmaker[AsyncSession],
    db: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = [
        *GOOD[:2],
        ["viber", "9101", "A", "Tân Dĩnh", ""],  # row 4
        ["telegram", "abc", "B", "Tân Dĩnh", ""],  # row 5
        ["telegram", "9001", "C", "Tân Dĩnh", ""],  # row 6: same as row 2
        ["telegram", "9102", "D", "Đồng Tiến", ""],  # row 7: two communes of that name
        ["telegram", "9103", "E", "Hà Nội", "x y"],  # row 8
        ["telegram", "", "F", "", ""],  # row 9
    ]
    path = write_csv(tmp_path / "bad.csv", rows)
    async with UnitOfWork(sessions) as uow:
        report = await import_subscribers(uow, path)
        await uow.commit()
    assert not report.ok
    where = [(e.row, e.column) for e in report.errors]
    assert where == [
        (4, "channel"),
        (5, "chat_id"),
        (6, "chat_id"),
        (7, "commune"),
        (8, "commune"),
        (8, "groups"),
        (9, "chat_id"),
    ]
    assert str(report.errors[2]) == t(
        "imp_row_error",
        row=6,
        column=t("imp_column", column="chat_id"),
        message=t("imp_err_duplicate", first=2),
    )
    assert "Xã Đồng Tiến (Huyện Yên Thế)" in report.errors[3].message
    assert await count(sessions, Subscriber) == 0
    assert await count(sessions, SubscriberGroup) == 0
    # The command prints the report and fails.
    assert await run_cli(db, path) == 1
    out = capsys.readouterr().out
    assert t("imp_failed", count=7) in out and "Dòng 4" in out
    assert await count(sessions, Subscriber) == 0


async def test_one_bad_row_imports_nothing(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "one.csv", [*GOOD[:4], ["telegram", "12x", "", "", ""]])
    async with UnitOfWork(sessions) as uow:
        report = await import_subscribers(uow, path)
    assert [(e.row, e.column) for e in report.errors] == [(6, "chat_id")]
    assert await count(sessions, Subscriber) == 0


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("m.txt", b"channel,chat_id\n", "imp_err_format"),
        ("m.xlsx", b"not a zip", "imp_err_unreadable"),
        ("m.csv", "channel,chat_id\ntelegram,1\n".encode("utf-16"), "imp_err_encoding"),
        ("m.csv", b"name,commune\nA,B\n", "imp_err_header"),
        ("m.csv", b"channel,chat_id\n", "imp_err_empty"),
    ],
)
async def test_file_problems(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path, name: str, content: bytes, key: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    async with UnitOfWork(sessions) as uow:
        report = await import_subscribers(uow, path)
    assert len(report.errors) == 1
    expected = t(key, columns="channel, chat_id") if key == "imp_err_header" else t(key)
    assert report.errors[0].message == expected


async def test_group_cli(
    sessions: async_sessionmaker[AsyncSession], db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = SimpleNamespace(telegram_bot_username="@mttq_bacninh_bot")
    username = bot_username(SimpleNamespace(settings=settings, telegram=None))  # type: ignore[arg-type]
    assert username == "mttq_bacninh_bot"
    create = argparse.Namespace(group_command="create", code="cd_01", name="Chi đoàn 01")
    assert await run_group(db, username, create) == 0
    async with sessions() as session:
        group = await SubscriberStore(session).group_by_code("cd_01")
    assert group is not None and group.name == "Chi đoàn 01"
    link = f"https://t.me/mttq_bacninh_bot?start=join_{group.invite_token}"
    assert link in capsys.readouterr().out
    assert await run_group(db, username, create) == 2
    assert t("grp_err_exists") in capsys.readouterr().err
    assert await run_group(db, username, argparse.Namespace(group_command="list")) == 0
    out = capsys.readouterr().out
    assert "cd_01" in out and link in out


async def test_group_links_use_the_bot_username_from_telegram() -> None:
    settings = SimpleNamespace(telegram_bot_username=None)
    assert bot_username(SimpleNamespace(settings=settings, telegram=None)) is None  # type: ignore[arg-type]
    async with FakeBotApi() as fake, telegram_delivery(fake) as delivery:
        services = SimpleNamespace(settings=settings, telegram=delivery)
        assert bot_username(services) == "phananh_test_bot"  # type: ignore[arg-type]
