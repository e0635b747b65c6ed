"""Topics a subscriber can choose to receive campaigns about (labels live in the catalogue)."""

from __future__ import annotations

from enum import StrEnum


class Topic(StrEnum):
    """Topic codes stored in ``Subscriber.topics`` and in audience filters."""

    KET_LUAN_72 = "ket_luan_72"
    GIAO_THONG = "giao_thong"
    THUY_LOI = "thuy_loi"
    NANG_LUONG = "nang_luong"
    HA_TANG_SO = "ha_tang_so"
    DO_THI = "do_thi"
    NONG_THON_MOI = "nong_thon_moi"


TOPIC_CODES: tuple[str, ...] = tuple(t.value for t in Topic)


def topic_label(code: str) -> str:
    """Vietnamese label of a topic code (the code itself when unknown)."""
    from domain.catalogue import MESSAGES

    return MESSAGES.get(f"topic_{code}", code)
