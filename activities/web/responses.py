"""What every activity endpoint answers alike: its kind or a 404, a readable 400, and every Cache-Control it sets.

The one place in activities that says how long a response may be kept: a fragment, a file with an
ETag, a state's numbers, the click layer.
"""

from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotFound

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


def missing(message: str) -> HttpResponse:
    """A 404 for a file this kind or state does not have, saying so as plain text (like ``refused``)."""
    return HttpResponseNotFound(message, content_type="text/plain; charset=utf-8")


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


# data.json's, data.csv's and script.py's caching: a day, public (the numbers are a pure function of the query).
DAY_MAX_AGE = 86400


def open_to_all(response: HttpResponse) -> HttpResponse:
    """A file any site's script may read (the numbers of a state are public)."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


def kept_a_day(response: HttpResponse) -> HttpResponse:
    """A state's numbers or script (no ETag): public for a day, for any origin."""
    response["Cache-Control"] = f"public, max-age={DAY_MAX_AGE}"
    return open_to_all(response)


def forever(response: HttpResponse) -> HttpResponse:
    """A file that never changes at its URL (the click layer's GIF)."""
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
