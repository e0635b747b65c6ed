"""The ready content pack about Kết luận 72-KL/TW: campaign drafts and the 10-question quiz.

The pack is ``broadcasts/content/ket_luan_72.json``; the document it explains is kept next to it
(``cong_van_2987_CV_TU.md``) and every message and question names the passages it rests on
(``source.quotes``, verbatim from the document) for reviewers.

Loading is idempotent: a campaign whose title already exists (any status) is not created again,
and the quiz is created once under its code (``ket-luan-72``) with its questions. Campaigns are
drafts addressed to the subscribers of their topics; the contest message carries the quiz.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from broadcasts.workflow import create_campaign
from storage.broadcast_models import Quiz
from storage.uow import UnitOfWork

CONTENT_DIR = Path(__file__).parent / "content"
PACK_PATH = CONTENT_DIR / "ket_luan_72.json"
OPTIONS_PER_QUESTION = 4


class ContentPackError(ValueError):
    """The pack file is malformed (the message says what, in English, for operators' logs)."""


@dataclass
class ContentPackResult:
    """What loading did."""

    title: str
    created: list[int] = field(default_factory=list)  # new campaign ids
    existing: list[int] = field(default_factory=list)  # campaigns already there
    quiz_id: int = 0
    quiz_code: str = ""
    quiz_title: str = ""
    quiz_created: bool = False
    questions: int = 0


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise ContentPackError(what)


def validate_pack(pack: Any) -> dict[str, Any]:
    """Check the pack's shape; returns it unchanged."""
    _require(isinstance(pack, dict), "the pack is not a JSON object")
    messages = pack.get("messages")
    _require(isinstance(messages, list) and bool(messages), "no messages")
    codes = [m.get("code") for m in messages if isinstance(m, dict)]
    _require(len(codes) == len(messages) and len(set(codes)) == len(codes), "message codes")
    titles = [m.get("title") for m in messages]
    _require(len(set(titles)) == len(titles), "message titles must be unique")
    for message in messages:
        for key in ("title", "text", "source"):
            _require(bool(message.get(key)), f"message {message['code']}: no {key}")
    quiz = pack.get("quiz")
    _require(isinstance(quiz, dict) and bool(quiz.get("code")), "no quiz")
    for number, question in enumerate(quiz.get("questions") or [], start=1):
        options = question.get("options")
        _require(
            isinstance(options, list) and len(options) == OPTIONS_PER_QUESTION,
            f"question {number}: {OPTIONS_PER_QUESTION} options expected",
        )
        correct = question.get("correct_index")
        _require(
            isinstance(correct, int) and 0 <= correct < len(options),
            f"question {number}: correct_index",
        )
        _require(bool(question.get("text")), f"question {number}: no text")
    _require(bool(quiz.get("questions")), "the quiz has no questions")
    return pack


def read_pack(path: Path = PACK_PATH) -> dict[str, Any]:
    """The pack as a dict, validated."""
    try:
        return validate_pack(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError) as exc:
        raise ContentPackError(str(exc)) from exc


async def _ensure_quiz(uow: UnitOfWork, spec: dict[str, Any], result: ContentPackResult) -> Quiz:
    quiz = await uow.quizzes.by_code(spec["code"])
    if quiz is None:
        quiz = await uow.quizzes.create(
            code=spec["code"],
            title=spec["title"],
            is_contest=bool(spec.get("is_contest", False)),
            questions=spec["questions"],
        )
        result.quiz_created = True
    result.quiz_id, result.quiz_code, result.quiz_title = quiz.id, quiz.code, quiz.title
    result.questions = await uow.quizzes.question_count(quiz.id)
    return quiz


async def load_content_pack(
    uow: UnitOfWork, author: str, path: Path = PACK_PATH
) -> ContentPackResult:
    """Create the pack's quiz and campaign drafts that do not exist yet (the caller commits)."""
    pack = read_pack(path)
    result = ContentPackResult(title=str(pack.get("title") or pack.get("code") or ""))
    quiz = await _ensure_quiz(uow, pack["quiz"], result)
    titles = [m["title"] for m in pack["messages"]]
    known = await uow.campaigns.ids_by_title(titles)
    for message in pack["messages"]:
        if message["title"] in known:
            result.existing.append(known[message["title"]])
            continue
        topics = list(message.get("topics") or [])
        campaign = await create_campaign(
            uow,
            title=message["title"],
            text=message["text"],
            author=author,
            parse_mode=message.get("parse_mode"),
            buttons=message.get("buttons") or (),
            audience_filter={"topics": topics} if topics else None,
            quiz_id=quiz.id if message.get("quiz") == quiz.code else None,
        )
        result.created.append(campaign.id)
    return result
