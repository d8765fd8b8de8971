"""The field figure with every part a matplotlib artist, for SVG (see ``engine.vector``)."""

from matplotlib.figure import Figure

from activities.engine import style, vector
from activities.engine.notation import count
from activities.kinds.gradient_field import plot as field
from activities.kinds.gradient_field import surface_svg
from activities.kinds.gradient_field.maths import Field, Path


def field_figure(surface: Field, path: Path | None) -> Figure:
    """``plots.field.render``'s still, or its animation's final frame when a particle moves."""
    scene = vector.fresh_scene(lambda fresh: field.build_scene(fresh, surface))
    if path is not None:
        xs, ys = path.points[:, 0], path.points[:, 1]
        surface_svg.path(scene, xs, ys, style.VERMILLION if path.direction == "ascent" else style.BLUE)
        surface_svg.status(scene, f"{path.direction}: {count(path.steps, 'step')}, {path.reason}")
    return vector.still(scene)
