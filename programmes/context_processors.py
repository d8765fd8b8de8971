"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """The site's name and public base URL, for the header, canonical links and Open Graph tags."""
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL or request.build_absolute_uri("/").rstrip("/"),
    }
