"""Gradient descent and its accelerated cousins on two-variable loss surfaces.

Each optimiser runs for at most ``steps`` (≤ MAX_STEPS) iterations and stops early when
  * converged: the gradient norm at the current point is below GRAD_TOL, or
  * diverged: a coordinate exceeds DIVERGE_BOUND in size or the loss is not finite.
Below DIVERGE_BOUND the largest gradient of these losses is ~4·10²⁰ (rosenbrock), so one more
step can never overflow: every number returned is finite.

A run that stopped for neither reason is "diverging" when its loss is running away (see
``_diverging``), and otherwise "not yet converged".
"""

import functools
import math
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
    himmelblau,
    himmelblau_grad,
    saddle,
    saddle_grad,
)

MAX_STEPS = 500
GRAD_TOL = 1e-3  # converged when |∇f| < this: far below what the figure can show
DIVERGE_BOUND = 1e6  # diverged when |x| or |y| exceeds this

OPTIMIZERS = ("gd", "momentum", "nesterov", "adam")

# "Diverging", the first test: the loss in the last GROWTH_WINDOW steps exceeds LOSS_BOUND times the
# largest loss in the surface's window (the top of the figure's colour scale). On the quadratic
# surfaces that puts the point at least √10⁴ = 100 times farther out than any point of the picture.
# Adam, whose steps are bounded, can wander out that way and come back: over 24,000 random runs its
# widest such excursion within MAX_STEPS steps reached ~600 times. With both tests, none of those
# runs was called diverging and then stayed bounded for 4,000 steps, and every run that crossed
# DIVERGE_BOUND after 20 steps or more with its loss risen was called diverging first
# (bench/descent_status.py).
LOSS_BOUND = 1e4
# The second test: the loss has left the picture (it exceeds the window's largest loss) and the
# largest loss so far at least doubled over each of the last two windows of GROWTH_WINDOW steps,
# i.e. grew by ≥ 2^(1/10) ≈ 7 % a step, sustained over 20 steps. An unstable gradient step grows the
# loss geometrically (on the bowl by (1 − 2η)² a step, so η ≥ 1.018 is caught from 20 steps on, once
# the loss is out of the picture, and slower runaways by the bound). A first overshoot of momentum
# lasts one window, not two, and the bursts of a step slightly too large for Rosenbrock's narrow
# valley stay inside the picture.
GROWTH_WINDOW = 10
GROWTH_FACTOR = 2.0
STATUSES = ("converged", "diverged", "diverging", "not yet converged")


@exported
def elongated(x, y):
    return x**2 + 10 * y**2


@exported
def elongated_grad(x, y):
    return 2 * x, 20 * y


@exported
def rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


@exported
def rosenbrock_grad(x, y):
    return -2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)


@dataclass(frozen=True)
class Loss(Surface):
    """A loss surface (f, gradient, plain-text formula, window) and its minima."""

    minima: tuple[tuple[float, float], ...]
    saddle: bool = False  # no minimum: the marked point is a saddle point


LOSSES: dict[str, Loss] = surface_table(
    Loss("bowl", "Bowl", "f(x, y) = x² + y²", bowl, bowl_grad, SMALL, ((0, 0),)),
    Loss(
        "elongated",
        "Elongated bowl",
        "f(x, y) = x² + 10y²",
        elongated,
        elongated_grad,
        SMALL,
        ((0, 0),),
    ),
    Loss(
        "rosenbrock",
        "Rosenbrock",
        "f(x, y) = (1 − x)² + 100(y − x²)²",
        rosenbrock,
        rosenbrock_grad,
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


@dataclass(frozen=True)
class Run:
    """An optimiser's trajectory: points (k + 1 of them), losses, and how it ended."""

    path: np.ndarray  # (steps_taken + 1) × 2
    losses: np.ndarray
    steps_taken: int
    converged: bool
    diverged: bool
    grad_norm: float  # at the last point
    diverging: bool = False  # neither converged nor diverged, but the loss is running away

    @property
    def status(self) -> str:
        """How the run stands after its last step: one of STATUSES, in words a page can show."""
        if self.diverged:
            return "diverged"
        if self.converged:
            return "converged"
        return "diverging" if self.diverging else "not yet converged"


@exported
def peak_loss(f, window: tuple[float, float, float, float]) -> float:
    """The largest loss in the window, on a 201 × 201 grid that holds its corners and axes."""
    xmin, xmax, ymin, ymax = window
    x, y = np.meshgrid(np.linspace(xmin, xmax, 201), np.linspace(ymin, ymax, 201))
    return float(np.max(f(x, y)))


@functools.cache
def window_peak(slug: str) -> float:
    """The largest loss in the surface's window (``peak_loss``), once per surface."""
    loss = LOSSES[slug]
    return peak_loss(loss.f, loss.window)


@exported
def runaway(losses: np.ndarray, peak: float, growth: bool) -> bool:
    """Whether the loss is running away: past the bound, or (with ``growth``) growing geometrically."""
    recent = losses[-GROWTH_WINDOW:].max()
    if recent > LOSS_BOUND * peak:
        return True
    n = len(losses) - 1
    if not growth or n < 2 * GROWTH_WINDOW or recent <= peak:
        return False
    record = np.maximum.accumulate(losses)
    first, middle, last = record[n - 2 * GROWTH_WINDOW], record[n - GROWTH_WINDOW], record[n]
    return bool(first > 0 and middle >= GROWTH_FACTOR * first and last >= GROWTH_FACTOR * middle)


def _diverging(loss: Loss, losses: np.ndarray, optimizer: str) -> bool:
    """Whether the loss is running away: past the bound, or growing geometrically (see the constants)."""
    # Adam moves each coordinate by about η a step whatever the gradient, so its loss cannot grow
    # geometrically; it may wander off and come back, which the growth test would mistake for a
    # runaway. Only the bound applies to it.
    return runaway(losses, window_peak(loss.slug), growth=optimizer != "adam")


# One step of each optimiser: from (x, y) with gradient (gx, gy) at step k (from 1), the memory
# (vx, vy, sx, sy): the velocity or first moment, and the second moment; the new point and memory.
@exported
def gd_step(grad, k, x, y, gx, gy, memory, lr, settings):
    """Plain gradient descent: x ← x − η∇f(x)."""
    return x - lr * gx, y - lr * gy, memory


@exported
def momentum_step(grad, k, x, y, gx, gy, memory, lr, settings):
    """Heavy ball: v ← βv − η∇f(x), x ← x + v."""
    beta, (vx, vy, sx, sy) = settings["momentum"], memory
    vx, vy = beta * vx - lr * gx, beta * vy - lr * gy
    return x + vx, y + vy, (vx, vy, sx, sy)


@exported
def nesterov_step(grad, k, x, y, gx, gy, memory, lr, settings):
    """Nesterov: the gradient is taken at the look-ahead point x + βv."""
    beta, (vx, vy, sx, sy) = settings["momentum"], memory
    lx, ly = grad(x + beta * vx, y + beta * vy)
    vx, vy = beta * vx - lr * lx, beta * vy - lr * ly
    return x + vx, y + vy, (vx, vy, sx, sy)


@exported
def adam_step(grad, k, x, y, gx, gy, memory, lr, settings):
    """Adam (Kingma & Ba 2015) with bias-corrected moments."""
    beta1, beta2, eps = settings["beta1"], settings["beta2"], settings["eps"]
    vx, vy, sx, sy = memory
    vx, vy = beta1 * vx + (1 - beta1) * gx, beta1 * vy + (1 - beta1) * gy
    sx, sy = beta2 * sx + (1 - beta2) * gx * gx, beta2 * sy + (1 - beta2) * gy * gy
    c1, c2 = 1 - beta1**k, 1 - beta2**k
    x = x - lr * (vx / c1) / (math.sqrt(sx / c2) + eps)
    y = y - lr * (vy / c1) / (math.sqrt(sy / c2) + eps)
    return x, y, (vx, vy, sx, sy)


STEPS = {"gd": gd_step, "momentum": momentum_step, "nesterov": nesterov_step, "adam": adam_step}


@exported
def descend(f, grad, step, x0: float, y0: float, lr: float, steps: int, settings: dict):
    """Apply ``step`` from (x0, y0) at most ``steps`` (≤ MAX_STEPS) times, stopping once converged
    (|∇f| < GRAD_TOL) or diverged (a coordinate beyond DIVERGE_BOUND or a loss not finite).

    Returns (points, losses, converged, diverged, |∇f| at the last point).
    """
    steps = max(0, min(int(steps), MAX_STEPS))
    x, y = float(x0), float(y0)
    points = [(x, y)]
    losses = [f(x, y)]
    memory = (0.0, 0.0, 0.0, 0.0)
    converged = diverged = False
    gx, gy = grad(x, y)
    for k in range(1, steps + 1):
        if math.hypot(gx, gy) < GRAD_TOL:
            converged = True
            break
        x, y, memory = step(grad, k, x, y, gx, gy, memory, lr, settings)
        value = f(x, y)
        points.append((x, y))
        losses.append(value)
        if not (math.isfinite(value) and abs(x) <= DIVERGE_BOUND and abs(y) <= DIVERGE_BOUND):
            diverged = True
            break
        gx, gy = grad(x, y)
    else:
        converged = math.hypot(gx, gy) < GRAD_TOL
    grad_norm = math.hypot(gx, gy) if not diverged else math.inf
    return points, losses, converged, diverged, grad_norm


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
    settings = {"momentum": momentum, "beta1": beta1, "beta2": beta2, "eps": eps}
    points, losses, converged, diverged, grad_norm = descend(
        loss.f, loss.grad, STEPS[optimizer], x0, y0, lr, steps, settings
    )
    losses_array = np.array(losses)
    diverging = not (converged or diverged) and _diverging(loss, losses_array, optimizer)
    return Run(np.array(points), losses_array, len(points) - 1, converged, diverged, grad_norm, diverging)
