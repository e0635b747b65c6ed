"""Staff report pages: the queue, one report, its photos and the triage forms.

Routes::

    GET  /phan-anh                          the queue (filters, sort, pages, counts)
    GET  /phan-anh/so-luong                 counts per status for the queue's filter (JSON)
    GET  /phan-anh/{code}                   one report
    GET  /phan-anh/{code}/anh/{photo_id}    one of its photos
    POST /phan-anh/{code}/{action}          tiep-nhan, trang-thai, sua, giao, giao-can-bo, han,
                                            tra-loi, hoi, ghi-chu, gop, tach (CSRF-protected forms)

The queue's bulk changes and exports: dashboard.reports.work.
"""

from __future__ import annotations

from aiohttp import web

from dashboard.reports.actions import run_action
from dashboard.reports.page import photo, report_page
from dashboard.reports.queue import counts, queue
from dashboard.reports.work import setup as setup_work
from dashboard.security import id_param

CODE = r"{code:PA-[0-9A-Z]{7}}"


def setup(app: web.Application) -> None:
    """Register the report routes (the fixed paths before the code pattern)."""
    app.router.add_get("/phan-anh", queue)
    app.router.add_get("/phan-anh/so-luong", counts)
    setup_work(app)
    app.router.add_get(f"/phan-anh/{CODE}", report_page)
    app.router.add_get(f"/phan-anh/{CODE}/anh/{id_param('photo_id')}", photo)
    app.router.add_post(f"/phan-anh/{CODE}/{{action:[a-z-]+}}", run_action)
