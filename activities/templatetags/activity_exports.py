"""The exports of a panel's state: its sound ("Listen") and its figure as SVG, as links that work without JavaScript."""

from dataclasses import dataclass

from django import template
from django.urls import reverse

from activities.kinds.base import Sound

register = template.Library()


@dataclass(frozen=True)
class Exports:
    audio_url: str
    svg_url: str
    sound: Sound | None  # None: this figure has no sound, so no "Listen" control


@register.simple_tag
def figure_exports(panel) -> Exports:
    """The URLs of a (valid) panel's sound and SVG, and what its sound plays, if it has one."""
    slug = panel.kind.slug
    query = f"?{panel.query}" if panel.query else ""
    return Exports(
        audio_url=reverse("activities:audio", kwargs={"slug": slug}) + query,
        svg_url=reverse("activities:svg", kwargs={"slug": slug}) + query,
        sound=panel.kind.sound(panel.values, panel.result),
    )
