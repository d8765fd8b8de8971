"""Site-wide views: error pages that keep the site's look, and a health check."""

import functools
import logging
import sys

from django.conf import settings
from django.core.cache import caches
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("dmath")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The styled 400. Rendered without the request's host: it may be the very thing that is bad
    (an unknown Host header raises DisallowedHost on any call to request.get_host())."""
    html = render_to_string("400.html", {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL})
    return HttpResponse(html, status=400)


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


@functools.cache
def _favicon() -> bytes:
    return (settings.BASE_DIR / "static" / "img" / "favicon.ico").read_bytes()


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers and crawlers ask for whatever the page links (nginx serves it itself)."""
    response = HttpResponse(_favicon(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@cache_control(public=True, max_age=60 * 60)
@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """robots.txt, its sitemap on the site's public address (SITE_URL), whatever Host the request named."""
    sitemap = (settings.SITE_URL or settings.LOCAL_SITE_URL) + reverse("sitemap")
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def healthz_live(request: HttpRequest) -> JsonResponse:
    """Liveness: this process answers. It asks nothing of the database or the cache, so an outage of
    either never makes an orchestrator restart every healthy server at once."""
    return JsonResponse({"status": "ok"})


def _check_cache(alias: str, key: str) -> bool:
    """Can this cache store and return a value? A fail-open cache answers a miss when it is down."""
    try:
        store = caches[alias]
        store.set(key, "ok", 10)
        ok = store.get(key) == "ok"
        store.delete(key)
        return ok
    except Exception as exc:  # any failure is a failed check, reported rather than raised
        logger.warning("healthz: %s cache check failed: %s", alias, type(exc).__name__)
        return False


@never_cache
@require_safe
def healthz_ready(request: HttpRequest) -> JsonResponse:
    """Readiness: can this server do its work? 503 names what is down.

    The database and the ``default`` cache (rate limits, locks) are required. The ``plots`` cache
    fails open (the plot is drawn again), so when it is down the server stays ready and says so.
    """
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:
        logger.warning("healthz: database check failed: %s", type(exc).__name__)
        checks["database"] = "unavailable"
    key = f"healthz:{getattr(request, 'id', 'ready')}"
    checks["cache"] = "ok" if _check_cache("default", key) else "unavailable"
    checks["plots_cache"] = "ok" if _check_cache("plots", key) else "unavailable (plots are drawn without it)"
    down = [name for name in ("database", "cache") if checks[name] != "ok"]
    body = {"status": "unavailable" if down else "ok", **checks}
    if down:
        body["down"] = down
    return JsonResponse(body, status=503 if down else 200)
