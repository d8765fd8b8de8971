"""Shared SVG drawing for the surfaces of the field and descent activities: the path and the status line.

An animation's SVG is its final frame: the whole path drawn, the dot at its end, and the status line,
which the PNG draws with Pillow, at the same pixels.
"""

from activities.engine import scenes, style, vector


def path(scene: scenes.Scene, xs, ys, colour: str) -> None:
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


def status(scene: scenes.Scene, words: str) -> None:
    left, _, _, bottom = scene.axes_box()
    vector.text(scene.fig, (left + 8, bottom - 8), words, anchor="ld", box=True)
