"""The CLT figure with every part a matplotlib artist, for SVG (see ``engine.vector``).

Set as ``plot.render`` sets its scene; the axes and title as the distributions' SVG draws them.
"""

import math

import numpy as np
from matplotlib.figure import Figure

from activities.engine import pillow, style, vector
from activities.kinds.clt import plot as clt
from activities.kinds.clt.maths import Result as CltResult
from activities.kinds.distributions.plot import nice_ticks
from activities.kinds.distributions.svg import set_axes, set_title


def histogram(result: CltResult, heading: str) -> Figure:
    """The CLT figure of ``plots.clt.render``: the means' histogram under N(μ, σ²/n), as matplotlib artists."""
    edges = result.edges
    pad = 0.03 * (edges[-1] - edges[0])
    xmin, xmax = float(edges[0] - pad), float(edges[-1] + pad)
    ymax = clt.y_top(result)
    mu, sd = result.theory_mean, math.sqrt(result.theory_var)
    xs = np.linspace(xmin, xmax, clt.CURVE_POINTS)
    heights = result.counts / (result.total * np.diff(edges)) if result.total else np.zeros(len(edges) - 1)

    scene = vector.fresh_scene(clt.build_scene)
    set_axes(
        scene, (xmin, xmax, 0, ymax), nice_ticks(xmin, xmax), nice_ticks(0, ymax, bins=5), "sample mean", "density"
    )
    scene["bars"].set_verts(
        [[(a, 0), (a, h), (b, h), (b, 0)] for a, b, h in zip(edges[:-1], edges[1:], heights, strict=True) if h > 0]
    )
    scene["curve"].set_data(xs, np.exp(-0.5 * ((xs - mu) / sd) ** 2) / (sd * math.sqrt(2 * math.pi)))

    set_title(scene, heading)
    left, top, right, _ = scene.axes_box()
    fmt = clt.fmt
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
