"""Open311 GeoReport v2 under ``/open311/v2`` (discovery at ``/open311/discovery.{json,xml}``).

Service = taxonomy category; service request = report (its ``PA-`` code is the id). Reading
needs no key; creating a request needs an ``api_key`` (``python -m bot open311 add-key``).
Extension: ``page`` and ``page_size`` on GET requests (50 a page by default, at most 1000).
"""

from __future__ import annotations

from aiohttp import web

from dashboard.open311 import routes


def setup(app: web.Application) -> None:
    """Register the Open311 routes."""
    app.middlewares.append(routes.open311_errors)
    app.router.add_get(f"{routes.PREFIX}/discovery.{routes.FMT}", routes.get_discovery)
    app.router.add_get(f"{routes.API}/discovery.{routes.FMT}", routes.get_discovery)
    app.router.add_get(f"{routes.API}/services.{routes.FMT}", routes.get_services)
    app.router.add_get(f"{routes.API}/services/{{code:[^/.]+}}.{routes.FMT}", routes.get_service)
    app.router.add_post(f"{routes.API}/requests.{routes.FMT}", routes.post_request)
    app.router.add_get(f"{routes.API}/requests.{routes.FMT}", routes.get_requests)
    app.router.add_get(
        f"{routes.API}/requests/{{request_id:[^/.]+}}.{routes.FMT}", routes.get_request
    )
    app.router.add_get(f"{routes.API}/openapi.json", routes.get_openapi)
