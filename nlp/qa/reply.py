"""The answer as the citizen reads it: the quote, then its source on the last line."""

from __future__ import annotations

from domain.catalogue import t
from nlp.qa.answer import Answer, AnswerKind


def format_answer(answer: Answer) -> str:
    """The reply text; its last line names the source, or says that the bot does not know."""
    if answer.kind is AnswerKind.PASSAGE and answer.passage is not None:
        return t(
            "qa_answer",
            quote=answer.quote,
            document=answer.passage.document_title,
            section=answer.passage.section,
        )
    if answer.kind is AnswerKind.FAQ and answer.faq is not None:
        return t(
            "qa_faq_answer", answer=answer.quote, source=answer.faq.source or t("qa_faq_source")
        )
    if answer.kind is AnswerKind.OUT_OF_SCOPE:
        return t("qa_out_of_scope")
    return t("qa_unknown")
