"""Drawing of the CLT activity: the histogram of the sample means under the normal curve N(μ, σ²/n).

The histogram is density-scaled, so it settles onto the curve as the means accumulate. The y axis is
fixed per (source, n) and only doubles (a few times at most) while a small number of means pokes out
of it. Axes and text are drawn with Pillow (see ``plots.distributions.draw_axes``).
"""

import math

import numpy as np
from matplotlib.collections import LineCollection, PolyCollection
from PIL import ImageDraw

from activities.engine import encode, pillow, scenes, style
from activities.engine.layout import DESK, Size
from activities.engine.notation import number
from activities.kinds.clt.maths import Result
from activities.kinds.distributions.plot import draw_axes, grid_segments, nice_ticks

BARS = "#9BCDEE"  # style.SKY_BLUE, lighter
CURVE = style.VERMILLION
CURVE_POINTS = 241
MAX_DOUBLINGS = 2  # the y axis grows at most 4-fold (the curve stays readable); taller bars are cut


def build_scene(scene: scenes.Scene) -> None:
    ax = scene.ax
    ax.set_xticks([])
    ax.set_yticks([])
    scene.dynamic(ax.add_collection(LineCollection([], colors=style.GRID, linewidths=0.8)), "grid")
    bars = PolyCollection([], facecolors=BARS, edgecolors="white", linewidths=0.6)
    scene.dynamic(ax.add_collection(bars), "bars")
    (curve,) = ax.plot([], [], color=CURVE, lw=2.4)
    scene.dynamic(curve, "curve")
    for name, spine in ax.spines.items():
        scene.dynamic(spine, f"spine_{name}")


def y_top(result: Result) -> float:
    """Top of the y axis: 1.35 × the curve's peak, doubled while the tallest bar does not fit."""
    peak = 1 / math.sqrt(2 * math.pi * result.theory_var)
    top = 1.35 * peak
    if result.total:
        widths = np.diff(result.edges)
        tallest = float((result.counts / (result.total * widths)).max()) * 1.1
        if tallest > top:
            top *= 2 ** min(MAX_DOUBLINGS, math.ceil(math.log2(tallest / top)))
    return top


def fmt(value: float) -> str:
    return number(value, significant=4)


@scenes.backgrounds
def warm(scale: int, size: Size = DESK) -> None:
    scenes.get_scene("clt", "axes", scale, build_scene, size)


def render(result: Result, title: str, scale: int = 1, size: Size = DESK) -> bytes:
    """PNG of the histogram of the means and the normal curve N(μ, σ²/n)."""
    edges = result.edges
    pad = 0.03 * (edges[-1] - edges[0])
    xmin, xmax = float(edges[0] - pad), float(edges[-1] + pad)
    ymax = y_top(result)
    xticks = nice_ticks(xmin, xmax)
    yticks = nice_ticks(0, ymax, bins=5)
    mu, sd = result.theory_mean, math.sqrt(result.theory_var)
    xs = np.linspace(xmin, xmax, CURVE_POINTS)
    curve = np.exp(-0.5 * ((xs - mu) / sd) ** 2) / (sd * math.sqrt(2 * math.pi))
    heights = result.counts / (result.total * np.diff(edges)) if result.total else np.zeros(len(edges) - 1)

    def update(scene: scenes.Scene) -> None:
        scene.ax.set_xlim(xmin, xmax)
        scene.ax.set_ylim(0, ymax)
        scene["grid"].set_segments(grid_segments(xticks, yticks, (xmin, xmax, 0, ymax)))
        scene["bars"].set_verts(
            [[(a, 0), (a, h), (b, h), (b, 0)] for a, b, h in zip(edges[:-1], edges[1:], heights, strict=True) if h > 0]
        )
        scene["curve"].set_data(xs, curve)

    scene = scenes.get_scene("clt", "axes", scale, build_scene, size)
    image = scene.image(update)
    draw_axes(image, scene, xticks, yticks, "sample mean", "density")
    s = scale
    left, top, right, _ = scene.axes_box()
    pillow.draw_text(image, (left, top - 5 * s), title, scale=s, size=style.FONT_LABEL, anchor="ld")
    if result.total:
        lines = [f"Total sample means: {result.total:,}", f"mean {fmt(result.mean_of_means)}  (theory {fmt(mu)})"]
        if result.var_of_means is not None:
            lines.append(f"variance {fmt(result.var_of_means)}  (theory {fmt(result.theory_var)})")
        if result.below or result.above:  # so that the counts add up
            lines.append(f"outside the bins: {result.below:,} below, {result.above:,} above")
    else:
        lines = ["Total sample means: 0", "Add some to see the histogram"]
    pillow.draw_text(image, (left + 8 * s, top + 8 * s), "\n".join(lines), scale=s, size=style.FONT_SMALL, box=True)
    # Legend, top right: the curve's sample and its name.
    label = f"N({fmt(mu)}, {fmt(result.theory_var)})"
    face = pillow.font(style.FONT_SMALL, s)
    x_text = right - 8 * s - face.getlength(label)
    y_mid = top + 14 * s
    pillow.draw_text(image, (x_text, y_mid), label, scale=s, size=style.FONT_SMALL, anchor="lm", colour=CURVE)
    ImageDraw.Draw(image).line(
        (x_text - 26 * s, y_mid, x_text - 6 * s, y_mid), fill=style.rgb(CURVE), width=max(1, round(3 * s))
    )
    return encode.to_png(image)
