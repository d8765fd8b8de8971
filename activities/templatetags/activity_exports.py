"""The exports of a panel's state: its sound ("Listen") and its figure as SVG, as links that work without JavaScript."""

from dataclasses import dataclass

from django import template

from activities.kinds.base import SCRIPT, SOUND, SVG, Sound
from activities.web import urls_for

register = template.Library()


@dataclass(frozen=True)
class Exports:
    audio_url: str
    svg_url: str
    sound: Sound | None  # None: this figure has no sound, so no "Listen" control
    svg: bool  # the kind declares SVG: a "Figure as SVG" link
    script: bool  # the kind declares SCRIPT: a "Python script" link


@register.simple_tag
def figure_exports(panel) -> Exports:
    """The URLs of a (valid) panel's sound and SVG, what its sound plays, and which exports its kind declares."""
    slug = panel.kind.slug
    return Exports(
        audio_url=urls_for.file_url(slug, "audio", panel.query),
        svg_url=urls_for.file_url(slug, "svg", panel.query),
        sound=panel.kind.sound(panel.values, panel.result) if panel.kind.can(SOUND) else None,
        svg=panel.kind.can(SVG),
        script=panel.kind.can(SCRIPT),
    )


@register.simple_tag
def offered_actions(panel) -> list:
    """The kind's actions that mean something in this state (``Kind.offers``); all of them when it has none."""
    values = panel.values
    if values is None:
        return list(panel.kind.actions)
    return [action for action in panel.kind.actions if panel.kind.offers(action.value, values)]
