"""Shared drawing for the surfaces of the field and descent activities: the contour background."""

from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes

from activities.plots.layout import Limits

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
