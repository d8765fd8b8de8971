"""Embedding an activity's panel in a course's section."""

import hashlib
import json

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from activities.engine import params as param_specs
from activities.engine.cache import CODE_VERSION, PLOT_MAX_AGE, plots_cache
from activities.engine.params import ParamError
from activities.models import CourseActivity
from activities.web.panel import Panel, template_version
from activities.web.state import Place

register = template.Library()
PANEL_TEMPLATE = "activities/activity_page.html"


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
    # A panel is a pure function of its activity's texts, its place, its starting parameters and the
    # code: the programme page embeds a dozen, so each is rendered once and then served from the cache.
    if settings.DEBUG:  # templates change under a developer's hands
        return mark_safe(_render(kind, activity, place, embedding))
    identity = [CODE_VERSION, template_version(), kind.slug, activity.title, activity.instructions, activity.hint]
    identity += [place.embed, place.level, embedding.params or {}]
    key = "activities:panel:" + hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()
    cache = plots_cache()
    html = cache.get(key)
    if html is None:
        html = _render(kind, activity, place, embedding)
        cache.set(key, html, PLOT_MAX_AGE)
    return mark_safe(html)  # rendered by our own template, escaped there


def _render(kind, activity, place: Place, embedding: CourseActivity) -> str:
    try:
        start = param_specs.parse(kind.params, embedding.params or {})
    except ParamError as exc:
        panel = Panel.build(kind, activity, place=place, refusal=exc, raw=embedding.params or {})
    else:
        panel = Panel.build(kind, activity, place=place, values=start, start=start)
    return render_to_string(f"{PANEL_TEMPLATE}#panel", {"panel": panel})
