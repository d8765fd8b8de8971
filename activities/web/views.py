"""The catalogue, an activity's own page (and its panel as an htmx fragment, for the place it names)."""

from functools import partial

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from activities.engine import params as param_specs
from activities.engine.params import ParamError
from activities.kinds import REGISTRY
from activities.kinds.base import Kind
from activities.models import Activity, CourseActivity
from activities.web.page_flow import is_fragment, panel_response
from activities.web.panel import Panel
from activities.web.responses import forever, kind_or_404
from activities.web.state import (
    COURSE,
    GOOD,
    LEVEL,
    PREVIOUS,
    Place,
)

PAGE_TEMPLATE = "activities/activity_page.html"

# A transparent 1×1 GIF: the clickable layer over a figure (an <input type="image"> cannot take srcset).
CLICK_LAYER_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def _starting_values(kind: Kind, activity: Activity, place: Place) -> dict | None:
    """The state a course's panel starts from (its Reset), or None for the kind's defaults."""
    if place.standalone:
        return None
    start = (
        CourseActivity.objects.filter(course__slug=place.course, activity=activity)
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
    programmes = apps.get_model("programmes", "Programme").objects
    programme = programmes.published().select_related("department__institution").first()
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
        return render(request, PAGE_TEMPLATE, context, status=panel.refusal.status)

    response = panel_response(
        request,
        kind,
        data=request.GET,
        build=partial(Panel.build, kind, activity, place=place, start=start),
        form_keys=(COURSE, LEVEL, PREVIOUS, GOOD),
        redirect_url=lambda panel: panel.urls.permalink,
        page=page,
        push_url=place.standalone,
    )
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response


@require_safe
def click_layer(request: HttpRequest) -> HttpResponse:
    return forever(HttpResponse(CLICK_LAYER_GIF, content_type="image/gif"))
