"""Who may frame an activity's embed page: settings.ACTIVITY_EMBED_ORIGINS, checked at start and per response."""

import re

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

# A source in CSP's frame-ancestors: *, 'self', a scheme (https:) or a host with optional scheme,
# wildcard subdomain, port and path. Anything else (a space, a ;) would change the policy's meaning.
_SOURCE = re.compile(
    r"\*|'self'|[a-z][a-z0-9+.-]*:|([a-z][a-z0-9+.-]*://)?(\*\.)?[a-z0-9.-]+(:(\d{1,5}|\*))?(/[^\s;,']*)?"
)


def frame_ancestors() -> list[str]:
    """Who may frame an embed page (settings.ACTIVITY_EMBED_ORIGINS), always including the site itself."""
    origins = list(settings.ACTIVITY_EMBED_ORIGINS)
    wrong = [origin for origin in origins if not _SOURCE.fullmatch(origin.lower())]
    if wrong:
        raise ImproperlyConfigured(
            f"ACTIVITY_EMBED_ORIGINS: {wrong[0]!r} is not an origin (https://example.org, https://*.example.org or *)."
        )
    return ["*"] if "*" in origins else ["'self'", *origins]


@checks.register(checks.Tags.security)
def check_embed_origins(**kwargs) -> list[checks.CheckMessage]:
    """`manage.py check` (and migrate, runserver) refuse a setting that is not a list of origins."""
    try:
        frame_ancestors()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="activities.E001")]
    return []
