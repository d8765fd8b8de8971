"""Embedding an activity's panel in a course's section."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from activities import params as param_specs
from activities.models import CourseActivity
from activities.params import ParamError
from activities.services import Panel, Place

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
    place = Place(embed=embedding.course.slug, level=level)
    try:
        start = param_specs.parse(kind.params, embedding.params or {})
    except ParamError as exc:
        panel = Panel.build(kind, activity, place=place, error=str(exc), raw=embedding.params or {})
    else:
        panel = Panel.build(kind, activity, place=place, values=start, start=start)
    return render_to_string("activities/activity_page.html#panel", {"panel": panel})
