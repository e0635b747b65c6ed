"""Question answering: splitting documents, retrieval with and without marks, answers, declines."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from nlp.qa import FaqEntry, Passage, QaIndex, answer_question, split_passages
from nlp.qa.answer import AnswerKind
from nlp.qa.evaluation import TARGETS, evaluate_qa, load_documents
from nlp.qa.extract import UnsupportedDocument, extract_text
from nlp.qa.reply import format_answer

ROOT = Path(__file__).resolve().parents[2]
LETTER = (ROOT / "docs" / "sources" / "2987-CV-TU.txt").read_text(encoding="utf-8")
TITLE = "Công văn số 2987-CV/TU"


@pytest.fixture(scope="module")
def index() -> QaIndex:
    return QaIndex(load_documents())


def _letter_index(faq: tuple[FaqEntry, ...] = ()) -> QaIndex:
    passages = [
        Passage(i + 1, 1, TITLE, p.section, p.position, p.text)
        for i, p in enumerate(split_passages(LETTER))
    ]
    return QaIndex(passages, faq)


def test_the_letter_splits_along_its_numbered_points() -> None:
    """Each of the six tasks is its own section; the letterhead, addressees and signer too."""
    passages = split_passages(LETTER)
    sections = [p.section for p in passages]
    for number in range(1, 7):
        assert f"mục {number}" in sections
    assert passages[0].section == "phần mở đầu" and "11 tháng 4 năm 2024" in passages[0].text
    addressees = next(p for p in passages if p.section == "Kính gửi")
    assert "huyện ủy" in addressees.text
    assert passages[-1].section == "phần cuối" and "Lê Thị Thu Hồng" in passages[-1].text
    assert [p.position for p in passages] == list(range(len(passages)))
    assert all("**" not in p.text for p in passages)


def test_headings_and_sub_points_label_sections() -> None:
    text = (
        "# Hướng dẫn\n\n## Cách gửi\n\n1. Gõ lệnh.\n\na) Mô tả sự việc.\n\n## Thời hạn\n\nTám giờ."
    )
    labels = [(p.section, p.text) for p in split_passages(text)]
    assert labels == [
        ("Cách gửi, mục 1", "1. Gõ lệnh."),
        ("Cách gửi, mục 1, điểm a", "a) Mô tả sự việc."),
        ("Thời hạn", "Tám giờ."),
    ]


def test_docx_text_keeps_headings_and_paragraphs() -> None:
    document = Document()
    document.add_heading("Thời hạn xử lý", level=2)
    document.add_paragraph("Phản ánh được tiếp nhận trong vòng 8 giờ làm việc.")
    buffer = io.BytesIO()
    document.save(buffer)
    passages = split_passages(extract_text(buffer.getvalue(), "huong-dan.docx"))
    assert [(p.section, p.text) for p in passages] == [
        ("Thời hạn xử lý", "Phản ánh được tiếp nhận trong vòng 8 giờ làm việc.")
    ]


def _pdf(text: str) -> bytes:
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (6, xref))
    return out.getvalue()


def test_pdf_text_is_read() -> None:
    assert "Ket luan 72" in extract_text(_pdf("Ket luan 72 ve ket cau ha tang"), "kl72.pdf")


def test_unsupported_and_empty_files_are_refused() -> None:
    with pytest.raises(UnsupportedDocument):
        extract_text(b"\x89PNG", "anh.png")
    with pytest.raises(UnsupportedDocument):
        extract_text(b"  \n", "trong.txt")


@pytest.mark.parametrize(
    "question",
    ["Tỉnh đặt mục tiêu gì đến năm 2030?", "tinh dat muc tieu gi den nam 2030"],
)
def test_the_same_answer_with_and_without_marks(index: QaIndex, question: str) -> None:
    answer = answer_question(index, question)
    assert answer.kind is AnswerKind.PASSAGE
    assert "hoàn thành mục tiêu phát triển kết cấu hạ tầng" in answer.quote
    reply = format_answer(answer)
    assert reply.splitlines()[-1] == "📄 Nguồn: " + (
        "Công văn số 2987-CV/TU ngày 11/4/2024 của Tỉnh ủy Bắc Giang, mục 1."
    )


def test_a_long_passage_is_quoted_by_the_clause_that_answers(index: QaIndex) -> None:
    answer = answer_question(index, "Hạ tầng y tế được nói thế nào?")
    assert "cơ sở y tế" in answer.quote
    assert "du lịch" not in answer.quote  # the neighbouring clauses are left out


@pytest.mark.parametrize(
    "question",
    [
        "Thời tiết Bắc Ninh ngày mai thế nào?",
        "gia vang hom nay",
        "Bạn nghĩ Kết luận 72 có tốt không?",
    ],
)
def test_out_of_scope_questions_are_declined(index: QaIndex, question: str) -> None:
    answer = answer_question(index, question)
    assert not answer.known
    assert format_answer(answer).splitlines()[-1].startswith("❔ Chưa có thông tin")


def test_a_question_the_documents_do_not_answer_is_declined(index: QaIndex) -> None:
    assert answer_question(index, "Học phí đại học năm nay bao nhiêu?").kind is AnswerKind.UNKNOWN


def test_the_faq_takes_precedence_when_it_matches() -> None:
    entry = FaqEntry(
        7,
        ("Kết luận 72 là gì?", "KL72 nói về gì"),
        "Kết luận của Bộ Chính trị ngày 23/02/2024.",
        "",
    )
    index = _letter_index((entry,))
    answer = answer_question(index, "ket luan 72 la gi")
    assert answer.kind is AnswerKind.FAQ and answer.faq == entry
    assert format_answer(answer).endswith("📄 Nguồn: giải đáp của cán bộ MTTQ.")
    assert answer_question(index, "Ai ký công văn?").kind is AnswerKind.PASSAGE


def test_an_empty_index_declines() -> None:
    assert answer_question(QaIndex([]), "Kết luận 72 là gì?").kind is AnswerKind.UNKNOWN


def test_the_evaluation_meets_its_targets() -> None:
    """The figures `python -m nlp evaluate-qa` prints stay at or above the targets."""
    report = evaluate_qa()
    assert report.questions >= 60 and report.declines >= 10
    for name, value in report.figures().items():
        assert value >= TARGETS[name], (name, value, report.misses)


def test_a_question_with_marks_is_matched_on_its_marks() -> None:
    """«mã tra cứu … dạng» shares only folded syllables with the letter («kiểm tra», «Đảng»)."""
    assert (
        answer_question(_letter_index(), "Mã tra cứu có dạng thế nào?").kind is AnswerKind.UNKNOWN
    )


def test_an_everyday_word_stands_for_official_wording_only_as_typed(index: QaIndex) -> None:
    """«điện» is «năng lượng» in the letter; «diện tích» is not."""
    assert answer_question(index, "Công thức tính diện tích hình tròn").kind is AnswerKind.UNKNOWN
    assert "năng lượng" in answer_question(index, "điện của tỉnh phát triển ra sao").quote
