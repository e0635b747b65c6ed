"""Questions about the campaigns' subject, answered from the documents staff load (``/hoidap``).

The answer quotes the best passage and names its document and section; when nothing answers,
the bot says so and offers to send the question to staff, who answer from the dashboard.
"""

from __future__ import annotations

from domain.catalogue import t
from domain.messages import Button, IncomingKind, Reply
from handlers.chat.registry import Registry
from handlers.chat.turn import Turn
from handlers.citizen.qa_index import current_index
from nlp.qa import Answer, answer_question
from nlp.qa.answer import DECLINE_BELOW
from nlp.qa.reply import format_answer

COMMAND = "hoidap"
ASK = "qa_ask"
MENU_ACTION = "questions"
MORE_PREFIX = "qa:more:"
FORWARD = "qa:forward"
LAST_QUESTION = "qa_question"  # the chat's last unanswered question, kept for «Gửi cho cán bộ»
MAX_QUESTION = 1000


def _more_ids(answer: Answer) -> list[int]:
    """The passages «Xem thêm» shows: the next good hits, else what follows in the document."""
    if answer.passage is None:
        return []
    others = [
        h.passage.id
        for h in answer.hits[1:]
        if h.coverage >= DECLINE_BELOW and h.passage.id != answer.passage.id
    ]
    return others[:2]


def _reply(turn: Turn, answer: Answer, question: str, following: list[int]) -> Reply:
    buttons: list[list[Button]] = []
    if answer.known:
        turn.data.pop(LAST_QUESTION, None)
        if following:
            more = MORE_PREFIX + ",".join(str(i) for i in following)
            buttons.append([Button(t("btn_qa_more"), callback_data=more)])
    else:
        turn.data[LAST_QUESTION] = question[:MAX_QUESTION]
        buttons.append([Button(t("btn_qa_forward"), callback_data=FORWARD)])
    return Reply(text=format_answer(answer), buttons=buttons)


async def answer(turn: Turn, question: str) -> list[Reply]:
    """The reply to a free-text question (the intent reading routes questions here)."""
    asked = turn.state == ASK  # the chat's row may exist only for this question
    if asked:
        turn.reset()
    question = question.strip()
    index = await current_index(turn.uow)
    result = answer_question(index, question)
    following = _more_ids(result)
    if result.passage is not None and not following:
        following = [p.id for p in index.following(result.passage)]
    reply = _reply(turn, result, question, following)
    if asked and not turn.consented:
        turn.forget()  # nothing of a chat without the consent is kept once it is answered
    return [reply]


def ask(turn: Turn) -> list[Reply]:
    """Ask for the question (``/hoidap`` without one, or the menu's «Hỏi đáp»)."""
    turn.reset()
    turn.goto(ASK)
    turn.keep()
    return [Reply(text=t("qa_ask"))]


async def _command(turn: Turn) -> list[Reply]:
    """``/hoidap câu hỏi`` answers at once; ``/hoidap`` alone asks for the question."""
    question = turn.incoming.args.strip()
    return await answer(turn, question) if question else ask(turn)


async def _typed(turn: Turn) -> list[Reply]:
    """The question typed after ``/hoidap``."""
    text = (turn.incoming.text or "").strip()
    if turn.incoming.kind is not IncomingKind.TEXT or not text:
        return [Reply(text=t("qa_ask"))]
    return await answer(turn, text)


async def _more(turn: Turn) -> list[Reply]:
    """«Xem thêm»: the passages named in the button, each with its source."""
    raw = (turn.incoming.callback_data or "")[len(MORE_PREFIX) :]
    wanted = [int(part) for part in raw.split(",") if part.isdigit()]
    index = await current_index(turn.uow)
    by_id = {p.id: p for p in index.passages}
    shown = [by_id[i] for i in wanted if i in by_id]
    if not shown:
        return [Reply(text=t("qa_more_none"))]
    replies = []
    for passage in shown:
        text = t(
            "qa_answer",
            quote=passage.text,
            document=passage.document_title,
            section=passage.section,
        )
        replies.append(Reply(text=text))
    following = [p.id for p in index.following(shown[-1])]
    if following:
        more = MORE_PREFIX + ",".join(str(i) for i in following)
        replies[-1] = Reply(
            text=replies[-1].text, buttons=[[Button(t("btn_qa_more"), callback_data=more)]]
        )
    return replies


async def _forward(turn: Turn) -> list[Reply]:
    """«Gửi câu hỏi cho cán bộ»: the chat's last unanswered question goes to the staff list."""
    question = str(turn.data.pop(LAST_QUESTION, "") or "").strip()
    if not question:
        return [Reply(text=t("qa_forward_expired"))]
    incoming = turn.incoming
    await turn.uow.knowledge.forward(
        question=question, channel=incoming.channel, chat_id=incoming.chat_id
    )
    return [Reply(text=t("qa_forwarded"))]


def register(table: Registry) -> None:
    """Put the question-answering commands and buttons in the conversation table."""
    table.command((COMMAND,), _command, needs_consent=False)
    table.callback(MORE_PREFIX, _more, needs_consent=False)
    table.callback(FORWARD, _forward)  # stores the question and the chat: behind the consent
    table.state(ASK, _typed, kinds=frozenset({IncomingKind.TEXT}), needs_consent=False)
    table.menu_action(MENU_ACTION, _menu)


async def _menu(turn: Turn) -> list[Reply]:
    return ask(turn)
