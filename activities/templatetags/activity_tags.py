"""Embedding an activity's panel in a course's section."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from activities.engine import params as param_specs
from activities.engine.params import ParamError
from activities.models import CourseActivity
from activities.web.panel import Panel, panel_html
from activities.web.state import Place

register = template.Library()


@register.simple_tag
def activity_panel(embedding: CourseActivity, heading_level: int = 4) -> SafeString:
    """The panel of an embedded activity in its starting state, headed one level below the course body's headings.

    ``heading_level`` is the level of the course body's own headings: 4 in the programme's
    catalogue (the panel is their sibling, h4), 2 on the course page (the panels sit under an h2
    "Interactive activities", so h3).
    """
    activity = embedding.activity
    kind = activity.kind
    if kind is None:  # a catalogue record whose kind is not (or no longer) registered
        return SafeString("")
    level = 3 if int(heading_level) <= 2 else int(heading_level)
    place = Place(course=embedding.course.slug, level=level)
    # The programme page embeds a dozen panels: each is rendered once, then served from the cache
    # under the one key recipe of every panel (``panel_html``: state, place, texts, code, template).
    return mark_safe(panel_html(_panel(kind, activity, place, embedding)))  # rendered by our own template


def _panel(kind, activity, place: Place, embedding: CourseActivity) -> Panel:
    try:
        start = param_specs.parse(kind.params, embedding.params or {})
    except ParamError as exc:
        return Panel.build(kind, activity, place=place, refusal=exc, raw=embedding.params or {})
    return Panel.build(kind, activity, place=place, values=start, start=start)
