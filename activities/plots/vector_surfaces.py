"""The descent and field figures with every part a matplotlib artist, for SVG (see ``plots.vector``).

An animation's SVG is its final frame: the whole path drawn, the dot at its end, and (descent) the
loss inset and the status line, which the PNG draws with Pillow, at the same pixels.
"""

from matplotlib.figure import Figure

from activities.engine import scenes, style, vector
from activities.engine.notation import count
from activities.kinds.gradient_descent import plot as descent
from activities.kinds.gradient_descent.maths import Loss, Run
from activities.kinds.gradient_field import plot as field
from activities.kinds.gradient_field.maths import Field, Path


def _path(scene: scenes.Scene, xs, ys, colour: str) -> None:
    """The path traced in full and the dot at its end, as the APNG's last frame shows them."""
    scene["ghost"].set_data(xs, ys)
    scene["start"].set_data(xs[:1], ys[:1])
    ax = scene.ax
    # pillow.path_apng: 3 px wide, a dot of radius 5.5 px with a 1 px black outline, only inside the axes.
    # Over the ghost and the start (dynamic artists, drawn over the background), as on the frames.
    z = vector.DYNAMIC_Z + 1
    ax.plot(xs, ys, color=colour, lw=3 * vector.POINT, solid_joinstyle="round", solid_capstyle="round", zorder=z)
    xmin, xmax = ax.get_xlim()
    ymin, ymax = ax.get_ylim()
    if xmin <= xs[-1] <= xmax and ymin <= ys[-1] <= ymax:
        ax.plot(
            xs[-1:],
            ys[-1:],
            "o",
            markersize=11 * vector.POINT,
            markerfacecolor=style.ORANGE,
            markeredgecolor=style.BLACK,
            markeredgewidth=vector.POINT,
            zorder=z + 0.1,
        )


def _status(scene: scenes.Scene, words: str) -> None:
    left, _, _, bottom = scene.axes_box()
    vector.text(scene.fig, (left + 8, bottom - 8), words, anchor="ld", box=True)


def descent_figure(loss: Loss, run: Run, label: str) -> Figure:
    """The final frame of ``plots.descent.render``: contours, the whole path, the loss inset and the status."""
    scene = vector.fresh_scene(lambda fresh: descent._build(fresh, loss))
    xs, ys = run.path[:, 0], run.path[:, 1]
    _path(scene, xs, ys, style.VERMILLION)
    figure = vector.still(scene)
    inset = descent._Inset(scene, run.losses)
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
    _status(scene, f"{label}\n{descent.status(loss, run)}")
    return figure


def field_figure(surface: Field, path: Path | None) -> Figure:
    """``plots.field.render``'s still, or its animation's final frame when a particle moves."""
    scene = vector.fresh_scene(lambda fresh: field._build(fresh, surface))
    if path is not None:
        xs, ys = path.points[:, 0], path.points[:, 1]
        _path(scene, xs, ys, style.VERMILLION if path.direction == "ascent" else style.BLUE)
        _status(scene, f"{path.direction}: {count(path.steps, 'step')}, {path.reason}")
    return vector.still(scene)
