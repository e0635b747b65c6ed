"""Command line: ``python -m nlp classify|evaluate|train``."""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from nlp.analysis import analyze


def analysis_fields(text: str) -> dict[str, Any]:
    """The JSON fields added to each classified line."""
    result = analyze(text)
    return {
        "category": result.category.category,
        "category_confidence": result.category.confidence,
        "category_alternatives": [list(a) for a in result.category.alternatives],
        "urgency": result.urgency.level,
        "urgency_reasons": result.urgency.reasons,
        "places": [asdict(p) for p in result.places],
        "abuse": result.moderation.flagged,
        "abuse_reasons": result.moderation.reasons,
    }


def classify_lines(lines: TextIO) -> Iterator[dict[str, Any]]:
    """One output object per non-blank input line; bad lines give an error object."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield {"line": number, "error": f"invalid JSON: {exc.msg}"}
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            yield {"line": number, "error": "expected a JSON object with a string field 'text'"}
            continue
        try:
            yield {**row, **analysis_fields(row["text"])}
        except Exception as exc:  # one bad text must not stop the stream
            yield {**row, "line": number, "error": f"analysis failed: {exc}"}


def _cmd_classify(_: argparse.Namespace) -> int:
    """JSON Lines in, JSON Lines out, always UTF-8 (undecodable bytes become U+FFFD)."""
    stdin: TextIO = sys.stdin
    if hasattr(sys.stdin, "buffer"):
        stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
    for out in classify_lines(stdin):
        line = json.dumps(out, ensure_ascii=False) + "\n"
        if hasattr(sys.stdout, "buffer"):
            sys.stdout.buffer.write(line.encode("utf-8"))
        else:
            sys.stdout.write(line)
        sys.stdout.flush()
    return 0


def _read_extra(path: Path | None) -> list[tuple[str, str]]:
    if path is None:
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows.append((row["text"], row["category"]))
    return rows


def _cmd_train(args: argparse.Namespace) -> int:
    """Train on the corpus (plus staff corrections) and save the model where the user said."""
    from nlp.intent_training import train_intent
    from nlp.training import train

    start = time.perf_counter()
    models = train(_read_extra(args.extra), directory=args.output)
    intent_model = train_intent(args.output)
    print(
        f"trained on {models.meta.get('examples')} examples "
        f"({models.meta.get('staff_examples')} staff corrections) in "
        f"{time.perf_counter() - start:.1f} s; {models.n_features} features; routes "
        + ", ".join(
            f"{name} (category temperature {part.category.temperature:.3f}"
            + (f", urgency {part.urgency.temperature:.3f})" if part.urgency else ")")
            for name, part in models.routes.items()
        )
        + f"; intent model on {intent_model.meta.get('examples')} messages, "
        f"temperature {intent_model.linear.temperature:.3f}; saved to {args.output}"
    )
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    """Leave-one-voice-out metrics on the corpus, the saved model on the real-style set, places and
    duplicates on their sets."""
    from nlp.corpus import load_corpus
    from nlp.evaluation import evaluate, evaluate_real_style, evaluate_saved_model, format_report
    from nlp.held_out import held_out_reports

    reports = []
    if args.test is not None:  # labelled *.jsonl in the corpus layout, scored by the saved model
        saved = evaluate_saved_model(load_corpus(args.test), f"saved model on {args.test}")
        reports = [saved] if saved else []
    else:
        reports = evaluate()
    if not reports:
        print("no corpus to evaluate", file=sys.stderr)
        return 1
    if args.test is None:
        reports += evaluate_real_style()
    held = [] if args.test is not None else held_out_reports()
    if args.json:
        rows = [asdict(r) for r in reports] + [row for _, row in held]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        texts = [format_report(r, show_errors=args.errors) for r in reports]
        if args.test is None:  # places and duplicates have their own labelled sets
            from nlp import duplicate_evaluation, place_evaluation

            texts += [place_evaluation.report(), duplicate_evaluation.report()]
        print("\n\n".join(texts + [text for text, _ in held]))
    return 0


def _cmd_compare_features(_: argparse.Namespace) -> int:
    """Leave-one-voice-out macro-F1 of each candidate feature set on the corpus."""
    from nlp.corpus import load_corpus
    from nlp.feature_study import C_VALUES, compare_features, format_study
    from nlp.training import FEATURES

    examples = load_corpus()
    c_rows = [(f"shipped features, C={c}", FEATURES, c) for c in C_VALUES]
    print(format_study(compare_features(examples, c_values=c_rows), len(examples)))
    return 0


def _cmd_evaluate_qa(args: argparse.Namespace) -> int:
    """Recall@1/@3, exact answers and declines of question answering on nlp/data/qa."""
    from nlp.qa.evaluation import evaluate_qa, format_qa_report

    print(format_qa_report(evaluate_qa(), verbose=args.verbose))
    return 0


def parser(prog: str = "python -m nlp") -> argparse.ArgumentParser:
    """The argument parser of the NLP command line, every option explained."""
    root = argparse.ArgumentParser(
        prog=prog,
        description="Vietnamese text understanding of citizen reports: classify texts, "
        "evaluate the model, train a new one. Everything runs offline.",
    )
    sub = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser(
        "classify",
        help="analyse JSON Lines from standard input",
        description="Read JSON Lines with a string field 'text' from standard input and write "
        "each object back with category, confidence, alternatives, urgency and its reasons, "
        "places and abuse flags added. A line that is not such an object gives an object with "
        "'line' and 'error'. Input and output are UTF-8.",
    )
    train = sub.add_parser(
        "train",
        help="train a model from nlp/data/corpus and save it in a directory you name",
        description="Train the category and urgency models on the corpus in nlp/data/corpus "
        "(plus staff corrections) and the intent model on nlp/data/intent/train.tsv, and write "
        "model.npz, meta.json, intent.npz and intent.json to OUTPUT. The shipped "
        "model in nlp/data/model is never overwritten: to use the new one, copy its four files "
        "there. Needs the 'train' extra (scikit-learn, scipy).",
    )
    train.add_argument(
        "--output",
        type=Path,
        required=True,
        metavar="DIR",
        help="directory to write model.npz, meta.json, intent.npz and intent.json to "
        "(created if missing)",
    )
    train.add_argument(
        "--extra",
        type=Path,
        metavar="FILE",
        help="JSON Lines of staff corrections, one {'text': ..., 'category': ...} per line, "
        "as written by `python -m bot nlp-corrections`; used as training data only",
    )
    evaluate = sub.add_parser(
        "evaluate",
        help="measure the model (leave-one-voice-out, real-style set, or on other labelled data)",
        description="Without --test: train on all voices of the corpus but one, predict the "
        "held-out voice, for each voice in turn, and report per-class precision/recall/F1, "
        "macro-F1 with a bootstrap 95 % interval, a confusion matrix, calibration and urgency, "
        "as written and with diacritics removed; then the saved model on the real-style set "
        "nlp/data/evaluation/real_style.jsonl (the same figures, urgency cao precision/recall, "
        "thap F1 and the urgency confusion), then the other held-out sets (intent, urgency). "
        "Needs the 'train' extra. With --test: score the saved model on other labelled data.",
    )
    evaluate.add_argument(
        "--json", action="store_true", help="print the reports as JSON instead of tables"
    )
    evaluate.add_argument(
        "--errors",
        action="store_true",
        help="also list every misclassified text (gold -> predicted) under each table",
    )
    evaluate.add_argument(
        "--test",
        type=Path,
        metavar="DIR",
        help="directory of labelled *.jsonl files in the corpus layout to score with the saved "
        "model instead of the leave-one-voice-out evaluation",
    )
    sub.add_parser(
        "compare-features",
        help="compare candidate feature sets leave-one-voice-out on the corpus",
        description="Train every candidate feature set (character n-grams, word n-grams, "
        "accent-aware word n-grams routed by whether the text has marks, with or without "
        "characters, underthesea compounds) leave-one-voice-out on the corpus only and print "
        "macro-F1 as written and with diacritics stripped. The real-style set is not read. "
        "Needs the 'train' extra; takes a few minutes.",
    )
    evaluate_qa = sub.add_parser(
        "evaluate-qa",
        help="measure question answering on the question set in nlp/data/qa",
        description="Answer every question of nlp/data/qa/questions.jsonl from the documents "
        "listed in nlp/data/qa/documents.json and print recall@1, recall@3 (the passage that "
        "answers is ranked first / in the first three), the exact-answer rate (the reply "
        "contains the required words) and the correct-decline rate, next to their targets.",
    )
    evaluate_qa.add_argument(
        "--verbose", action="store_true", help="also list the questions that missed"
    )
    return root


def main(argv: Sequence[str] | None = None, prog: str = "python -m nlp") -> int:
    """Entry point of ``python -m nlp`` (and ``python -m bot nlp``); returns the exit code."""
    args = parser(prog).parse_args(argv)
    handlers = {
        "classify": _cmd_classify,
        "train": _cmd_train,
        "evaluate": _cmd_evaluate,
        "evaluate-qa": _cmd_evaluate_qa,
        "compare-features": _cmd_compare_features,
    }
    return handlers[args.command](args)
