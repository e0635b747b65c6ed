"""Question-answering latency with 1,000 passages loaded, next to a bare rank-bm25 baseline.

The index holds the evaluation documents (nlp/data/qa) padded to 1,000 passages with citizen
report texts from the NLP corpus; every question of the evaluation set is answered in turn.
Prints p50/p95 per question of ``answer_question`` (FAQ check, BM25, rerank, quote choice) and of
the baseline (``BM25Okapi.get_scores`` over the same query tokens alone), and their ratio.
Figures only, no thresholds (target from the issue: p50 <= 20 ms). Usage:
``python bench/bench_qa.py [--passages 1000] [--rounds 5]``
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.qa import Passage, QaIndex, answer_question  # noqa: E402
from nlp.qa.evaluation import load_documents, load_questions  # noqa: E402
from nlp.qa.tokens import query_tokens, query_words, question_syllables, syllables  # noqa: E402


def _cold(run: Callable[[str], object]) -> Callable[[str], object]:
    """``run`` with every tokenisation cache emptied first, as for a question never seen."""

    def cold(question: str) -> object:
        for cache in (syllables, question_syllables, query_words):
            cache.cache_clear()
        return run(question)

    return cold


def _padding(count: int) -> list[Passage]:
    texts: list[str] = []
    for path in sorted((ROOT / "nlp" / "data" / "corpus").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    texts = texts or ["đường hỏng nhiều ổ gà"]
    return [
        Passage(100_000 + i, 999, "Phản ánh mẫu", "phần mở đầu", i, texts[i % len(texts)])
        for i in range(count)
    ]


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def _time(run: Callable[[str], object], questions: list[str], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for question in questions:
            start = time.perf_counter()
            run(question)
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=1000, help="passages in the index")
    parser.add_argument("--rounds", type=int, default=5, help="times each question is asked")
    args = parser.parse_args()
    passages = load_documents()
    passages += _padding(max(args.passages - len(passages), 0))
    start = time.perf_counter()
    index = QaIndex(passages)
    build_ms = (time.perf_counter() - start) * 1000
    questions = [q["q"] for q in load_questions()]
    bm25 = index._bm25  # the same BM25Okapi the index ranks with

    def baseline(question: str) -> object:
        return bm25.get_scores(query_tokens(question))

    # warm the tokenisation caches the same way for both, then measure
    _time(baseline, questions, 1)
    _time(lambda q: answer_question(index, q), questions, 1)
    base = _percentiles(_time(baseline, questions, args.rounds))
    full = _percentiles(_time(lambda q: answer_question(index, q), questions, args.rounds))
    cold_base = _percentiles(_time(_cold(baseline), questions, args.rounds))
    cold_full = _percentiles(_time(_cold(lambda q: answer_question(index, q)), questions, 1))
    print(f"index of {len(index)} passages built in {build_ms:.0f} ms")
    print(f"{len(questions)} questions x {args.rounds} rounds, repeated questions:")
    print(f"  baseline get_scores   p50 {base[0]:6.2f} ms   p95 {base[1]:6.2f} ms")
    print(f"  answer_question       p50 {full[0]:6.2f} ms   p95 {full[1]:6.2f} ms")
    print(
        f"  ratio                 p50 {full[0] / base[0]:6.2f} x   p95 {full[1] / base[1]:6.2f} x"
    )
    print("new questions (tokenisation caches emptied before each):")
    print(f"  baseline get_scores   p50 {cold_base[0]:6.2f} ms   p95 {cold_base[1]:6.2f} ms")
    print(f"  answer_question       p50 {cold_full[0]:6.2f} ms   p95 {cold_full[1]:6.2f} ms")
    ratio = (cold_full[0] / cold_base[0], cold_full[1] / cold_base[1])
    print(f"  ratio                 p50 {ratio[0]:6.2f} x   p95 {ratio[1]:6.2f} x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
