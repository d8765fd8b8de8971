"""Gradient descent and its accelerated cousins on two-variable loss surfaces.

Each optimiser runs for at most ``steps`` (≤ MAX_STEPS) iterations and stops early when
  * converged: the gradient norm at the current point is below GRAD_TOL, or
  * diverged: a coordinate exceeds DIVERGE_BOUND in size or the loss is not finite.
Below DIVERGE_BOUND the largest gradient of these losses is ~4·10²⁰ (rosenbrock), so one more
step can never overflow: every number returned is finite.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from activities.maths.surfaces import (
    HIMMELBLAU_TEXT,
    HIMMELBLAU_WINDOW,
    SMALL,
    bowl,
    bowl_grad,
    himmelblau,
    himmelblau_grad,
    saddle,
    saddle_grad,
)

MAX_STEPS = 500
GRAD_TOL = 1e-3  # converged when |∇f| < this: far below what the figure can show
DIVERGE_BOUND = 1e6  # diverged when |x| or |y| exceeds this

OPTIMIZERS = ("gd", "momentum", "nesterov", "adam")


@dataclass(frozen=True)
class Loss:
    """A loss surface: f, gradient, plain-text formula, window, minima and a sensible learning rate."""

    slug: str
    label: str
    text: str
    f: Callable[[float, float], float]
    grad: Callable[[float, float], tuple[float, float]]
    window: tuple[float, float, float, float]  # x half-width = 1.35 × y half-height: equal aspect
    minima: tuple[tuple[float, float], ...]
    saddle: bool = False  # no minimum: the marked point is a saddle point

    def __reduce__(self) -> tuple:
        # Pickled by name (its functions are lambdas), so a run can be kept in the plots cache.
        return _loss, (self.slug,)


def _loss(slug: str) -> "Loss":
    return LOSSES[slug]


LOSSES: dict[str, Loss] = {
    loss.slug: loss
    for loss in (
        Loss("bowl", "Bowl", "f(x, y) = x² + y²", bowl, bowl_grad, SMALL, ((0, 0),)),
        Loss(
            "elongated",
            "Elongated bowl",
            "f(x, y) = x² + 10y²",
            lambda x, y: x**2 + 10 * y**2,
            lambda x, y: (2 * x, 20 * y),
            SMALL,
            ((0, 0),),
        ),
        Loss(
            "rosenbrock",
            "Rosenbrock",
            "f(x, y) = (1 − x)² + 100(y − x²)²",
            lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
            lambda x, y: (-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)),
            (-2.7, 2.7, -1.0, 3.0),
            ((1, 1),),
        ),
        Loss(
            "himmelblau",
            "Himmelblau",
            HIMMELBLAU_TEXT,
            himmelblau,
            himmelblau_grad,
            HIMMELBLAU_WINDOW,
            ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848127)),
        ),
        Loss(
            "saddle",
            "Saddle",
            "f(x, y) = x² − y²",
            saddle,
            saddle_grad,
            SMALL,
            ((0, 0),),
            saddle=True,
        ),
    )
}


@dataclass(frozen=True)
class Run:
    """An optimiser's trajectory: points (k + 1 of them), losses, and how it ended."""

    path: np.ndarray  # (steps_taken + 1) × 2
    losses: np.ndarray
    steps_taken: int
    converged: bool
    diverged: bool
    grad_norm: float  # at the last point


def run(
    loss: Loss,
    x0: float,
    y0: float,
    lr: float,
    steps: int,
    optimizer: str = "gd",
    momentum: float = 0.9,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> Run:
    """Iterate ``optimizer`` from (x0, y0) for at most ``steps`` steps (see module docstring)."""
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {optimizer!r}")
    steps = max(0, min(int(steps), MAX_STEPS))
    x, y = float(x0), float(y0)
    points = [(x, y)]
    losses = [loss.f(x, y)]
    vx = vy = 0.0  # velocity (momentum, nesterov) or first moment (adam)
    sx = sy = 0.0  # adam's second moment
    converged = diverged = False
    gx, gy = loss.grad(x, y)
    for k in range(1, steps + 1):
        if math.hypot(gx, gy) < GRAD_TOL:
            converged = True
            break
        if optimizer == "gd":
            x, y = x - lr * gx, y - lr * gy
        elif optimizer == "momentum":
            # Heavy ball: v ← βv − η∇f(x), x ← x + v.
            vx, vy = momentum * vx - lr * gx, momentum * vy - lr * gy
            x, y = x + vx, y + vy
        elif optimizer == "nesterov":
            # Nesterov: the gradient is taken at the look-ahead point x + βv.
            lx, ly = loss.grad(x + momentum * vx, y + momentum * vy)
            vx, vy = momentum * vx - lr * lx, momentum * vy - lr * ly
            x, y = x + vx, y + vy
        else:
            # Adam (Kingma & Ba 2015) with bias-corrected moments.
            vx, vy = beta1 * vx + (1 - beta1) * gx, beta1 * vy + (1 - beta1) * gy
            sx, sy = beta2 * sx + (1 - beta2) * gx * gx, beta2 * sy + (1 - beta2) * gy * gy
            c1, c2 = 1 - beta1**k, 1 - beta2**k
            x = x - lr * (vx / c1) / (math.sqrt(sx / c2) + eps)
            y = y - lr * (vy / c1) / (math.sqrt(sy / c2) + eps)
        value = loss.f(x, y)
        points.append((x, y))
        losses.append(value)
        if not (math.isfinite(value) and abs(x) <= DIVERGE_BOUND and abs(y) <= DIVERGE_BOUND):
            diverged = True
            break
        gx, gy = loss.grad(x, y)
    else:
        converged = math.hypot(gx, gy) < GRAD_TOL
    grad_norm = math.hypot(gx, gy) if not diverged else math.inf
    return Run(np.array(points), np.array(losses), len(points) - 1, converged, diverged, grad_norm)
