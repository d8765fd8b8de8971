"""Drawing of a distribution: density curve or mass stems (or the CDF), the mean and a ±σ band.

One scene serves every state, although the axis limits change with the parameters: matplotlib draws
only the frame (cached) and the data; tick marks, tick labels, axis labels and notes are drawn with
Pillow over the image, ~25× cheaper than matplotlib text. ``draw_axes`` and ``nice_ticks`` are shared
with the CLT plot.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.patches import Polygon, Rectangle
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import blended_transform_factory
from PIL import Image, ImageDraw

from activities.engine import encode, layout, pillow, scenes, style
from activities.engine.layout import DESK, Size
from activities.engine.notation import number
from activities.kinds.distributions.maths import Result

CURVE = style.BLUE
FILL = "#D6E8F3"  # style.BLUE mixed with white
BAND = "#FBEFCF"  # style.ORANGE mixed with white
MEAN = style.VERMILLION
_EMPTY = np.empty((0, 2))
_POINT = layout.DPI / 72  # pixels per point at scale 1


# --- Axes drawn with Pillow -----------------------------------------------------------------------


def nice_ticks(lo: float, hi: float, integer: bool = False, bins: int = 7) -> np.ndarray:
    """Round tick positions within [lo, hi] (matplotlib's MaxNLocator, without drawing anything)."""
    locator = MaxNLocator(nbins=bins, steps=[1, 2, 5, 10], integer=integer)
    ticks = locator.tick_values(lo, hi)
    span = hi - lo
    return ticks[(ticks >= lo - 1e-9 * span) & (ticks <= hi + 1e-9 * span)]


def tick_labels(ticks: np.ndarray) -> list[str]:
    """Labels with the fewest decimals (up to 6) that show every tick exactly, minus signs as "−"."""
    if not len(ticks):
        return []
    size = float(np.abs(ticks).max())
    for decimals in range(7):
        if np.allclose(np.round(ticks, decimals), ticks, rtol=0, atol=1e-9 * max(1.0, size)):
            break
    else:
        decimals = None
    if decimals is None or size >= 1e6:
        return [number(t, significant=3) for t in ticks]
    labels = [f"{t:.{decimals}f}" for t in ticks]
    return ["0" if float(label) == 0 else label.replace("-", "−") for label in labels]


def _rotated_text(image: Image.Image, centre: tuple[float, float], text: str, scale: int) -> None:
    """Text turned 90° anticlockwise (a y-axis label), centred at pixel ``centre``."""
    face = pillow.font(style.FONT_LABEL, scale)
    left, top, right, bottom = face.getbbox(text)
    strip = Image.new("L", (right - left + 2, bottom - top + 2), 0)
    ImageDraw.Draw(strip).text((1 - left, 1 - top), text, font=face, fill=255)
    strip = strip.rotate(90, expand=True)
    x, y = round(centre[0] - strip.width / 2), round(centre[1] - strip.height / 2)
    image.paste(Image.new("RGB", strip.size, style.rgb(style.INK)), (x, y), strip)


def grid_segments(xticks: np.ndarray, yticks: np.ndarray, limits: layout.Limits) -> list:
    """Grid lines at the ticks, in data coordinates."""
    xmin, xmax, ymin, ymax = limits
    return [[(x, ymin), (x, ymax)] for x in xticks] + [[(xmin, y), (xmax, y)] for y in yticks]


def draw_axes(
    image: Image.Image,
    scene: scenes.Scene,
    xticks: np.ndarray,
    yticks: np.ndarray,
    xlabel: str,
    ylabel: str,
) -> None:
    """Tick marks, tick labels and axis labels around the scene's axes, in the house style."""
    s = scene.scale
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = scene.axes_box()
    tick, pad = 3 * _POINT * s, 6.5 * _POINT * s  # matplotlib's tick length and label pad (points)
    muted, width = style.rgb(style.MUTED), max(1, round(0.8 * _POINT * s))
    xmin, xmax = scene.ax.get_xlim()
    ymin, ymax = scene.ax.get_ylim()
    for x, label in zip(xticks, tick_labels(xticks), strict=True):
        px = left + (x - xmin) / (xmax - xmin) * (right - left)
        draw.line((px, bottom, px, bottom + tick), fill=muted, width=width)
        if px + pillow.font(style.FONT_TICK, s).getlength(label) / 2 <= image.width:  # else cut off: skip
            pillow.draw_text(image, (px, bottom + pad), label, scale=s, size=style.FONT_TICK, anchor="ma")
    for y, label in zip(yticks, tick_labels(yticks), strict=True):
        py = bottom - (y - ymin) / (ymax - ymin) * (bottom - top)
        draw.line((left - tick, py, left, py), fill=muted, width=width)
        pillow.draw_text(image, (left - pad, py), label, scale=s, size=style.FONT_TICK, anchor="rm")
    pillow.draw_text(
        image, ((left + right) / 2, image.height - 4 * s), xlabel, scale=s, size=style.FONT_LABEL, anchor="md"
    )
    _rotated_text(image, (9 * s, (top + bottom) / 2), ylabel, s)


def data_pixel(scene: scenes.Scene, x: float, y: float) -> tuple[float, float]:
    """Image pixel of a data point (after the update has set the limits)."""
    return scene.to_pixels([x], [y])[0]


# --- The distribution plot ------------------------------------------------------------------------


def build_scene(scene: scenes.Scene) -> None:
    ax = scene.ax
    ax.set_xticks([])
    ax.set_yticks([])
    scene.dynamic(ax.add_collection(LineCollection([], colors=style.GRID, linewidths=0.8)), "grid")
    xband = blended_transform_factory(ax.transData, ax.transAxes)
    scene.dynamic(ax.add_patch(Rectangle((0, 0), 0, 1, transform=xband, color=BAND, lw=0)), "band")
    scene.dynamic(ax.add_patch(Polygon(_EMPTY, closed=True, color=FILL, lw=0)), "fill")
    scene.dynamic(ax.axhline(0, color=style.MUTED, lw=0.8), "baseline")
    scene.dynamic(ax.add_collection(LineCollection([], colors=CURVE, linewidths=2.2)), "stems")
    (curve,) = ax.plot([], [], color=CURVE, lw=2.2)
    scene.dynamic(curve, "curve")
    (heads,) = ax.plot([], [], ls="", marker="o", ms=5, color=CURVE)
    scene.dynamic(heads, "heads")
    (mean,) = ax.plot([], [], color=MEAN, lw=1.8, ls=(0, (5, 3)), transform=xband)
    scene.dynamic(mean, "mean")
    for name, spine in ax.spines.items():  # over the fill and band
        scene.dynamic(spine, f"spine_{name}")


def _ymax(result: Result) -> float:
    """Top of the density axis: the highest finite value, or, for a density unbounded at an end, the
    highest value away from the outer 5% of the range (so the rest of the curve stays visible)."""
    finite = np.isfinite(result.density)
    if result.unbounded:
        lo, hi = result.xlim
        inner = (result.x > lo + 0.05 * (hi - lo)) & (result.x < hi - 0.05 * (hi - lo)) & finite
        top = float(result.density[inner].max()) * 1.6 if inner.any() else 1.0
    else:
        top = float(result.density[finite].max())
    return max(top, 1e-12) * 1.25


def _short(value: float) -> str:
    return number(value, significant=3)


@scenes.backgrounds
def warm(scale: int, size: Size = DESK) -> None:
    scenes.get_scene("distributions", "axes", scale, build_scene, size)


@dataclass(frozen=True)
class Frame:
    """The axes of a state's figure: limits, ticks and labels (drawn by Pillow for PNG, matplotlib for SVG)."""

    limits: layout.Limits
    xticks: np.ndarray
    yticks: np.ndarray
    xlabel: str
    ylabel: str


def frame(result: Result, view: str) -> Frame:
    discrete = result.discrete
    xmin, xmax = result.xlim
    ymin, ymax = (-0.03, 1.1) if view == "cdf" else (0.0, _ymax(result))
    xticks = nice_ticks(xmin, xmax, integer=discrete)
    if max(len(label) for label in tick_labels(xticks)) > 5:  # long labels: fewer of them
        xticks = nice_ticks(xmin, xmax, integer=discrete, bins=5)
    yticks = nice_ticks(max(ymin, 0.0), 1.0 if view == "cdf" else ymax, bins=6)
    if view == "cdf":
        ylabel = "P(X ≤ k)" if discrete else "P(X ≤ x)"
    else:
        ylabel = "probability P(X = k)" if discrete else "density f(x)"
    return Frame((xmin, xmax, ymin, ymax), xticks, yticks, "k" if discrete else "x", ylabel)


def show(result: Result, view: str, axes: Frame) -> Callable[[scenes.Scene], None]:
    """What a state sets on the scene: limits, grid, the curve (or stems or staircase), the mean and ±1 sd."""
    discrete, x = result.discrete, result.x
    xmin, xmax, ymin, ymax = axes.limits
    mean, variance = result.mean, result.variance

    def update(scene: scenes.Scene) -> None:
        scene.ax.set_xlim(xmin, xmax)
        scene.ax.set_ylim(ymin, ymax)
        scene["grid"].set_segments(grid_segments(axes.xticks, axes.yticks, axes.limits))
        curve, heads, stems, fill = scene["curve"], scene["heads"], scene["stems"], scene["fill"]
        curve.set_drawstyle("default")
        for artist in (curve, heads):
            artist.set_data([], [])
        stems.set_segments([])
        fill.set_xy(_EMPTY)
        if view == "cdf" and discrete:  # a staircase from 0 below the support to 1 above it
            xs = np.concatenate([[xmin], x, [xmax]])
            ys = np.concatenate([[result.cdf[0] - result.density[0]], result.cdf, [result.cdf[-1]]])
            curve.set_data(xs, ys)
            curve.set_drawstyle("steps-post")
            heads.set_data(x, result.cdf)
        elif view == "cdf":
            curve.set_data(x, result.cdf)
        elif discrete:
            stems.set_segments([[(k, 0), (k, p)] for k, p in zip(x, result.density, strict=True)])
            if len(x) <= 60:  # with more values the dots would merge
                heads.set_data(x, result.density)
        else:
            y = np.minimum(result.density, ymax * 2)  # infinite ends drawn off the top
            curve.set_data(x, y)
            fill.set_xy(np.column_stack([np.r_[x[0], x, x[-1]], np.r_[0, y, 0]]))
        scene["mean"].set_data([] if mean is None else [mean, mean], [] if mean is None else [0, 1])
        band = scene["band"]
        if mean is None or not variance:
            band.set_width(0)
        else:
            sd = math.sqrt(variance)
            band.set_x(mean - sd)
            band.set_width(2 * sd)

    return update


def mean_label(result: Result, view: str, px: float, box: tuple, note_left: float, scale: int = 1):
    """The words beside the mean line at pixel x ``px``, their place and anchor, or None without a mean.

    Right of the line at the top (density) or at the bottom (CDF, which is high there); left of it at
    the top when there is no room on the right.
    """
    if result.mean is None:
        return None
    left, top, right, bottom = box
    s = scale
    text = f"mean {_short(result.mean)}" + ("\nshaded: ±1 sd" if result.variance else "")
    width = max(pillow.font(style.FONT_SMALL, s).getlength(line) for line in text.split("\n"))
    limit = right - 4 * s if view == "cdf" else min(note_left, right - 4 * s)
    if px + 5 * s + width <= limit:
        xy, anchor = ((px + 5 * s, bottom - 8 * s), "ld") if view == "cdf" else ((px + 5 * s, top + 6 * s), "la")
    else:
        xy, anchor = (px - 5 * s, top + 6 * s), "ra"
    return text, xy, anchor


def render(result: Result, view: str, title: str, note: str, scale: int = 1, size: Size = DESK) -> bytes:
    """PNG of the pdf/pmf (view "pdf") or CDF (view "cdf") of a computed distribution."""
    axes = frame(result, view)
    scene = scenes.get_scene("distributions", "axes", scale, build_scene, size)
    image = scene.image(show(result, view, axes))
    draw_axes(image, scene, axes.xticks, axes.yticks, axes.xlabel, axes.ylabel)
    left, top, right, bottom = scene.axes_box()
    s = scale
    pillow.draw_text(image, (left, top - 5 * s), title, scale=s, size=style.FONT_LABEL, anchor="ld")
    note_left = right
    if note:
        pillow.draw_text(
            image, (right - 6 * s, top + 6 * s), note, scale=s, size=style.FONT_SMALL, anchor="ra", box=True
        )
        note_left = right - 16 * s - pillow.font(style.FONT_SMALL, s).getlength(note)
    if result.mean is not None:
        px, _ = data_pixel(scene, result.mean, axes.limits[3])
        text, xy, anchor = mean_label(result, view, px, (left, top, right, bottom), note_left, s)
        pillow.draw_text(image, xy, text, scale=s, size=style.FONT_SMALL, anchor=anchor)
    return encode.to_png(image)
