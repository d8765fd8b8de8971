"""What every activity endpoint answers alike: its kind or a 404, a readable 400, and immutable file headers."""

from django.http import Http404, HttpResponse, HttpResponseBadRequest

from activities.engine.cache import PLOT_MAX_AGE
from activities.kinds import get_kind
from activities.kinds.base import Kind

# A panel fragment is a pure function of its URL like its page: the browser may keep it as briefly.
FRAGMENT_CACHE_CONTROL = "private, max-age=60"


def kind_or_404(slug: str) -> Kind:
    kind = get_kind(slug)
    if kind is None:
        raise Http404("No such activity.")
    return kind


def refused(message: str) -> HttpResponse:
    """A 400 whose body says what was wrong, as plain text (a file URL has no page to show it on)."""
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def private_fragment(response: HttpResponse) -> HttpResponse:
    """An htmx fragment, served at its page's own URL: only the browser that asked may keep it.

    ``Vary: HX-Request`` tells caches apart, but a CDN that ignores Vary would serve the fragment as
    the page; ``private`` keeps every shared cache out (the public page middleware leaves it alone).
    """
    response["Cache-Control"] = FRAGMENT_CACHE_CONTROL
    return response


def immutable(response: HttpResponse, etag: str) -> HttpResponse:
    """A file that is a pure function of its URL (a figure, its sound, its SVG): cached for good, by ETag."""
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={PLOT_MAX_AGE}, immutable"
    return response
