"""The question-answering page and a document's passages (read-only views)."""

from __future__ import annotations

from aiohttp import web

from dashboard.auth import error_page, render, require
from dashboard.flash import Flash
from dashboard.keys import DATABASE
from domain.roles import can_triage

PATH = "/hoi-dap"
FLASH = Flash(cookie="kn_flash", path=PATH)


@require(can_triage)
async def overview(request: web.Request) -> web.StreamResponse:
    """Documents, the FAQ and the questions waiting for an answer."""
    async with request.app[DATABASE].uow() as uow:
        documents = [
            {"id": d.id, "title": d.title, "filename": d.filename, "count": d.passage_count}
            for d in await uow.knowledge.documents()
        ]
        faq = [
            {"id": e.id, "questions": list(e.questions), "answer": e.answer, "source": e.source}
            for e in await uow.knowledge.faq_entries()
        ]
        questions = [
            {"id": q.id, "question": q.question, "channel": q.channel, "at": q.created_at}
            for q in await uow.knowledge.questions()
        ]
    response = render(
        request,
        "knowledge.html",
        {
            "documents": documents,
            "faq": faq,
            "questions": questions,
            "flash": FLASH.read(request),
        },
    )
    FLASH.forget(request, response)
    return response


@require(can_triage)
async def document(request: web.Request) -> web.StreamResponse:
    """The passages of one document, as the bot quotes them."""
    try:
        document_id = int(request.match_info["id"])
    except ValueError:
        return error_page(request, "kn_not_found_title", "kn_not_found", 404)
    async with request.app[DATABASE].uow() as uow:
        found = await uow.knowledge.document(document_id)
        if found is None:
            return error_page(request, "kn_not_found_title", "kn_not_found", 404)
        title = found.title
        passages = [
            {"section": p.section, "position": p.position + 1, "text": p.text}
            for p in await uow.knowledge.passages(document_id)
        ]
    return render(request, "knowledge_document.html", {"title": title, "passages": passages})


def setup(app: web.Application) -> None:
    """Register the page routes."""
    app.router.add_get(PATH, overview)
    app.router.add_get(PATH + "/van-ban/{id}", document)
