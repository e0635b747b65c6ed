"""Duplicate detection over open reports."""

from __future__ import annotations

from datetime import datetime, timedelta

from nlp import ReportSnapshot, similar_reports

NOW = datetime(2025, 9, 1, 8, 0)


def snap(
    id_: str,
    text: str,
    category: str | None = "giao_thong",
    place: str | None = "7210",
    days_ago: float = 0,
) -> ReportSnapshot:
    return ReportSnapshot(id_, text, category, place, NOW - timedelta(days=days_ago))


NEW = snap("new", "ổ gà to giữa đường trước cổng chợ Thương, xe máy ngã mấy lần rồi")
PARAPHRASE = snap(
    "para", "o ga rat to o duong truoc cong cho Thuong, nhieu xe may bi nga", days_ago=2
)
SAME_KIND_ELSEWHERE = snap("other", "ổ gà giữa đường Lê Lợi gần ngã tư, đi xe rất nguy hiểm")
UNRELATED = snap("power", "mất điện cả xóm từ sáng, chưa thấy điện lực đến", category="dien")


def test_paraphrase_ranks_above_unrelated_reports() -> None:
    scored = similar_reports(NEW, [UNRELATED, SAME_KIND_ELSEWHERE, PARAPHRASE], threshold=0.0)
    assert scored[0].id == "para"
    by_id = {s.id: s.score for s in scored}
    assert by_id["para"] > by_id["other"] > by_id["power"]
    assert all(0.0 <= s.score <= 1.0 for s in scored)


def test_default_threshold_keeps_only_the_duplicate() -> None:
    assert [s.id for s in similar_reports(NEW, [UNRELATED, SAME_KIND_ELSEWHERE, PARAPHRASE])] == [
        "para"
    ]


def test_other_place_lowers_the_score() -> None:
    moved = snap("moved", PARAPHRASE.text, place="9999", days_ago=2)
    scores = {s.id: s.score for s in similar_reports(NEW, [PARAPHRASE, moved], threshold=0.0)}
    assert scores["para"] > scores["moved"]


def test_old_reports_score_lower() -> None:
    old = snap("old", PARAPHRASE.text, days_ago=120)
    scores = {s.id: s.score for s in similar_reports(NEW, [PARAPHRASE, old], threshold=0.0)}
    assert scores["para"] > scores["old"]


def test_limit_self_and_empty() -> None:
    many = [snap(f"p{i}", PARAPHRASE.text) for i in range(10)] + [NEW]
    result = similar_reports(NEW, many, limit=3)
    assert len(result) == 3 and "new" not in {s.id for s in result}
    assert similar_reports(NEW, []) == []
    assert similar_reports(snap("e", ""), [PARAPHRASE]) == []
