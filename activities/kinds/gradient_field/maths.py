"""Scalar fields f(x, y) on the plane, their gradients, and a particle riding the gradient flow.

The particle solves dx/dt = ±∇f(x) with classical fourth-order Runge–Kutta at a fixed step ``dt``
per field, and stops when the gradient stalls (|∇f| < STALL_TOL), when it leaves the field's window
(the last point is placed on the window's edge), or after MAX_STEPS steps: at most 501 points.
"""

from dataclasses import dataclass

import numpy as np

from activities.engine.script import exported
from activities.kinds.gradient_field.named_surface import Surface, surface_table
from activities.kinds.gradient_field.surfaces import (
    HIMMELBLAU_TEXT,
    HIMMELBLAU_WINDOW,
    SMALL,
    bowl,
    bowl_grad,
    hill,
    hill_grad,
    himmelblau,
    himmelblau_grad,
    ripple,
    ripple_grad,
    saddle,
    saddle_grad,
)

MAX_STEPS = 500  # the bound on every path: 500 RK4 steps, 2000 gradient evaluations
STALL_TOL = 1e-3  # |∇f| below this: the particle has (numerically) reached a critical point

Array = np.ndarray


@dataclass(frozen=True)
class Field(Surface):
    """A named field (f, its gradient, plain-text formula, window) and its RK4 step."""

    # Fixed time step: small enough that RK4 is stable and the path smooth where |∇f| is largest in the
    # window (himmelblau's gradient reaches ~400 at the corners, hence its much smaller step).
    dt: float


FIELDS: dict[str, Field] = surface_table(
    Field("bowl", "Bowl", "f(x, y) = x² + y²", bowl, bowl_grad, SMALL, 0.01),
    Field("saddle", "Saddle", "f(x, y) = x² − y²", saddle, saddle_grad, SMALL, 0.01),
    Field("hill", "Hill", "f(x, y) = exp(−(x² + y²))", hill, hill_grad, SMALL, 0.02),
    Field("ripple", "Ripple", "f(x, y) = sin x · cos y", ripple, ripple_grad, (-4.3, 4.3, -3.2, 3.2), 0.02),
    Field("himmelblau", "Himmelblau", HIMMELBLAU_TEXT, himmelblau, himmelblau_grad, HIMMELBLAU_WINDOW, 0.002),
)


@dataclass(frozen=True)
class Path:
    """A particle's path: points (n × 2 array, n ≤ MAX_STEPS + 1), steps taken and why it stopped."""

    points: Array
    steps: int
    reason: str  # "stalled", "left the window" or "step limit"
    direction: str  # "ascent" or "descent"


@exported
def inside(window: tuple[float, float, float, float], x: float, y: float) -> bool:
    xmin, xmax, ymin, ymax = window
    return xmin <= x <= xmax and ymin <= y <= ymax


@exported
def to_edge(window: tuple[float, float, float, float], p: Array, q: Array) -> Array:
    """The point where segment p → q (p inside, q outside) crosses the window's edge."""
    xmin, xmax, ymin, ymax = window
    t = 1.0
    for lo, hi, a, b in ((xmin, xmax, p[0], q[0]), (ymin, ymax, p[1], q[1])):
        if b > hi:
            t = min(t, (hi - a) / (b - a))
        elif b < lo:
            t = min(t, (lo - a) / (b - a))
    return p + t * (q - p)


@exported
def rk4_path(grad, window: tuple[float, float, float, float], dt: float, sign: float, x0: float, y0: float):
    """Classical RK4 path of dx/dt = sign·∇f from (x0, y0), as (n × 2 points, why it stopped): "stalled"
    (|∇f| < STALL_TOL), "left the window" (the last point on its edge) or "step limit" (MAX_STEPS)."""

    def velocity(p: Array) -> Array:
        gx, gy = grad(p[0], p[1])
        return sign * np.array([gx, gy])

    points = [np.array([x0, y0], dtype=float)]
    reason = "step limit"
    for _ in range(MAX_STEPS):
        p = points[-1]
        k1 = velocity(p)
        if np.hypot(k1[0], k1[1]) < STALL_TOL:
            reason = "stalled"
            break
        k2 = velocity(p + dt / 2 * k1)
        k3 = velocity(p + dt / 2 * k2)
        k4 = velocity(p + dt * k3)
        q = p + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        if not inside(window, q[0], q[1]):
            points.append(to_edge(window, p, q))
            reason = "left the window"
            break
        points.append(q)
    return np.array(points), reason


def flow(field: Field, x0: float, y0: float, direction: str = "ascent") -> Path:
    """RK4 path of dx/dt = ±∇f from (x0, y0): + for ascent, − for descent (see module docstring)."""
    sign = 1.0 if direction == "ascent" else -1.0
    points, reason = rk4_path(field.grad, field.window, field.dt, sign, x0, y0)
    return Path(points, len(points) - 1, reason, direction)
