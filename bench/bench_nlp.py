"""NLP speed and memory on one core: model load, per-text latency of each function, RSS.

Prints figures only (no thresholds in tests), each next to its budget and to a baseline measured in
the same run on the same texts (bare tokenisation, a bare numpy gather-and-dot of the model's size),
so a slow machine shows as a slow baseline. Budgets from the product issues: classify p50 <= 2 ms a
text, intent p50 <= 1 ms a message, model load <= 2 s, RSS <= 300 MB. Usage:
``python bench/bench_nlp.py [--texts 1000] [--skip-underthesea]``
"""

from __future__ import annotations

import os

# one core, one BLAS thread: the figures must hold on a small server
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FALLBACK_TEXTS = [
    "Đường liên thôn bị sụt lún một đoạn dài, xe tải đi qua rất nguy hiểm",
    "cong thoat nuoc truoc cho bi tac, mua la ngap den dau goi",
    "Đèn đường cả xóm tắt ba hôm nay, tối đi lại không an toàn",
    "Bãi rác tự phát cạnh kênh tưới bốc mùi hôi thối cả tuần nay",
]


def rss_mb() -> float:
    """Current resident set size in MB (Linux /proc; falls back to the peak from getrusage)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return p50, p95


BUDGET_CLASSIFY_P50_MS = 2.0
BUDGET_LOAD_S = 2.0
BUDGET_RSS_MB = 300.0


def measure(
    name: str, func: Callable[[str], object], texts: Sequence[str], note: str = ""
) -> tuple[float, float]:
    for text in texts[:20]:  # warm caches
        func(text)
    samples = []
    for text in texts:
        start = time.perf_counter()
        func(text)
        samples.append((time.perf_counter() - start) * 1000)
    p50, p95 = percentiles(samples)
    print(f"{name:<16} p50 {p50:7.3f} ms   p95 {p95:7.3f} ms   ({len(texts)} texts){note}")
    return p50, p95


def baselines(texts: Sequence[str], models: object) -> None:
    """The floor under classify on this machine: tokenising alone, and the matrix work alone."""
    import re

    import numpy as np

    from nlp.models import Models
    from nlp.text import normalize

    word = re.compile(r"[^\W_]+")
    measure("base: tokenise", lambda t: word.findall(normalize(t).lower()), texts)
    if not isinstance(models, Models):
        return
    part = next(iter(models.routes.values()))
    weights = part.category.weights
    rng = np.random.default_rng(7)
    rows = [
        np.sort(rng.choice(len(weights), size=len(models.vector(t)[0]) or 1, replace=False))
        for t in texts
    ]
    values = [np.full(len(r), 0.1, dtype=np.float32) for r in rows]
    pairs = dict(zip(texts, zip(rows, values, strict=True), strict=False))

    def dot(text: str) -> object:
        idx, val = pairs[text]
        return val.astype(np.float64) @ weights[idx]

    measure("base: numpy dot", dot, texts, "  (same number of features, same weight matrix)")


def underthesea_import() -> None:
    code = (
        "import time,resource;t=time.perf_counter();import underthesea;"
        "print(f'{time.perf_counter()-t:.2f} s, peak RSS "
        "{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024:.0f} MB')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    figure = done.stdout.strip() or done.stderr.strip().splitlines()[-1:]
    print(f"for reference, 'import underthesea' (not a dependency; if installed): {figure}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--skip-underthesea", action="store_true")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    rss_start = rss_mb()
    start = time.perf_counter()
    import nlp
    from nlp.corpus import load_corpus
    from nlp.models import get_models

    import_s = time.perf_counter() - start
    start = time.perf_counter()
    models = get_models()
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    nlp.warm_up()
    warm_s = time.perf_counter() - start
    print(f"python {sys.version.split()[0]}, one core; RSS before import {rss_start:.0f} MB")
    print(f"import nlp       {import_s:.3f} s")
    n_features = models.n_features if models else 0
    print(
        f"model load       {load_s:.3f} s  ({n_features} features; budget <= {BUDGET_LOAD_S:.0f} s)"
    )
    print(f"warm_up (rest)   {warm_s:.3f} s")

    texts = [e.text for e in load_corpus()] or FALLBACK_TEXTS
    rng = random.Random(7)
    texts = [rng.choice(texts) for _ in range(args.texts)]
    baselines(texts, models)
    measure("normalize", nlp.normalize, texts)
    measure("classify", nlp.classify, texts, f"  budget p50 <= {BUDGET_CLASSIFY_P50_MS:.0f} ms")
    measure("urgency", nlp.urgency, texts)
    measure("find_places", nlp.find_places, texts)
    measure("moderate", nlp.moderate, texts)
    measure("analyze", nlp.analyze, texts)
    from nlp.intent_data import EVALUATION_FILE, load_intent_examples

    messages = [e.text for e in load_intent_examples(EVALUATION_FILE)] or FALLBACK_TEXTS
    measure("intent", nlp.intent, [rng.choice(messages) for _ in range(args.texts)])
    print("  (intent: the citizen messages of nlp/data/intent/evaluation.tsv)")

    now = datetime(2025, 9, 1)
    pool = [
        nlp.ReportSnapshot(str(i), t, None, None, now - timedelta(days=i % 20))
        for i, t in enumerate(texts[:50])
    ]

    def duplicates(text: str) -> object:
        return nlp.similar_reports(nlp.ReportSnapshot("new", text, None, None, now), pool)

    measure("similar_reports", duplicates, texts[:200])
    print(f"  (similar_reports: one new report against {len(pool)} open reports)")
    measure("classify 100 KB", nlp.classify, ["đường hỏng " * 9_000] * 20)
    print(f"RSS after all    {rss_mb():.0f} MB  (budget <= {BUDGET_RSS_MB:.0f} MB)")
    if not args.skip_underthesea:
        underthesea_import()


if __name__ == "__main__":
    main()
