"""The descent figure with every part a matplotlib artist, for SVG (see ``engine.vector``).

Its final frame: the whole path, the dot at its end, the loss inset and the status line.
"""

from matplotlib.figure import Figure

from activities.engine import style, vector
from activities.engine.notation import count
from activities.kinds.gradient_descent import plot as descent
from activities.kinds.gradient_descent.maths import Loss, Run
from activities.kinds.gradient_field import surface_svg


def descent_figure(loss: Loss, run: Run, label: str) -> Figure:
    """The final frame of ``plots.descent.render``: contours, the whole path, the loss inset and the status."""
    scene = vector.fresh_scene(lambda fresh: descent.build_scene(fresh, loss))
    xs, ys = run.path[:, 0], run.path[:, 1]
    surface_svg.path(scene, xs, ys, style.VERMILLION)
    figure = vector.still(scene)
    inset = descent.Inset(scene, run.losses)
    vector.rectangle(figure, inset.box)
    bx0, by0, _, _ = inset.box
    title = f"loss{' (log)' if inset.log else ''} over {count(inset.steps, 'step')}"
    vector.text(figure, (bx0 + 8, by0 + 5), title, size=style.FONT_SMALL, colour=style.MUTED)
    ax0, _, ax1, ay1 = inset.area
    vector.line(figure, [(ax0, ay1), (ax1, ay1)], style.GRID, 1)
    if len(inset.points) > 1:
        vector.line(figure, inset.points, style.BLUE, 2, solid_joinstyle="round")
    vector.dot(figure, inset.points[0], 3, style.PAPER)
    vector.dot(figure, inset.points[-1], 3, style.ORANGE)
    surface_svg.status(scene, f"{label}\n{descent.status(loss, run)}")
    return figure
