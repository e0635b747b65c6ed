"""The figures ``python -m nlp evaluate`` prints on the sets kept apart from training."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from nlp.intent_data import EVALUATION_FILE, SECOND_EVALUATION_FILE
from nlp.intent_evaluation import (
    corpus_report_check,
    evaluate_intent,
    format_corpus_check,
    format_intent_report,
)
from nlp.urgency_evaluation import (
    SECOND_URGENCY_SET,
    URGENCY_SET,
    evaluate_urgency_set,
    format_urgency_report,
)


def held_out_reports() -> list[tuple[str, dict[str, Any]]]:
    """Each held-out measurement as (plain-text table, JSON-ready dict)."""
    intents = [
        (format_intent_report(r), asdict(r))
        for path in (EVALUATION_FILE, SECOND_EVALUATION_FILE)
        for r in evaluate_intent(path)
    ]
    check = corpus_report_check()
    if check is not None:
        intents.append((format_corpus_check(check), asdict(check)))
    urgencies = [
        (format_urgency_report(r), asdict(r))
        for path in (URGENCY_SET, SECOND_URGENCY_SET)
        for r in evaluate_urgency_set(path)
    ]
    return intents + urgencies
