"""The embed page of an activity's state (framed by other sites) and the page that makes its code.

``…/embed/?<state>`` is the panel alone, in a minimal page that the origins in
settings.ACTIVITY_EMBED_ORIGINS may frame (every other page keeps ``frame-ancestors 'none'`` and
``X-Frame-Options: DENY``). ``…/embed/code/?<state>&hide=…&lock=…`` is a page of the site where
a teacher ticks controls to hide or lock and gets the ``<iframe>`` code, with its pin.
"""

from functools import partial

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from activities.engine.params import ParamError
from activities.kinds.base import Kind
from activities.models import Activity
from activities.web.embed_panel import (
    EmbedPanel,
    FramePlace,
    embed_src,
    iframe_code,
)
from activities.web.framing import frame_ancestors
from activities.web.lock import HIDE, LOCK, Lockdown, parse_names
from activities.web.page_flow import is_fragment, panel_response
from activities.web.panel import Panel
from activities.web.responses import kind_or_404, private_fragment
from activities.web.state import GOOD, PREVIOUS, page_url, parse_state
from activities.web.urls_for import embed_url

EMBED_TEMPLATE = "activities/embed.html"
CODE_TEMPLATE = "activities/embed_code_page.html"


def _kind_and_activity(slug: str) -> tuple[Kind, Activity]:
    return kind_or_404(slug), get_object_or_404(Activity, slug=slug)


@xframe_options_exempt
@require_safe
def activity_embed(request: HttpRequest, slug: str) -> HttpResponse:
    """A state's panel alone, for other sites' iframes; with HX-Request only the panel.

    Clicks and actions without JavaScript redirect to the new state's embed page, as on the
    activity's own page; a refused lockdown (an unknown name, a pin that does not verify) is a 400
    saying so.
    """
    kind, activity = _kind_and_activity(slug)
    fragment = is_fragment(request)
    try:
        lockdown = Lockdown.from_query(kind, request.GET)
    except ParamError as exc:
        context = {"title": activity.title or kind.title, "refusal": str(exc), "page_url": page_url(kind)}
        response = render(request, EMBED_TEMPLATE + ("#refusal" if fragment else ""), context, status=400)
        return _framed(private_fragment(response) if fragment else response)

    response = panel_response(
        request,
        kind,
        data=lockdown.data(request.GET),  # the locked values, whatever the query says
        build=partial(EmbedPanel.build, kind, activity, place=FramePlace(), lockdown=lockdown),
        form_keys=(PREVIOUS, GOOD),
        redirect_url=lambda panel: embed_url(kind, panel.values, lockdown),
        page=lambda panel, html: render(
            request,
            EMBED_TEMPLATE,
            {"panel": panel, "panel_html": html, "page_url": page_url(kind)},
            status=panel.refusal.status,
        ),
        keep=lambda values: lockdown.apply(kind, values),
    )
    return _framed(response)


def _framed(response: HttpResponse) -> HttpResponse:
    """Who may frame this response (django-csp reads ``_csp_replace``), and which requests it varies on."""
    response._csp_replace = {"frame-ancestors": frame_ancestors()}
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response


@require_safe
def activity_embed_code(request: HttpRequest, slug: str) -> HttpResponse:
    """The <iframe> code for a state, with the controls a teacher ticked hidden or locked (and their pin)."""
    kind, activity = _kind_and_activity(slug)
    try:
        values = parse_state(kind, request.GET)
        hide, lock = parse_names(kind, request.GET, HIDE), parse_names(kind, request.GET, LOCK)
        panel = Panel.build(kind, activity, values=values)
        if not panel.ok:
            raise ParamError(panel.refusal.message)
    except ParamError as exc:
        context = {"kind": kind, "title": activity.title or kind.title, "error": str(exc), "page_url": page_url(kind)}
        return render(request, CODE_TEMPLATE, context, status=400)
    lockdown = Lockdown.make(kind, values, hide=hide, lock=lock)
    src = embed_src(kind.slug, panel.query, lockdown)
    rows = [
        {
            "control": c,
            "shown": dict(c.choices).get(c.value, c.value),
            "hidden": c.name in hide,
            "locked": c.name in lock,
        }
        for c in panel.form.controls
        if c.widget != "hidden"  # parameters that mean nothing in this state
    ]
    context = {
        "panel": panel,
        "title": panel.texts.title,
        "rows": rows,
        "code": iframe_code(panel.texts.title, src),
        "preview_url": embed_url(kind, values, lockdown),
        "page_url": panel.urls.permalink,
    }
    return render(request, CODE_TEMPLATE, context)
