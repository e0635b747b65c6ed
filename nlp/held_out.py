"""The figures ``python -m nlp evaluate`` prints on the sets kept apart from training."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from nlp.intent_evaluation import evaluate_intent, format_intent_report


def held_out_reports() -> list[tuple[str, dict[str, Any]]]:
    """Each held-out measurement as (plain-text table, JSON-ready dict)."""
    return [(format_intent_report(r), asdict(r)) for r in evaluate_intent()]
