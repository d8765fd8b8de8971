"""Draw a scalar field: contours, normalised gradient arrows, and a particle's path as an APNG."""

import numpy as np

from activities.engine import pillow, scenes, style
from activities.engine.layout import DESK, Size
from activities.engine.notation import count
from activities.kinds.gradient_field import surface_plot as surface
from activities.kinds.gradient_field.maths import FIELDS, Field, Path

QUIVER_X, QUIVER_Y = 17, 12  # gradient arrows per axis
# Himmelblau's values span 0 to ~2000 with four zeros: geometric levels show the basins and the walls.
GEOMETRIC_FROM = {"himmelblau": 0.5}


def build_scene(scene: scenes.Scene, field: Field) -> None:
    ax = scene.ax
    xmin, xmax, ymin, ymax = field.window
    surface.contour_background(ax, field.f, field.window, geometric_from=GEOMETRIC_FROM.get(field.slug))

    # Arrows of unit length along ∇f: direction only, since |∇f| varies by orders of magnitude.
    qx = np.linspace(xmin, xmax, QUIVER_X + 2)[1:-1]
    qy = np.linspace(ymin, ymax, QUIVER_Y + 2)[1:-1]
    mx, my = np.meshgrid(qx, qy)
    ux, uy = field.grad(mx, my)
    norm = np.hypot(ux, uy)
    norm[norm == 0] = 1.0
    ax.quiver(mx, my, ux / norm, uy / norm, color=style.INK, alpha=0.7, pivot="mid", scale=34, width=0.0032, zorder=2)

    surface.titles(scene, field.text, "arrows: \u2207f, uphill")
    # The whole path, faint: the still behind the animation shows where the particle is going.
    surface.path_artists(scene, zorder=3)


_scene = surface.scenes_for("gradient-field", FIELDS, build_scene)


def render(field: Field, path: Path | None, scale: int = 1, size: Size = DESK) -> bytes:
    """A still PNG of the field, or an APNG of the particle's path when there is one."""
    scene = _scene(field, scale, size)
    if path is None:

        def clear(scene: scenes.Scene) -> None:
            scene["ghost"].set_data([], [])
            scene["start"].set_data([], [])

        return scene.png(clear)

    xs, ys = path.points[:, 0], path.points[:, 1]

    def show(scene: scenes.Scene) -> None:
        scene["ghost"].set_data(xs, ys)
        scene["start"].set_data(xs[:1], ys[:1])

    image = scene.image(show)
    left, top, right, bottom = scene.axes_box()
    pad = 8 * scale
    text = f"{path.direction}: {count(path.steps, 'step')}, {path.reason}"
    pillow.draw_text(image, (left + pad, bottom - pad), text, scale=scale, size=style.FONT_NOTE, anchor="ld", box=True)
    colour = style.VERMILLION if path.direction == "ascent" else style.BLUE
    return pillow.path_apng(scene, image, xs, ys, colour=colour, dot=style.ORANGE)
