"""Everything about one message in a single call (used by the bot and the command line)."""

from __future__ import annotations

from nlp.classifier import classify, urgency
from nlp.intent_model import get_intent_model
from nlp.models import get_models
from nlp.moderation import moderate
from nlp.places import find_places
from nlp.text import normalize
from nlp.types import Analysis


def analyze(text: str) -> Analysis:
    """Normalised text, category, urgency, places and moderation of ``text``."""
    text = text if isinstance(text, str) else ""
    return Analysis(
        text=text,
        normalized=normalize(text),
        category=classify(text),
        urgency=urgency(text),
        places=find_places(text),
        moderation=moderate(text),
    )


def warm_up() -> None:
    """Load every model and table now instead of on the first message."""
    from nlp.gazetteer import gazetteer

    gazetteer()
    get_models()
    get_intent_model()
    analyze("Đường ở xã An Lạc bị sạt lở, dây điện đứt")
