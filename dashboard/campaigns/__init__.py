"""Campaign pages of the dashboard (authors: ``tuyen_truyen``/admin; approvers: ``lanh_dao``/admin).

Routes::

    GET  /chien-dich                        list, filter by status (?trang_thai=)
    GET  /chien-dich/moi                    new draft form; POST creates it
    GET  /chien-dich/doi-tuong/so-luong     audience size of a filter or saved audience (JSON)
    GET  /chien-dich/nguoi-nhan             subscribers: counts, groups, invitation links
    POST /chien-dich/nguoi-nhan/nhap        import a CSV/XLSX member list
    GET  /chien-dich/{id}                   one campaign: content, audience, buttons, timeline
    GET  /chien-dich/{id}/sua               edit a draft; POST saves it
    GET  /chien-dich/{id}/anh               its photo
    GET  /chien-dich/{id}/tien-do           live progress (JSON)
    GET  /chien-dich/{id}/ket-qua.csv       per-recipient results
    POST /chien-dich/{id}/gui-thu           preview to the staff member's own Telegram chat
    POST /chien-dich/{id}/{step}            gui-duyet, duyet, tra-lai, len-lich, tam-dung,
                                            tiep-tuc, huy
"""

from __future__ import annotations

from aiohttp import web

from dashboard.campaigns import actions, edit, listing, preview, progress, subscribers, view

ID = "{id:[0-9]{1,9}}"


def setup(app: web.Application) -> None:
    """Register the campaign routes (fixed paths before the id pattern)."""
    app.router.add_get("/chien-dich", listing.campaign_list)
    app.router.add_get("/chien-dich/moi", edit.new_form)
    app.router.add_post("/chien-dich/moi", edit.create)
    app.router.add_get("/chien-dich/doi-tuong/so-luong", progress.size)
    app.router.add_get("/chien-dich/nguoi-nhan", subscribers.page)
    app.router.add_post("/chien-dich/nguoi-nhan/nhap", subscribers.import_members)
    app.router.add_get(f"/chien-dich/{ID}", view.campaign_page)
    app.router.add_get(f"/chien-dich/{ID}/sua", edit.edit_form)
    app.router.add_post(f"/chien-dich/{ID}/sua", edit.update)
    app.router.add_get(f"/chien-dich/{ID}/anh", view.photo)
    app.router.add_get(f"/chien-dich/{ID}/tien-do", progress.progress)
    app.router.add_get(f"/chien-dich/{ID}/ket-qua.csv", progress.export_csv)
    app.router.add_post(f"/chien-dich/{ID}/gui-thu", preview.preview)
    app.router.add_post(f"/chien-dich/{ID}/{{action:[a-z-]+}}", actions.run_step)
