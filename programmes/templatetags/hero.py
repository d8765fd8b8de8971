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
    srcset: str  # the phone sheet at scales 1 and 2: the figure is shown 320–464 CSS px wide at any screen
    alt: str
    width: int
    height: int


@register.simple_tag
def hero_figure(programme) -> HeroFigure | None:
    """The chosen activity's still in its starting state, with the activity's own alt text; None without one.

    The still and the alt text are the ones the activity's page shows for the same state (its PNG with
    ``motion=off`` and the kind's description), so the figure says what the linked page shows. It is
    always the phone sheet (engine/layout.py): never shown wider than 464 CSS px, its 10 pt type stays
    at least 11 CSS px from the 320 px a phone gives it (static/css/site.css).
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
        srcset=figure.still_srcsets[1],
        alt=figure.description,
        width=figure.width,
        height=figure.height,
    )
