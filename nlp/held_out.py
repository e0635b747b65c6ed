"""The figures ``python -m nlp evaluate`` prints on the sets kept apart from training."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from nlp.intent_evaluation import evaluate_intent, format_intent_report
from nlp.urgency_evaluation import evaluate_urgency_set, format_urgency_report


def held_out_reports() -> list[tuple[str, dict[str, Any]]]:
    """Each held-out measurement as (plain-text table, JSON-ready dict)."""
    intents = [(format_intent_report(r), asdict(r)) for r in evaluate_intent()]
    urgencies = [(format_urgency_report(r), asdict(r)) for r in evaluate_urgency_set()]
    return intents + urgencies
