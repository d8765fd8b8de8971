"""The still figure of one of the programme's activities, for the right half of the page's top band."""

from dataclasses import dataclass

from django import template
from django.apps import apps

from activities.engine import params as param_specs
from activities.engine.params import ParamError
from activities.web.panel import Panel

register = template.Library()
DEFAULT_HERO = "gradient-descent"  # when staff have chosen none (Programme.hero_activity)


@dataclass(frozen=True)
class HeroFigure:
    title: str
    href: str
    src: str
    src_2x: str
    alt: str
    width: int
    height: int


@register.simple_tag
def hero_figure(programme) -> HeroFigure | None:
    """The chosen activity's still in its starting state, with the activity's own alt text; None without one.

    The still and the alt text are the ones the activity's page shows for the same state (its PNG with
    ``motion=off`` and the kind's description), so the figure says what the linked page shows.
    """
    Activity = apps.get_model("activities", "Activity")
    activity = programme.hero_activity or Activity.objects.filter(slug=DEFAULT_HERO).first()
    kind = activity.kind if activity is not None else None
    if kind is None:
        return None
    try:
        start = param_specs.parse(kind.params, {})
    except ParamError:
        return None
    panel = Panel.build(kind, activity, values=start, start=start)
    if not panel.ok:
        return None
    figure = panel.figure
    return HeroFigure(
        title=panel.texts.title,
        href=activity.get_absolute_url(),
        src=figure.still_url,
        src_2x=figure.still_url_2x,
        alt=panel.description,
        width=panel.width,
        height=panel.height,
    )
