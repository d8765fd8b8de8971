"""Shared drawing for the surfaces of the field and descent activities: contours, titles, the path's artists."""

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from activities.engine import layout, scenes, style
from activities.engine.layout import DESK, Limits, Size

CONTOUR_GRID = 160  # samples per axis for a contour background: drawn once per surface, then cached


def contour_background(
    ax: Axes, f: Callable, window: Limits, *, geometric_from: float | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Filled contours of f over window with white level lines, and x/y labels: a surface's static layer.

    ``geometric_from`` spaces the levels geometrically from that value (plus 0) for surfaces whose
    values span decades around narrow valleys (Rosenbrock, Himmelblau); otherwise 15 even levels.
    Returns the grid (gx, gy, z) for callers that draw more from it.
    """
    xmin, xmax, ymin, ymax = window
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_xlabel("x")
    ax.set_ylabel("y", rotation=0, labelpad=8)
    gx, gy = np.meshgrid(np.linspace(xmin, xmax, CONTOUR_GRID), np.linspace(ymin, ymax, CONTOUR_GRID))
    z = f(gx, gy)
    if geometric_from is not None:
        levels = np.concatenate(([0.0], np.geomspace(geometric_from, float(z.max()), 14)))
    else:
        levels = np.linspace(float(z.min()), float(z.max()), 15)
    ax.contourf(gx, gy, z, levels=levels, cmap="viridis", alpha=0.5, zorder=0)
    ax.contour(
        gx, gy, z, levels=levels, colors="white", linewidths=0.6, alpha=0.9, negative_linestyles="solid", zorder=1
    )
    return gx, gy, z


def titles(scene: scenes.Scene, title: str, note: str) -> None:
    """The surface's formula above the axes on the left, and a short key on the right."""
    top = layout.AXES_RECT[1] + layout.AXES_RECT[3] + 0.012
    scene.fig.text(layout.AXES_RECT[0], top, title, fontsize=style.FONT_LABEL, color=style.INK, va="bottom")
    right = layout.AXES_RECT[0] + layout.AXES_RECT[2]
    scene.fig.text(right, top, note, fontsize=style.FONT_SMALL, color=style.MUTED, va="bottom", ha="right")


def path_artists(scene: scenes.Scene, zorder: float) -> None:
    """The dynamic artists of a path: the whole path, faint (where it is going), and its start."""
    ax = scene.ax
    scene.dynamic(ax.plot([], [], color=style.BLACK, linewidth=1.2, alpha=0.35, zorder=zorder)[0], "ghost")
    start = ax.plot([], [], "o", markersize=8, markerfacecolor="white", markeredgecolor=style.BLACK, zorder=zorder + 1)
    scene.dynamic(start[0], "start")


def scenes_for(kind: str, surfaces: Mapping[str, Any], build: Callable[[scenes.Scene, Any], None]):
    """The cached scene of each surface (keyed by its slug) at a scale and size, every one warmed before forking."""

    def scene(item: Any, scale: int, size: Size = DESK) -> scenes.Scene:
        return scenes.get_scene(kind, item.slug, scale, lambda fresh: build(fresh, item), size)

    @scenes.backgrounds
    def warm(scale: int, size: Size = DESK) -> None:
        for item in surfaces.values():
            scene(item, scale, size)

    return scene
