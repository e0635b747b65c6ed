"""The question-answering evaluation: ``python -m nlp evaluate-qa``.

The question set (``nlp/data/qa/questions.jsonl``) asks about the documents listed in
``nlp/data/qa/documents.json``; each answerable question names the passage(s) that answer it (a
snippet of their text) and the words the reply must contain, and some questions must be declined.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp.qa.answer import DECLINE_BELOW, answer_question
from nlp.qa.passages import split_passages
from nlp.qa.reply import format_answer
from nlp.qa.retrieval import Passage, QaIndex
from nlp.text import fold, normalize

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "qa"
ROOT = Path(__file__).resolve().parents[2]
TARGETS = {"recall@1": 0.85, "recall@3": 0.97, "exact answer": 0.85, "correct decline": 0.9}


@dataclass
class QaReport:
    """The figures of one run, with the questions that missed."""

    questions: int
    declines: int
    recall_at_1: float
    recall_at_3: float
    exact_answer: float
    correct_decline: float
    false_declines: int
    decline_below: float
    misses: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        """The four figures under the names of ``TARGETS``."""
        return {
            "recall@1": self.recall_at_1,
            "recall@3": self.recall_at_3,
            "exact answer": self.exact_answer,
            "correct decline": self.correct_decline,
        }


def load_documents(data_dir: Path = DATA_DIR, root: Path = ROOT) -> list[Passage]:
    """The passages of the evaluation's documents (document ids are their order, from 1)."""
    specs = json.loads((data_dir / "documents.json").read_text(encoding="utf-8"))
    passages: list[Passage] = []
    for number, spec in enumerate(specs, start=1):
        text = (root / spec["path"]).read_text(encoding="utf-8")
        for part in split_passages(text):
            passage_id = len(passages) + 1
            passages.append(
                Passage(passage_id, number, spec["title"], part.section, part.position, part.text)
            )
    return passages


def document_keys(data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Document key of the question set -> document id in :func:`load_documents`."""
    specs = json.loads((data_dir / "documents.json").read_text(encoding="utf-8"))
    return {spec["key"]: number for number, spec in enumerate(specs, start=1)}


def load_questions(data_dir: Path = DATA_DIR) -> list[dict[str, Any]]:
    """The question set, one dict per line."""
    lines = (data_dir / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _key(text: str) -> str:
    return " ".join(fold(normalize(text)).split())


def _answers(passage: Passage, question: dict[str, Any], keys: dict[str, int]) -> bool:
    if passage.document_id != keys[question["doc"]]:
        return False
    return any(_key(snippet) in _key(passage.text) for snippet in question["passages"])


def evaluate_qa(
    index: QaIndex | None = None,
    questions: list[dict[str, Any]] | None = None,
    *,
    decline_below: float = DECLINE_BELOW,
) -> QaReport:
    """Run the question set through retrieval and answering."""
    index = index or QaIndex(load_documents())
    questions = questions if questions is not None else load_questions()
    keys = document_keys()
    answerable = [q for q in questions if not q.get("decline")]
    to_decline = [q for q in questions if q.get("decline")]
    top1 = top3 = exact = false_declines = declined = 0
    misses: list[str] = []
    for question in answerable:
        answer = answer_question(index, question["q"], decline_below=decline_below)
        hits = index.search(question["q"], 3)
        ranks = [i for i, hit in enumerate(hits) if _answers(hit.passage, question, keys)]
        top1 += bool(ranks and ranks[0] == 0)
        top3 += bool(ranks)
        reply = _key(format_answer(answer))
        ok = answer.known and all(_key(word) in reply for word in question["words"])
        exact += ok
        false_declines += not answer.known
        if not ok or not ranks or ranks[0] != 0:
            where = f"rank {ranks[0] + 1}" if ranks else "not in top 3"
            misses.append(f"{question['q']} [{where}; {answer.kind}; {answer.confidence:.2f}]")
    for question in to_decline:
        answer = answer_question(index, question["q"], decline_below=decline_below)
        declined += not answer.known
        if answer.known:
            misses.append(f"{question['q']} [answered; {answer.confidence:.2f}]")
    count = max(len(answerable), 1)
    return QaReport(
        questions=len(answerable),
        declines=len(to_decline),
        recall_at_1=top1 / count,
        recall_at_3=top3 / count,
        exact_answer=exact / count,
        correct_decline=declined / max(len(to_decline), 1),
        false_declines=false_declines,
        decline_below=decline_below,
        misses=misses,
    )


def format_qa_report(report: QaReport, verbose: bool = False) -> str:
    """The figures next to their targets, and the misses when asked."""
    lines = [
        f"question answering: {report.questions} answerable questions, {report.declines} to "
        f"decline; decline below coverage {report.decline_below:g}",
    ]
    for name, value in report.figures().items():
        target = TARGETS[name]
        mark = "ok" if value >= target else "BELOW TARGET"
        lines.append(f"  {name:<16} {value:.3f}   target {target:.2f}  {mark}")
    lines.append(f"  answerable questions declined: {report.false_declines}")
    if verbose and report.misses:
        lines.append("misses:")
        lines.extend(f"  - {miss}" for miss in report.misses)
    return "\n".join(lines)


def sweep(thresholds: list[float]) -> list[QaReport]:
    """The evaluation at several decline thresholds (to choose ``DECLINE_BELOW``)."""
    index = QaIndex(load_documents())
    questions = load_questions()
    return [evaluate_qa(index, questions, decline_below=value) for value in thresholds]
