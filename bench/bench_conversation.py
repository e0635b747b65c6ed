"""How much a report asks of a citizen: inputs and bot messages per report, scripted citizens.

Each scripted citizen types the way people type (with and without diacritics, «ok», «đúng rồi»,
a landmark before the ward, a photo first) and answers only what the bot asks. Printed per
citizen and as medians, next to the targets: median ≤ 3 citizen inputs when the text names the
place, ≤ 5 otherwise, ≤ 2 bot messages per citizen input. Runs the real dispatcher, handlers and
NLP over the SQLite store. Exits non-zero when a citizen never gets a code or a target is missed.

Usage: ``python bench/bench_conversation.py``
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain.delivery import Delivered, Outcome
from domain.messages import Incoming, IncomingKind, PhotoData, Reply, text_incoming
from domain.tracking import find_tracking_code
from handlers.chat.config import HandlerConfig
from handlers.chat.dispatcher import Dispatcher
from storage.database import open_database

PHOTO = b"\xff\xd8\xff\xe0" + b"jpeg" * 200


@dataclass
class Citizen:
    """A scripted citizen: the first message, and how they answer each question."""

    first: str
    names_place: bool
    place: str = "thôn Hạ, xã Tân Dĩnh"
    ward: str = "Tân Dĩnh"
    confirm: str = "ok"
    photo_first: bool = False
    answers: list[str] = field(default_factory=list)


CITIZENS = [
    Citizen("Ổ gà rất to trên đường thôn Đông xã Tân Dĩnh, xe máy đi qua rất khó", True),
    Citizen("o ga to giua duong truc thon Dong xa Tan Dinh, di lai rat kho", True),
    Citizen("Cống thoát nước trước chợ Thương phường Bắc Giang bị tắc, mưa là ngập", True),
    Citizen("cong thoat nuoc cho Thuong phuong Bac Giang tac lau roi", True, confirm="đúng rồi"),
    Citizen("Đèn đường ở tổ dân phố 3 phường Đa Mai tắt cả tuần nay", True, confirm="vâng"),
    Citizen("den duong to dan pho 3 phuong Da Mai hong het roi", True, confirm="gửi"),
    Citizen("Rác thải đổ trộm cạnh kênh tưới thôn Hạ xã Tân Dĩnh bốc mùi hôi thối", True),
    Citizen("Trường tiểu học xã Tân Dĩnh dột mái nhiều phòng học, mưa là ướt hết", True),
    Citizen("nuoc may xa Tan Dinh mat ca tuan nay, dan khong co nuoc sinh hoat", True),
    Citizen("Mương tưới thôn Hạ xã Tân Dĩnh bị vỡ bờ, nước không vào ruộng được", True),
    Citizen(
        "Trạm y tế xã Tân Dĩnh xuống cấp, trần bong tróc", True, photo_first=True, confirm="ok"
    ),
    Citizen("Sân chơi thiếu nhi phường Đa Mai hỏng hết đu quay, cầu trượt", True),
    Citizen("Đèn đường hỏng cả tuần nay, buổi tối tối om", False),
    Citizen("den duong hong ca tuan nay toi om", False, place="thon Ha xa Tan Dinh"),
    Citizen("Cống trước nhà văn hóa bị tắc, mưa là ngập cả đường", False),
    Citizen("rac thai do tran lan canh duong, boc mui", False, place="gan cho", ward="Tân Dĩnh"),
    Citizen("Mất sóng điện thoại cả tuần, không gọi được", False, place="thôn Đông xã Tân Dĩnh"),
    Citizen("Đường vào xóm lầy lội, xe máy không đi được", False, place="xóm Chùa", ward="Đa Mai"),
    Citizen("nuoc may co mui la, dan khong dam dung", False, place="phuong Da Mai"),
    Citizen(
        "Bãi tập kết vật liệu lấn chiếm vỉa hè, người đi bộ phải xuống lòng đường",
        False,
        place="phường Bắc Giang",
        confirm="đúng",
    ),
    Citizen("Trường mầm non thiếu nhà vệ sinh cho các cháu", False, place="xã Tân Dĩnh"),
    Citizen("Cầu dân sinh qua mương bị gãy lan can", False, place="thôn Nam", ward="xã Tân Dĩnh"),
    Citizen("ổ gà đầy đường", False, photo_first=True, place="thôn Hạ xã Tân Dĩnh"),
    Citizen("tram y te xuong cap qua, tran nha bong troc", False, place="xa Tan Dinh"),
]


class CountingDelivery:
    """Counts what the bot sends to each chat."""

    def __init__(self) -> None:
        self.sent: dict[str, int] = {}

    async def deliver(self, channel: str, chat_id: str, message: Reply) -> Outcome:
        """Count the message."""
        self.sent[chat_id] = self.sent.get(chat_id, 0) + 1
        return Delivered()


def _callbacks(replies: list[Reply]) -> list[str]:
    return [b.callback_data for r in replies for row in r.buttons for b in row if b.callback_data]


def _next_input(citizen: Citizen, replies: list[Reply], given: set[str]) -> str | None:
    """What this citizen types next, answering what the bot asked."""
    text = "\n".join(r.text for r in replies)
    if "Bấm «Gửi»" in text:
        return citizen.confirm
    if "xã/phường nào" in text and "ward" not in given:
        given.add("ward")
        return citizen.ward
    if "Sự việc ở đâu" in text and "place" not in given:
        given.add("place")
        return citizen.place
    if any(d.startswith("r:cat:") for d in _callbacks(replies)):
        return "đúng"
    if "mô tả" in text and "describe" not in given:
        given.add("describe")
        return citizen.first
    return None


async def play(dispatcher: Dispatcher, delivery: CountingDelivery, n: int, c: Citizen) -> dict:
    chat = f"c{n}"
    for setup in (
        text_incoming("bench", chat, chat, "/start"),
        Incoming("bench", chat, chat, IncomingKind.CALLBACK, callback_data="consent:yes"),
    ):
        await dispatcher.handle(setup, None)
    before = delivery.sent.get(chat, 0)
    inputs, code = 0, None
    given: set[str] = set()
    if c.photo_first:
        photo = Incoming("bench", chat, chat, IncomingKind.PHOTO, photo=PhotoData(PHOTO))
        replies = await dispatcher.handle(photo, None)
        inputs += 1
        given.add("photo")
    else:
        replies = await dispatcher.handle(text_incoming("bench", chat, chat, c.first), None)
        inputs += 1
        given.add("describe")
    while inputs < 10:
        code, _ = find_tracking_code("\n".join(r.text for r in replies))
        if code:
            break
        answer = _next_input(c, replies, given)
        if answer is None:
            break
        replies = await dispatcher.handle(text_incoming("bench", chat, chat, answer), None)
        inputs += 1
    messages = delivery.sent.get(chat, 0) - before
    return {"inputs": inputs, "messages": messages, "code": code, "place": c.names_place}


async def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = await open_database(f"sqlite+aiosqlite:///{tmp}/bench.db")
        delivery = CountingDelivery()
        dispatcher = Dispatcher(db, delivery, HandlerConfig(flood_max_messages=1000))
        results = [await play(dispatcher, delivery, n, c) for n, c in enumerate(CITIZENS)]
        await db.dispose()
    print(f"{'citizen':<8}{'place in text':<15}{'inputs':>7}{'bot msgs':>9}  code")
    for n, r in enumerate(results):
        print(
            f"c{n:<7}{'yes' if r['place'] else 'no':<15}{r['inputs']:>7}{r['messages']:>9}  "
            f"{r['code'] or 'NONE'}"
        )
    with_place = [r["inputs"] for r in results if r["place"]]
    without = [r["inputs"] for r in results if not r["place"]]
    per_input = [r["messages"] / r["inputs"] for r in results]
    median_with, median_without = statistics.median(with_place), statistics.median(without)
    worst_ratio = max(per_input)
    print(
        f"\n{len(results)} citizens; the first generation of the flow took 7-8 inputs and "
        "12-14 bot messages per report (baseline from the issue)"
    )
    print(f"median inputs, place in the text: {median_with} (target ≤ 3)")
    print(f"median inputs, place asked:       {median_without} (target ≤ 5)")
    print(
        f"bot messages per input: median {statistics.median(per_input):.2f}, "
        f"max {worst_ratio:.2f} (target ≤ 2)"
    )
    lost = [n for n, r in enumerate(results) if not r["code"]]
    ok = not lost and median_with <= 3 and median_without <= 5 and worst_ratio <= 2
    if lost:
        print(f"no code for citizens: {lost}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
