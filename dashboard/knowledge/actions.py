"""Form targets of ``/hoi-dap``: upload a document, curate the FAQ, answer a citizen's question."""

from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.web_request import FileField

from dashboard.auth import actor_of_request, error_page, require, see_other
from dashboard.keys import DATABASE, DELIVERY
from dashboard.knowledge.pages import FLASH, PATH
from domain.catalogue import t
from domain.delivery import Delivered
from domain.messages import Reply
from domain.roles import can_triage
from handlers.citizen.qa_documents import UnsupportedDocument, add_document
from storage.knowledge_models import QUESTION_OPEN

log = logging.getLogger(__name__)
MAX_UPLOAD = 10 * 1024 * 1024
MAX_ANSWER = 3000


def _back(kind: str, text: str, anchor: str = "") -> web.StreamResponse:
    response = see_other(PATH + anchor)
    FLASH.set(response, kind, text)
    return response


@require(can_triage)
async def upload(request: web.Request) -> web.StreamResponse:
    """Store an uploaded document's passages."""
    actor = actor_of_request(request)
    form = await request.post()
    title = str(form.get("title") or "").strip()[:300]
    upload = form.get("file")
    if not title or not isinstance(upload, FileField) or not upload.filename:
        return _back("error", t("kn_upload_missing"), "#documents")
    content = upload.file.read(MAX_UPLOAD + 1)
    async with request.app[DATABASE].uow() as uow:
        if await uow.knowledge.document_by_title(title) is not None:
            return _back("error", t("kn_upload_exists", title=title), "#documents")
        try:
            if len(content) > MAX_UPLOAD:
                raise UnsupportedDocument("> 10 MB")
            document = await add_document(
                uow, title=title, filename=upload.filename, data=content, added_by=actor.username
            )
        except UnsupportedDocument as exc:
            return _back("error", t("kn_upload_failed", reason=exc), "#documents")
        await uow.audit.record(
            actor.username,
            "knowledge_upload",
            title[:100],
            {"passages": document.passage_count},
            actor.ip,
        )
        count = document.passage_count
        await uow.commit()
    return _back("ok", t("kn_uploaded", title=title, count=count), "#documents")


def _lines(value: object) -> list[str]:
    return [line.strip()[:300] for line in str(value or "").splitlines() if line.strip()][:20]


@require(can_triage)
async def add_faq(request: web.Request) -> web.StreamResponse:
    """A new FAQ entry: question wordings (one a line) and the answer."""
    actor = actor_of_request(request)
    form = await request.post()
    questions = _lines(form.get("questions"))
    answer = str(form.get("answer") or "").strip()[:MAX_ANSWER]
    if not questions or not answer:
        return _back("error", t("kn_faq_invalid"), "#faq")
    async with request.app[DATABASE].uow() as uow:
        entry = await uow.knowledge.add_faq(
            questions=questions,
            answer=answer,
            source=str(form.get("source") or ""),
            added_by=actor.username,
        )
        await uow.audit.record(actor.username, "knowledge_faq_add", str(entry.id), {}, actor.ip)
        await uow.commit()
    return _back("ok", t("kn_faq_added"), "#faq")


@require(can_triage)
async def delete_faq(request: web.Request) -> web.StreamResponse:
    """Remove a FAQ entry."""
    actor = actor_of_request(request)
    entry_id = request.match_info["id"]
    async with request.app[DATABASE].uow() as uow:
        if not entry_id.isdigit() or not await uow.knowledge.delete_faq(int(entry_id)):
            return error_page(request, "kn_not_found_title", "kn_not_found", 404)
        await uow.audit.record(actor.username, "knowledge_faq_delete", entry_id, {}, actor.ip)
        await uow.commit()
    return _back("ok", t("kn_faq_deleted"), "#faq")


@require(can_triage)
async def answer(request: web.Request) -> web.StreamResponse:
    """Answer a forwarded question: the citizen receives it in their chat; optionally a FAQ."""
    actor = actor_of_request(request)
    form = await request.post()
    text = str(form.get("answer") or "").strip()[:MAX_ANSWER]
    question_id = request.match_info["id"]
    if not text:
        return _back("error", t("kn_answer_empty"), "#questions")
    async with request.app[DATABASE].uow() as uow:
        row = await uow.knowledge.question(int(question_id)) if question_id.isdigit() else None
        if row is None or row.status != QUESTION_OPEN:
            return error_page(request, "kn_not_found_title", "kn_not_found", 404)
        await uow.knowledge.record_answer(row.id, answer=text, by=actor.username)
        if form.get("save_faq"):
            await uow.knowledge.add_faq(
                questions=[row.question], answer=text, added_by=actor.username
            )
        await uow.audit.record(
            actor.username,
            "knowledge_answer",
            str(row.id),
            {"faq": bool(form.get("save_faq"))},
            actor.ip,
        )
        channel, chat_id, question = row.channel, row.chat_id, row.question
        await uow.commit()
    reply = Reply(text=t("qa_staff_answer", question=question[:300], answer=text))
    outcome = await request.app[DELIVERY].deliver(channel, chat_id, reply)
    if not isinstance(outcome, Delivered):
        log.warning("answer to question %s not delivered: %s", question_id, outcome)
        return _back("error", t("kn_answer_not_delivered"), "#questions")
    return _back("ok", t("kn_answered"), "#questions")


def setup(app: web.Application) -> None:
    """Register the form targets."""
    app.router.add_post(PATH + "/van-ban", upload)
    app.router.add_post(PATH + "/faq", add_faq)
    app.router.add_post(PATH + "/faq/{id}/xoa", delete_faq)
    app.router.add_post(PATH + "/cau-hoi/{id}/tra-loi", answer)
