"""A state's figure as sound (``audio.wav``) and as SVG (``plot.svg``), cached like its PNG."""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import parse_etags
from django.views.decorators.http import require_safe

from activities.byte_ranges import ranged
from activities.engine import params as param_specs
from activities.engine.params import ParamError
from activities.figure_exports import SVG, WAV, export_etag, state_svg, state_wav
from activities.responses import immutable, kind_or_404, refused
from activities.state import valid_state

CONTENT_TYPES = {WAV: "audio/wav", SVG: "image/svg+xml"}
MISSING = {WAV: "This figure has no sound.", SVG: "This figure has no SVG."}


def _export(request: HttpRequest, slug: str, form: str, make: Callable) -> HttpResponse:
    """The state's figure in ``form``: 400 for a bad state, 304 for a copy the client holds, 404 if none."""
    kind = kind_or_404(slug)
    try:
        values = valid_state(kind, request.GET)
    except ParamError as exc:
        return refused(str(exc))
    etag = export_etag(kind, param_specs.encode(kind.params, values), form)
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        return immutable(HttpResponse(status=304), etag)
    body = make(kind, values, etag)
    if body is None:
        raise Http404(MISSING[form])
    if form == WAV:  # audio players ask for ranges (Safari before it plays anything)
        response = ranged(request, body, CONTENT_TYPES[form], etag)
        return response if response.status_code == 416 else immutable(response, etag)  # a 416 is not kept
    return immutable(HttpResponse(body, content_type=CONTENT_TYPES[form]), etag)


@require_safe
def activity_audio(request: HttpRequest, slug: str) -> HttpResponse:
    """The state's curve as sound: pitch follows the value from left to right, a click marks the mean or minimum.

    Served in byte ranges too (``Range``: 206, or 416 for a range past its end).
    """
    return _export(request, slug, WAV, state_wav)


@require_safe
def activity_svg(request: HttpRequest, slug: str) -> HttpResponse:
    """The state's figure as SVG, its text selectable and its description inside."""
    return _export(request, slug, SVG, state_svg)
