"""The pack says what the document says: dates, numbers and quotations come from the seed."""

from __future__ import annotations

import re

from broadcasts.content_pack import read_pack
from tests.broadcasts.quiz.support import (
    SEED_COPY,
    SEED_DOCUMENT,
    normalise,
    pack_strings,
    seed_text,
)


def _seed_dates(seed: str) -> set[str]:
    """Dates of the seed as d/m/yyyy without leading zeros ("ngày 11 tháng 4 năm 2024" too)."""
    found = {
        f"{int(d)}/{int(m)}/{y}" for d, m, y in re.findall(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", seed)
    }
    found |= {
        f"{int(d)}/{int(m)}/{y}"
        for d, m, y in re.findall(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})", seed)
    }
    return found


def _kl72_date(seed: str) -> str:
    match = re.search(r"Kết luận số 72-KL/TW ngày (\d{2}/\d{2}/\d{4}) của Bộ Chính trị", seed)
    assert match, "the seed names the date of Kết luận 72-KL/TW"
    return match.group(1)


def _letter_date(seed: str) -> str:
    match = re.search(r"Bắc Giang, ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})", seed)
    assert match, "the seed is dated"
    return f"{int(match.group(1))}/{int(match.group(2))}/{match.group(3)}"


def test_the_kept_copy_is_the_seed() -> None:
    assert SEED_COPY.read_text(encoding="utf-8") == SEED_DOCUMENT.read_text(encoding="utf-8")


def test_every_source_quote_is_verbatim_in_the_seed() -> None:
    seed = seed_text()
    pack = read_pack()
    for item in [*pack["messages"], *pack["quiz"]["questions"]]:
        for quote in item["source"]["quotes"]:
            assert normalise(quote) in seed, quote


def test_every_quotation_mark_passage_is_verbatim_in_the_seed() -> None:
    seed = seed_text()
    quoted = [q for text in pack_strings(read_pack()) for q in re.findall(r"«([^»]+)»", text)]
    for passage in quoted:
        if passage in ("Bắt đầu trả lời",):  # the bot's own button, not a quotation
            continue
        assert normalise(passage) in seed, passage
    assert len(quoted) >= 8


def test_dates_and_years_of_the_pack_are_the_seeds() -> None:
    seed = seed_text()
    seed_dates = _seed_dates(seed)
    seed_years = set(re.findall(r"\b(?:19|20)\d{2}\b", seed))
    for text in pack_strings(read_pack()):
        for d, m, y in re.findall(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", text):
            assert f"{int(d)}/{int(m)}/{y}" in seed_dates, (d, m, y, text[:60])
        for year in re.findall(r"\b(?:19|20)\d{2}\b", text):
            assert year in seed_years, (year, text[:60])


def test_key_facts_match_the_seed() -> None:
    raw = SEED_DOCUMENT.read_text(encoding="utf-8")
    seed = seed_text()
    pack = read_pack()
    explainer = next(m for m in pack["messages"] if m["kind"] == "explainer")["text"]
    kl72, letter = _kl72_date(seed), _letter_date(seed)
    assert (kl72, letter) == ("23/02/2024", "11/4/2024")
    assert kl72 in explainer and letter in explainer
    nq13 = re.search(r"(Nghị quyết số 13-NQ/TW) ngày (\d{2}/\d{2}/\d{4})", seed)
    assert nq13 and f"{nq13.group(1)} ngày {nq13.group(2)}" in explainer
    number = re.search(r"Số (\d+-CV/TU)", seed)
    assert number and f"Công văn số {number.group(1)}" in explainer
    # the six numbered tasks of the letter, each with its message
    tasks = re.findall(r"(?m)^\**(\d)\.", raw)
    assert tasks == ["1", "2", "3", "4", "5", "6"]
    assert all(f"{n}. " in explainer for n in tasks)

    questions = pack["quiz"]["questions"]

    def answer(fragment: str) -> str:
        question = next(q for q in questions if fragment in q["text"])
        return str(question["options"][question["correct_index"]])

    assert answer("Kết luận số 72-KL/TW của Bộ Chính trị") == kl72
    assert answer("Công văn số 2987-CV/TU của Tỉnh ủy Bắc Giang") == letter
    target = re.search(r"Phấn đấu đến năm (\d{4}), hoàn thành mục tiêu", seed)
    assert target and answer("hoàn thành mục tiêu") == f"Năm {target.group(1)}"
    goes_first = re.search(r"kết cấu hạ tầng ([\w ]+?) phải được tập trung đầu tư đi trước", seed)
    assert goes_first and goes_first.group(1) in answer("đi trước một bước").lower()
    reports_to = re.search(r"định kỳ báo cáo ([^.]+)\.", seed)
    assert reports_to and answer("định kỳ báo cáo") == reports_to.group(1)
