"""Site-wide views: error pages that keep the site's look, and a health check."""

import logging
import sys

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("dmath")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or a 503 while the database cannot be reached.

    Rendered without context processors or the database: they may be what failed. Django calls
    this inside its exception handler, wherever the error arose (a view or a middleware such as
    the session's), so the exception is at hand. Connections are health-checked before reuse
    (CONN_HEALTH_CHECKS), so the site recovers by itself when the database is back.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        logger.warning("database unavailable: %s id=%s", type(exception).__name__, getattr(request, "id", "-"))
        response = HttpResponse(render_to_string("503.html", {"site_name": settings.SITE_NAME}), status=503)
        response["Retry-After"] = "10"
        response["Cache-Control"] = "no-store"
        return response
    html = render_to_string("500.html", {"site_name": settings.SITE_NAME})
    return HttpResponse(html, status=500)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Is this server able to answer: can it reach its database and its cache?"""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # any failure is a failed check, reported rather than raised
        logger.warning("healthz: database check failed: %s", type(exc).__name__)
        checks["database"] = "unavailable"
    try:
        key = f"healthz:{request.id}" if hasattr(request, "id") else "healthz"
        cache.set(key, "ok", 10)
        checks["cache"] = "ok" if cache.get(key) == "ok" else "unavailable"
        cache.delete(key)
    except Exception as exc:
        logger.warning("healthz: cache check failed: %s", type(exc).__name__)
        checks["cache"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)
