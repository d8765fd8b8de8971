"""The one view of a state's files: PNG (and its still), SVG, WAV, JSON, CSV and the script (``formats.FORMATS``)."""

from django.http import HttpRequest, HttpResponse
from django.utils.http import parse_etags
from django.views.decorators.http import require_safe

from activities.engine.params import ParamError
from activities.web.byte_ranges import ranged
from activities.web.formats import FORMATS
from activities.web.responses import immutable, kept_a_day, kind_or_404, missing
from activities.web.state import valid_state


@require_safe
def activity_file(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    """The state of the query as the file ``name`` names (a key of ``FORMATS``).

    A state the site refuses is a 400 saying why (as every format refuses it: the script of a state
    the site cannot compute would not run either); a file the client holds, a 304; a format the kind
    does not declare, or a state with none (a figure without sound), a 404 saying so in plain text.
    """
    kind = kind_or_404(slug)
    fmt = FORMATS[name]
    try:
        values = valid_state(kind, request.GET)
        etag = fmt.etag(kind, values, request.GET) if fmt.etag else None
        if etag is not None and etag in parse_etags(request.headers.get("If-None-Match", "")):
            return immutable(HttpResponse(status=304), etag)
        if fmt.capability is not None and not kind.can(fmt.capability):
            return missing(fmt.missing)
        body = fmt.make(kind, values, request.GET, etag)
    except ParamError as exc:
        return fmt.refuse(str(exc))
    if body is None:
        return missing(fmt.missing)
    if etag is None:
        response = kept_a_day(HttpResponse(body, content_type=fmt.content_type))
        if fmt.attachment:
            filename = fmt.attachment.format(slug=slug, module=slug.replace("-", "_"))
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    if fmt.ranged:  # audio players ask for ranges (Safari before it plays anything)
        response = ranged(request, body, fmt.content_type, etag)
        return response if response.status_code == 416 else immutable(response, etag)  # a 416 is not kept
    return immutable(HttpResponse(body, content_type=fmt.content_type), etag)
