"""Duplicate detection over open reports."""

from __future__ import annotations

from datetime import datetime, timedelta

from nlp import ReportSnapshot, similar_reports
from nlp.duplicates import DEFAULT_THRESHOLD

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


def test_the_same_street_raises_similarity() -> None:
    first = snap("a", "ổ gà đường Lê Lợi")
    same_street = snap("b", "Đường Lê Lợi có hố to đọng nước, đi xe rất sợ", category="thoat_nuoc")
    elsewhere = snap("c", "Đường Trần Phú có hố to đọng nước, đi xe rất sợ", category="thoat_nuoc")
    scores = {s.id: s.score for s in similar_reports(first, [same_street, elsewhere], threshold=0)}
    assert scores["b"] > scores["c"]
    assert [s.id for s in similar_reports(first, [same_street, elsewhere])] == ["b"]


def test_two_reports_of_one_pothole_on_le_loi_are_proposed() -> None:
    first = snap("a", "ổ gà đường Lê Lợi")
    second = snap("b", "le loi o ga to qua", days_ago=1)
    assert [s.id for s in similar_reports(first, [second])] == ["b"]


def test_a_street_named_without_duong_joins_the_report_that_names_it_with_duong() -> None:
    explicit = "ổ gà đường Lê Lợi trước chợ"
    for bare in ("le loi o ga to qua, di xe sap", "Lê Lợi ổ gà to quá, đi xe sắp ngã"):
        first, second = snap("a", explicit, days_ago=1), snap("b", bare)
        assert [s.id for s in similar_reports(second, [first])] == ["a"]
        first, second = snap("a", bare, days_ago=1), snap("b", explicit)
        assert [s.id for s in similar_reports(second, [first])] == ["a"]


def test_an_ordinary_word_read_after_duong_is_no_street_in_the_other_report() -> None:
    from nlp.duplicates import report_spots, spot_relation

    # typed without marks, «đường đi học» reads as a street «di hoc»...
    pothole = snap("a", "o ga duong di hoc cua tre, mua la dong nuoc", days_ago=1)
    assert report_spots(pothole.text) == {"di hoc"}
    # ...but «đi học» written in lower case in a report that uses capitals is no street
    school = snap("b", "Trước cổng trường tiểu học trẻ em đi học phải đi sát xe tải")
    assert spot_relation(school, pothole) == 0
    assert similar_reports(school, [pothole]) == []


def test_a_bare_name_next_to_a_spot_of_its_own_gets_the_ordinary_street_bonus() -> None:
    from nlp.duplicates import spot_relation

    explicit = snap("a", "Ổ gà rất to trước số nhà 120 đường Lê Lợi", days_ago=1)
    crossing = snap("b", "Ngã tư Lê Lợi giao Hoàng Văn Thụ mặt đường bong tróc")
    bare = snap("c", "le loi o ga to qua, di xe sap")
    assert spot_relation(crossing, explicit) == 1  # it reads «ngã tư Lê Lợi» of its own
    assert spot_relation(bare, explicit) == spot_relation(explicit, bare) == 2


def test_streets_and_landmarks_are_read_with_and_without_marks() -> None:
    from nlp.duplicates import report_spots

    assert report_spots("Ổ gà trên phố Lê Lợi") == report_spots("o ga tren duong le loi")
    assert "le loi" in report_spots("o ga tren duong le loi sau lam")
    assert report_spots("ngập ở tỉnh lộ 291") == report_spots("ngap tl291") == {"lo 291"}
    assert report_spots("Rác ở chợ Thương") == {"cho thuong"}
    assert report_spots("để ở chỗ Thương") == frozenset()  # «chỗ» is no «chợ»
    assert report_spots("cầu tràn bị vỡ") == frozenset()


def test_pair_set_figures() -> None:
    from nlp.duplicate_evaluation import all_pairs, precision_recall, report

    main, street, bare = all_pairs()
    assert sum(p.same for p in main) >= 100 and sum(not p.same for p in main) >= 100
    assert any(p.same_spot and not p.same for p in main)
    assert any(p.same_spot and not p.same for p in bare) and any(p.same for p in bare)
    precision, recall, _ = precision_recall(main + street, DEFAULT_THRESHOLD)
    assert precision >= 0.75 and recall >= 0.85
    precision, recall, _ = precision_recall(main + street + bare, DEFAULT_THRESHOLD)
    assert precision >= 0.7 and recall >= 0.9
    assert "precision" in report()
