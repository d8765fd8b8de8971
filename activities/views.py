"""An activity's own page (and its panel as an htmx fragment), its PNG and its numbers as JSON."""

from functools import partial

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.views.decorators.http import require_safe

from activities.engine import params as param_specs
from activities.engine.cache import plot_etag, plot_png, state_result, still_png
from activities.engine.params import ParamError
from activities.figure_view import parse_motion
from activities.kinds import REGISTRY
from activities.kinds.base import Kind
from activities.models import Activity, CourseActivity
from activities.page_flow import is_fragment, panel_response
from activities.panel import Panel
from activities.responses import immutable, kind_or_404, refused
from activities.state import (
    EMBED,
    GOOD,
    LEVEL,
    PREVIOUS,
    Place,
    parse_scale,
    valid_state,
)
from programmes.models import Programme

PAGE_TEMPLATE = "activities/activity_page.html"

# A transparent 1×1 GIF: the clickable layer over a figure (an <input type="image"> cannot take srcset).
CLICK_LAYER_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def _starting_values(kind: Kind, activity: Activity, place: Place) -> dict | None:
    """The state an embedded panel starts from (its Reset), or None for the kind's defaults."""
    if place.standalone:
        return None
    start = (
        CourseActivity.objects.filter(course__slug=place.embed, activity=activity)
        .values_list("params", flat=True)
        .first()
    )
    try:
        return param_specs.parse(kind.params, start or {})
    except ParamError:
        return None


@require_safe
def activity_index(request: HttpRequest) -> HttpResponse:
    """The catalogue: every activity, linking to its own page."""
    activities = [a for a in Activity.objects.order_by("pk") if a.slug in REGISTRY]
    return render(request, "activities/activity_index.html", {"activities": activities, **_chrome()})


def _chrome() -> dict:
    """The programme whose navigation and footer frame an activity's page."""
    programme = Programme.objects.published().select_related("department__institution").first()
    return {"programme": programme}


@require_safe
def activity_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A state of an activity: the full page, or with HX-Request only its panel (for the place it names)."""
    kind = kind_or_404(slug)
    activity = get_object_or_404(Activity, slug=slug)
    fragment = is_fragment(request)
    place = Place.from_query(request.GET) if fragment else Place()
    start = _starting_values(kind, activity, place) if fragment else None

    def page(panel: Panel, html: str) -> HttpResponse:
        appears_in = (
            CourseActivity.objects.filter(activity=activity, course__programme__is_published=True)
            .select_related("course")
            .order_by("course__position", "course__pk")
        )
        context = {"panel": panel, "panel_html": html, "activity": activity, "appears_in": appears_in, **_chrome()}
        return render(request, PAGE_TEMPLATE, context, status=panel.status)

    response = panel_response(
        request,
        kind,
        data=request.GET,
        build=partial(Panel.build, kind, activity, place=place, start=start),
        form_keys=(EMBED, LEVEL, PREVIOUS, GOOD),
        redirect_url=lambda panel: panel.permalink,
        page=page,
        push_url=place.standalone,
    )
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response


@require_safe
def activity_plot(request: HttpRequest, slug: str) -> HttpResponse:
    """The figure of a state as PNG: a pure function of the canonical query, cached by ETag.

    An animated figure is an APNG that plays once; with ``motion=off`` its last frame as a plain PNG.
    """
    kind = kind_or_404(slug)
    try:
        values = valid_state(kind, request.GET)
        scale = parse_scale(request.GET)
        still = parse_motion(request.GET) and kind.animates(values)  # a still figure is its own still
    except ParamError as exc:
        return refused(str(exc))
    etag = plot_etag(kind, param_specs.encode(kind.params, values), scale, still=still)
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        return immutable(HttpResponse(status=304), etag)
    png = (still_png if still else plot_png)(kind, values, scale, etag)
    return immutable(HttpResponse(png, content_type="image/png"), etag)


@require_safe
def activity_data(request: HttpRequest, slug: str) -> JsonResponse:
    """The numbers behind the figure of a state."""
    kind = kind_or_404(slug)
    try:
        values = valid_state(kind, request.GET)
        payload = kind.data(values, state_result(kind, values))
    except ParamError as exc:
        response = JsonResponse({"error": str(exc)}, status=400)
    else:
        # allow_nan=False: JSON has no NaN or Infinity, and a kind that produced one has a bug.
        response = JsonResponse(payload, json_dumps_params={"allow_nan": False, "ensure_ascii": False})
        response["Cache-Control"] = "public, max-age=86400"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def click_layer(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(CLICK_LAYER_GIF, content_type="image/gif")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
