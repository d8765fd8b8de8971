"""The one page flow of a panel, wherever it is shown: the activity's page, a course's fragment, the embed page.

A request's state is parsed and its click or action applied; a panel is built (a refusal keeps the
last good state on screen, and what was typed in the inputs); a plain form, click or action is
answered by post/redirect/get to the new state's URL; an htmx request gets the panel alone
(private, its own cache policy), any other the page around it.
"""

from collections.abc import Callable, Mapping

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from activities.engine.params import ParamError
from activities.kinds.base import Kind
from activities.web.figure_view import MOTION, MOTION_OFF, motion_query
from activities.web.panel import Panel, panel_html
from activities.web.responses import private_fragment
from activities.web.state import CLICK_X, good_state, interact, parse_state


def is_fragment(request: HttpRequest) -> bool:
    """An htmx swap of the panel (not a history restore, which wants the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def panel_response(
    request: HttpRequest,
    kind: Kind,
    *,
    data: Mapping,
    build: Callable[..., Panel],
    form_keys: tuple[str, ...],
    redirect_url: Callable[[Panel], str],
    page: Callable[[Panel, str], HttpResponse],
    keep: Callable[[dict], dict] = dict,
    push_url: bool = False,
) -> HttpResponse:
    """The panel of the state ``data`` asks for, as a redirect, a fragment or a page.

    ``build`` makes the panel from the state shown (keyword arguments of ``Panel.build``); ``keep``
    puts back what the place fixes (an embed's locked values) in every state; ``form_keys`` are the
    query keys only a submitted form sends; ``push_url`` makes a fragment show its canonical URL.
    """
    fragment = is_fragment(request)
    values = moved = refusal = None
    try:
        values = keep(parse_state(kind, data))
        moved = interact(kind, values, data)
    except ParamError as exc:
        refusal = exc
    if moved is not None:
        moved = keep(moved)
    panel = build(
        values=moved if moved is not None else values,
        refusal=refusal,
        fallback=good_state(kind, data),
        raw=data,
        announce=fragment,
        motion_off=data.get(MOTION) == MOTION_OFF,
        before=values if refusal is None and CLICK_X in data else None,  # to say what the click did
    )
    if not fragment and panel.ok and (moved is not None or any(key in request.GET for key in form_keys)):
        # Post/redirect/get for a form, click or action without JavaScript: the URL is the new state.
        return redirect(redirect_url(panel) + motion_query(panel.motion_off))
    html = panel_html(panel)
    if not fragment:
        return page(panel, html)
    response = private_fragment(HttpResponse(html, status=panel.refusal.status))
    if push_url:
        # The address shows the canonical state, not the click or button that led to it.
        response["HX-Push-Url"] = panel.urls.permalink + panel.figure.motion_query if panel.ok else "false"
    return response
