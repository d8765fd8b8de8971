"""Drawing of the linear classifier: shaded half-planes, the line, and the points (misclassified ringed red)."""

import math
from collections.abc import Callable

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon

from activities.engine import layout, scenes, style
from activities.engine.layout import DESK, Size

# Equal scales on screen with y from −5 to 5; x rounded down to 2 decimals (±6.74) for tidy bounds.
_HALF_WIDTH = math.floor(layout.equal_aspect_limits(0.0, 0.0, 5.0)[1] * 100) / 100
LIMITS = (-_HALF_WIDTH, _HALF_WIDTH, -5.0, 5.0)
BLUE_TINT = "#CCE3F0"  # style.BLUE mixed with white
RED_TINT = "#F7DFCC"  # style.VERMILLION mixed with white
MARKERS = {"blue": ("o", style.BLUE), "red": ("s", style.VERMILLION)}
# Misclassified points "highlight red" (the seed's words): a red halo and ring around the point. This
# red leans to crimson, so it stays apart from the vermillion of the red class; the ring (a shape, not
# only a colour) and the hollow marker inside carry the meaning for colour-blind readers.
MISCLASSIFIED = "#D1002F"
_NO_POINTS = np.empty((0, 2))


def _clip(corners: list[tuple[float, float]], w: tuple[float, float, float], sign: float) -> np.ndarray:
    """The part of a convex polygon where sign·(w1·x + w2·y + b) ≥ 0 (Sutherland–Hodgman, one edge)."""
    w1, w2, b = w
    out = []
    for i, (x0, y0) in enumerate(corners):
        x1, y1 = corners[(i + 1) % len(corners)]
        s0, s1 = sign * (w1 * x0 + w2 * y0 + b), sign * (w1 * x1 + w2 * y1 + b)
        if s0 >= 0:
            out.append((x0, y0))
        if (s0 >= 0) != (s1 >= 0):
            t = s0 / (s0 - s1)
            out.append((x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
    return np.array(out) if len(out) >= 3 else np.zeros((0, 2))


def _line_ends(w: tuple[float, float, float]) -> tuple[list[float], list[float]]:
    """Two far points of the line w1·x + w2·y + b = 0 (clipped by the axes); empty if w1 = w2 = 0."""
    w1, w2, b = w
    norm = math.hypot(w1, w2)
    if norm == 0:
        return [], []
    x0, y0 = -b * w1 / norm**2, -b * w2 / norm**2  # the point of the line nearest the origin
    dx, dy = -w2 / norm * 100, w1 / norm * 100
    return [x0 - dx, x0 + dx], [y0 - dy, y0 + dy]


def _rgb01(colour: str) -> tuple[float, float, float]:
    return tuple(v / 255 for v in style.rgb(colour))


def build_scene(scene: scenes.Scene) -> None:
    ax = scene.ax
    xmin, xmax, ymin, ymax = LIMITS
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_xticks(range(-6, 7, 2))
    ax.set_yticks(range(-4, 5, 2))
    ax.grid(True, color=style.GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_xlabel("x")
    ax.set_ylabel("y", rotation=0, labelpad=8)
    for name, tint in (("blue_side", BLUE_TINT), ("red_side", RED_TINT)):
        scene.dynamic(ax.add_patch(Polygon(_NO_POINTS, closed=True, facecolor=tint, alpha=0.75, lw=0)), name)
    # Thin axes through the origin, over the shading.
    scene.dynamic(ax.axhline(0, color=style.MUTED, lw=0.6), "x_axis")
    scene.dynamic(ax.axvline(0, color=style.MUTED, lw=0.6), "y_axis")
    (line,) = ax.plot([], [], color=style.INK, lw=2.2, solid_capstyle="butt")
    scene.dynamic(line, "line")
    for label, (marker, colour) in MARKERS.items():
        ok = ax.scatter([], [], s=46, marker=marker, c=colour, edgecolors="white", linewidths=0.8)
        scene.dynamic(ok, f"{label}_ok")
        # Misclassified: hollow marker of the class colour inside a red halo and ring.
        ring = ax.scatter(
            [],
            [],
            s=230,
            marker="o",
            facecolors=(*_rgb01(MISCLASSIFIED), 0.18),
            edgecolors=MISCLASSIFIED,
            linewidths=2.2,
        )
        scene.dynamic(ring, f"{label}_ring")
        wrong = ax.scatter([], [], s=46, marker=marker, facecolors="white", edgecolors=colour, linewidths=2)
        scene.dynamic(wrong, f"{label}_wrong")
    # The legend sits above the axes, clear of the shading: it is part of the cached background.
    handles = [
        Line2D([], [], ls="", marker="o", color=style.BLUE, mec="white", ms=7, label="blue"),
        Line2D([], [], ls="", marker="s", color=style.VERMILLION, mec="white", ms=7, label="red"),
        Line2D(
            [],
            [],
            ls="",
            marker="o",
            mfc=(*_rgb01(MISCLASSIFIED), 0.18),
            mec=MISCLASSIFIED,
            ms=11,
            mew=2.2,
            label="misclassified (red ring)",
        ),
    ]
    ax.legend(
        handles=handles,
        loc="lower left",  # standing on the axes' top edge, in the margin above them
        bbox_to_anchor=(0.0, 1.0),
        ncols=3,
        frameon=False,
        fontsize=style.FONT_SMALL,
        handletextpad=0.3,
        columnspacing=1.2,
        borderaxespad=0,
        borderpad=0.1,
    )


@scenes.backgrounds
def warm(scale: int, size: Size = DESK) -> None:
    scenes.get_scene("linear-classifier", "plane", scale, build_scene, size)


def legend_labels(scale: int = 1) -> list[str]:
    """The words of the figure's key, read from its own legend."""
    scene = scenes.get_scene("linear-classifier", "plane", scale, build_scene)
    return [text.get_text() for text in scene.ax.get_legend().get_texts()]


def show(points, weights: tuple[float, float, float], misclassified) -> Callable[[scenes.Scene], None]:
    """What a state sets on the kept scene: the two half-planes, the line and the points."""
    wrong = set(misclassified)

    def update(scene: scenes.Scene) -> None:
        xmin, xmax, ymin, ymax = LIMITS
        corners = [(xmin, ymin), (xmax, ymin), (xmax, ymax), (xmin, ymax)]
        scene["blue_side"].set_xy(_clip(corners, weights, 1.0) if any(weights) else _NO_POINTS)
        scene["red_side"].set_xy(_clip(corners, weights, -1.0) if any(weights) else _NO_POINTS)
        scene["line"].set_data(*_line_ends(weights))
        for label in MARKERS:
            ok = [(x, y) for i, (x, y, lab) in enumerate(points) if lab == label and i not in wrong]
            bad = [(x, y) for i, (x, y, lab) in enumerate(points) if lab == label and i in wrong]
            scene[f"{label}_ok"].set_offsets(np.array(ok).reshape(-1, 2))
            scene[f"{label}_ring"].set_offsets(np.array(bad).reshape(-1, 2))
            scene[f"{label}_wrong"].set_offsets(np.array(bad).reshape(-1, 2))

    return update


def render(points, weights: tuple[float, float, float], misclassified, scale: int = 1, size: Size = DESK) -> bytes:
    """PNG of the points and the line w1·x + w2·y + b = 0 (blue side where it is positive)."""
    update = show(points, weights, misclassified)
    return scenes.render_scene("linear-classifier", "plane", scale, build_scene, update, size)
