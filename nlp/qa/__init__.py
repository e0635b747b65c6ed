"""Question answering from the official documents staff load: extraction, passages, retrieval.

Pure functions and in-memory indexes; storage, the chat and the dashboard feed them text.
"""

from nlp.qa.answer import Answer, AnswerKind, answer_question
from nlp.qa.passages import PassageText, split_passages
from nlp.qa.retrieval import FaqEntry, Hit, Passage, QaIndex

__all__ = [
    "Answer",
    "AnswerKind",
    "FaqEntry",
    "Hit",
    "Passage",
    "PassageText",
    "QaIndex",
    "answer_question",
    "split_passages",
]
