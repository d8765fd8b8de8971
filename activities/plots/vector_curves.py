"""The distribution and CLT figures with every part a matplotlib artist, for SVG (see ``plots.vector``).

The data are set as ``plots.distributions.render`` and ``plots.clt.render`` set them on their scenes
(same limits, ticks, colours, texts and places); the axes, drawn there with Pillow, are matplotlib's
own ticks and labels here.
"""

import math

import numpy as np
from matplotlib.figure import Figure

from activities.engine import pillow, scenes, style, vector
from activities.kinds.clt import plot as clt
from activities.kinds.clt.maths import Result as CltResult
from activities.kinds.distributions import plot as distributions
from activities.kinds.distributions.maths import Result
from activities.kinds.distributions.plot import grid_segments, nice_ticks, tick_labels

_EMPTY = np.empty((0, 2))


def _axes(scene: scenes.Scene, limits, xticks, yticks, xlabel: str, ylabel: str) -> None:
    """Matplotlib ticks and labels where ``distributions.draw_axes`` draws them with Pillow."""
    ax = scene.ax
    ax.set_xticks(xticks, labels=tick_labels(xticks))
    ax.set_yticks(yticks, labels=tick_labels(yticks))
    ax.set_xlim(*limits[:2])  # after the ticks: setting ticks may widen the limits
    ax.set_ylim(*limits[2:])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    scene["grid"].set_segments(grid_segments(xticks, yticks, limits))


def _title(scene: scenes.Scene, title: str) -> None:
    left, top, _, _ = scene.axes_box()
    vector.text(scene.fig, (left, top - 5), title, size=style.FONT_LABEL, anchor="ld")


def distribution(result: Result, view: str, title: str, note: str) -> Figure:
    """The pdf/pmf or CDF figure of ``plots.distributions.render``, as matplotlib artists only."""
    axes = distributions.frame(result, view)
    scene = vector.fresh_scene(distributions._build)
    distributions.show(result, view, axes)(scene)
    _axes(scene, axes.limits, axes.xticks, axes.yticks, axes.xlabel, axes.ylabel)
    _title(scene, title)
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


def histogram(result: CltResult, title: str) -> Figure:
    """The CLT figure of ``plots.clt.render``: the means' histogram under N(μ, σ²/n), as matplotlib artists."""
    edges = result.edges
    pad = 0.03 * (edges[-1] - edges[0])
    xmin, xmax = float(edges[0] - pad), float(edges[-1] + pad)
    ymax = clt.y_top(result)
    mu, sd = result.theory_mean, math.sqrt(result.theory_var)
    xs = np.linspace(xmin, xmax, clt.CURVE_POINTS)
    heights = result.counts / (result.total * np.diff(edges)) if result.total else np.zeros(len(edges) - 1)

    scene = vector.fresh_scene(clt._build)
    _axes(scene, (xmin, xmax, 0, ymax), nice_ticks(xmin, xmax), nice_ticks(0, ymax, bins=5), "sample mean", "density")
    scene["bars"].set_verts(
        [[(a, 0), (a, h), (b, h), (b, 0)] for a, b, h in zip(edges[:-1], edges[1:], heights, strict=True) if h > 0]
    )
    scene["curve"].set_data(xs, np.exp(-0.5 * ((xs - mu) / sd) ** 2) / (sd * math.sqrt(2 * math.pi)))

    _title(scene, title)
    left, top, right, _ = scene.axes_box()
    fmt = clt._fmt
    if result.total:
        lines = [f"Total sample means: {result.total:,}", f"mean {fmt(result.mean_of_means)}  (theory {fmt(mu)})"]
        if result.var_of_means is not None:
            lines.append(f"variance {fmt(result.var_of_means)}  (theory {fmt(result.theory_var)})")
        if result.below or result.above:
            lines.append(f"outside the bins: {result.below:,} below, {result.above:,} above")
    else:
        lines = ["Total sample means: 0", "Add some to see the histogram"]
    vector.text(scene.fig, (left + 8, top + 8), "\n".join(lines), size=style.FONT_SMALL, box=True)
    label = f"N({fmt(mu)}, {fmt(result.theory_var)})"
    x_text = right - 8 - pillow.font(style.FONT_SMALL).getlength(label)
    y_mid = top + 14
    vector.text(scene.fig, (x_text, y_mid), label, size=style.FONT_SMALL, anchor="lm", colour=clt.CURVE)
    vector.line(scene.fig, [(x_text - 26, y_mid), (x_text - 6, y_mid)], clt.CURVE, 3)
    return vector.still(scene)
