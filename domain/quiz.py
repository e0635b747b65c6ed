"""Quiz rules with no I/O: button callback data, the answer window and the texts of a quiz.

A campaign carrying a quiz gets a «Bắt đầu trả lời» button (callback ``qz:start:<quiz>``); each
question has one button per option (``qz:<question_id>:<option_index>``). The first answer to a
question counts; a contest only takes answers between ``opens_at`` and ``closes_at``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from domain.catalogue import format_datetime, t
from domain.messages import Button, Reply

CALLBACK_PREFIX = "qz:"
START_PREFIX = "qz:start:"
LETTERS = "ABCDEFGH"


class QuizInfo(Protocol):
    """What the rules read of a quiz."""

    @property
    def title(self) -> str: ...
    @property
    def opens_at(self) -> datetime | None: ...
    @property
    def closes_at(self) -> datetime | None: ...


class QuestionInfo(Protocol):
    """What the rules read of a question."""

    @property
    def id(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def options(self) -> list[Any]: ...
    @property
    def correct_index(self) -> int: ...
    @property
    def explanation(self) -> str | None: ...


@dataclass(frozen=True)
class Score:
    """One person's result in one quiz."""

    score: int
    answered: int
    total: int
    last_answer_at: datetime | None


def quiz_start_callback(quiz_id: int) -> str:
    """Callback data of the «Bắt đầu trả lời» button."""
    return f"{START_PREFIX}{quiz_id}"


def quiz_start_button(quiz_id: int) -> Button:
    """The button a campaign carrying this quiz gets (the sender appends it as its own row)."""
    return Button(text=t("qz_start_button"), callback_data=quiz_start_callback(quiz_id))


def answer_callback(question_id: int, option_index: int) -> str:
    """Callback data of an option button (well under Telegram's 64 bytes)."""
    return f"{CALLBACK_PREFIX}{question_id}:{option_index}"


def is_quiz_callback(data: str | None) -> bool:
    """True for the callback data of quiz buttons."""
    return (data or "").startswith(CALLBACK_PREFIX)


def parse_callback(data: str) -> tuple[str, int, int] | None:
    """``("start", quiz_id, 0)`` or ``("answer", question_id, option)``; None when malformed."""
    if data.startswith(START_PREFIX):
        rest = data.removeprefix(START_PREFIX)
        return ("start", int(rest), 0) if rest.isdigit() else None
    parts = data.removeprefix(CALLBACK_PREFIX).split(":")
    if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
        return ("answer", int(parts[0]), int(parts[1]))
    return None


def window_refusal(quiz: QuizInfo, now: datetime) -> str | None:
    """The Vietnamese refusal when answers are not taken at ``now``; None when they are."""
    if quiz.opens_at is not None and now < quiz.opens_at:
        return t("qz_not_open", title=quiz.title, opens=format_datetime(quiz.opens_at))
    if quiz.closes_at is not None and now >= quiz.closes_at:
        return t("qz_closed", title=quiz.title, closes=format_datetime(quiz.closes_at))
    return None


def question_reply(question: QuestionInfo, number: int, total: int) -> Reply:
    """The question with lettered options in the text and one button per option."""
    options = [str(o) for o in question.options]
    lines = "\n".join(
        t("qz_option_line", letter=LETTERS[i], text=text) for i, text in enumerate(options)
    )
    buttons = [
        Button(text=LETTERS[i], callback_data=answer_callback(question.id, i))
        for i in range(len(options))
    ]
    text = t("qz_question", number=number, total=total, text=question.text, options=lines)
    return Reply(text=text, buttons=[buttons])


def feedback_text(question: QuestionInfo, option_index: int) -> str:
    """✅ or ❌ with the right answer, then the explanation."""
    if option_index == question.correct_index:
        verdict = t("qz_correct")
    else:
        right = question.correct_index
        verdict = t("qz_wrong", letter=LETTERS[right], answer=question.options[right])
    if question.explanation:
        return f"{verdict}\n{t('qz_explanation', text=question.explanation)}"
    return verdict


def finished_reply(quiz: QuizInfo, score: Score) -> Reply:
    """The final score."""
    text = t("qz_finished", title=quiz.title, score=score.score, total=score.total)
    return Reply(text=f"{text}\n{t('qz_finished_hint')}")
