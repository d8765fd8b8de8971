"""Cross-cutting HTTP behaviour: request log lines, security headers, compression of text."""

import logging
import re
import time
import uuid

from csp.constants import UNSAFE_INLINE
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware

from core.clientaddr import anonymised_ip, client_ip

logger = logging.getLogger("dmath.requests")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestLogMiddleware:
    """Give each request an id (kept from X-Request-ID when well formed) and log one line for it.

    The line holds no query string, form data or cookie, and the client's address with its host
    part dropped, so no personal data reaches the logs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        start = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        if settings.REQUEST_LOG:
            logger.info(
                "%s %s %s %d %.1fms id=%s",
                anonymised_ip(client_ip(request)),
                request.method,
                request.path[:200],
                response.status_code,
                (time.perf_counter() - start) * 1000,
                request.id,
            )
        return response


class SecurityHeadersMiddleware:
    """Headers Django does not set itself, and the admin's relaxed style policy.

    Sits after django-csp's middleware in MIDDLEWARE, so it sees the response first and can
    ask django-csp to add 'unsafe-inline' styles for the admin only.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.path.startswith(settings.CSP_RELAXED_STYLE_PREFIXES):
            response._csp_update = {"style-src": [UNSAFE_INLINE]}
        return response


class TextGZipMiddleware(GZipMiddleware):
    """Compress text responses (HTML, JSON, XML) only: PNGs are compressed already, and gzip would
    spend CPU on every plot for nothing. Static files are compressed ahead of time by WhiteNoise.
    Django's GZipMiddleware pads its output against BREACH.
    """

    TEXT_TYPES = ("text/", "application/json", "application/xml", "image/svg+xml")

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not response.get("Content-Type", "").startswith(self.TEXT_TYPES):
            return response
        return super().process_response(request, response)


class CachePolicyMiddleware:
    """Who may keep a copy of a response: a CDN for public pages, nobody for pages with a cookie.

    Public pages (the routes in settings.PUBLIC_PAGE_ROUTES: programme, course and activity pages)
    carry no cookie and get a short shared max-age plus stale-while-revalidate; Django's
    ConditionalGetMiddleware, just outside this one, adds the ETag and answers If-None-Match with 304.
    A response that sets a cookie, and every page in settings.PRIVATE_PAGE_NAMESPACES (enrolment:
    the form, its privacy notice, an applicant's confirmation), is `private, no-store`, whatever
    the view said: a shared cache must never hand one visitor's cookie or data to another.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = f"{match.namespace}:{match.url_name}" if match and match.namespace else (match and match.url_name)
        private = bool(response.cookies) or (match is not None and match.namespace in settings.PRIVATE_PAGE_NAMESPACES)
        if private:
            response["Cache-Control"] = "private, no-store"
        elif (
            route in settings.PUBLIC_PAGE_ROUTES
            and request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.has_header("Cache-Control")
        ):
            response["Cache-Control"] = settings.PUBLIC_PAGE_CACHE_CONTROL
        return response
