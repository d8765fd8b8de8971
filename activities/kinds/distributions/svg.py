"""The distribution figure with every part a matplotlib artist, for SVG (see ``engine.vector``).

The data are set as ``plot.render`` sets them on its scene (same limits, ticks, colours, texts and
places); the axes, drawn there with Pillow, are matplotlib's own ticks and labels here. The CLT's
SVG uses its axes and title too.
"""

from matplotlib.figure import Figure

from activities.engine import pillow, scenes, style, vector
from activities.kinds.distributions import plot as distributions
from activities.kinds.distributions.maths import Result
from activities.kinds.distributions.plot import grid_segments, tick_labels


def set_axes(scene: scenes.Scene, limits, xticks, yticks, xlabel: str, ylabel: str) -> None:
    """Matplotlib ticks and labels where ``distributions.draw_axes`` draws them with Pillow."""
    ax = scene.ax
    ax.set_xticks(xticks, labels=tick_labels(xticks))
    ax.set_yticks(yticks, labels=tick_labels(yticks))
    ax.set_xlim(*limits[:2])  # after the ticks: setting ticks may widen the limits
    ax.set_ylim(*limits[2:])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    scene["grid"].set_segments(grid_segments(xticks, yticks, limits))


def set_title(scene: scenes.Scene, words: str) -> None:
    left, top, _, _ = scene.axes_box()
    vector.text(scene.fig, (left, top - 5), words, size=style.FONT_LABEL, anchor="ld")


def distribution(result: Result, view: str, heading: str, note: str) -> Figure:
    """The pdf/pmf or CDF figure of ``plots.distributions.render``, as matplotlib artists only."""
    axes = distributions.frame(result, view)
    scene = vector.fresh_scene(distributions.build_scene)
    distributions.show(result, view, axes)(scene)
    set_axes(scene, axes.limits, axes.xticks, axes.yticks, axes.xlabel, axes.ylabel)
    set_title(scene, heading)
    left, top, right, bottom = scene.axes_box()
    note_left = right
    if note:
        vector.text(scene.fig, (right - 6, top + 6), note, size=style.FONT_SMALL, anchor="ra", box=True)
        note_left = right - 16 - pillow.font(style.FONT_SMALL).getlength(note)
    if result.mean is not None:
        xmin, xmax = axes.limits[:2]
        px = left + (result.mean - xmin) / (xmax - xmin) * (right - left)
        words, xy, anchor = distributions.mean_label(result, view, px, (left, top, right, bottom), note_left)
        vector.text(scene.fig, xy, words, size=style.FONT_SMALL, anchor=anchor)
    return vector.still(scene)
