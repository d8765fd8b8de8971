"""The curves the "Listen" control plays: what each figure with a curve sounds like, and the words for it.

Each function takes a kind's result and returns a ``Sound`` (x increasing, every value finite, at most
``sonify.MAX_POINTS`` points) for ``activities.engine.sound.curve_to_wav``, or None when there is
nothing to hear (a run of no steps).
"""

import numpy as np

from activities.engine.notation import count
from activities.engine.sound import MAX_POINTS
from activities.kinds.base import Sound
from activities.kinds.clt.maths import Result as CltResult
from activities.kinds.distributions.maths import Result as DistributionResult
from activities.kinds.gradient_descent.maths import Run
from activities.kinds.gradient_descent.plot import loss_scale


def _tick(x: np.ndarray, at: float | None) -> float | None:
    """A tick inside the curve's x range (clipped to it), or None when there is no finite place for it."""
    if at is None or not np.isfinite(at):
        return None
    return float(min(max(at, x[0]), x[-1]))


def _bounded(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """At most MAX_POINTS points, evenly spread, always keeping both ends."""
    if len(x) <= MAX_POINTS:
        return x, y
    keep = np.unique(np.linspace(0, len(x) - 1, MAX_POINTS).round().astype(int))
    return x[keep], y[keep]


def distribution(result: DistributionResult, view: str) -> Sound:
    """The density (or mass function, or CDF in that view) from left to right, a tick at the mean."""
    x = np.asarray(result.x, dtype=float)
    y = np.asarray(result.cdf if view == "cdf" else result.density, dtype=float)
    finite = np.isfinite(y)
    # A density unbounded at an end of its support sounds at the top of the finite values there.
    y = np.where(finite, y, y[finite].max() if finite.any() else 0.0)
    x, y = _bounded(x, y)
    if view == "cdf":
        what = "the cumulative probability"
    else:
        what = "the probability of each value" if result.discrete else "the density"
    caption = f"Pitch follows {what} from left to right"
    tick = _tick(x, result.mean)
    caption += "; a click marks the mean." if tick is not None else "; the mean is undefined, so there is no click."
    return Sound(x, y, tick, caption)


def descent(run: Run) -> Sound | None:
    """The loss over the steps (log10 when the inset shows it so), a tick at the lowest loss."""
    losses = np.asarray(run.losses, dtype=float)
    if len(losses) < 2:
        return None
    steps = np.arange(len(losses), dtype=float)
    values, log = loss_scale(losses)  # as the figure's loss inset shows it
    steps, values = _bounded(steps, values)
    scale = " on a logarithmic scale" if log else ""
    caption = (
        f"Pitch follows the loss{scale} over the {count(len(losses) - 1, 'step')}, from the first to the last: "
        "falling pitch means a falling loss; a click marks the lowest loss."
    )
    return Sound(steps, values, float(np.argmin(losses)), caption)


def clt(result: CltResult) -> Sound:
    """The histogram's counts over the bin centres, a tick at the mean of the means (else the theory's mean)."""
    edges = np.asarray(result.edges, dtype=float)
    centres = (edges[:-1] + edges[1:]) / 2
    counts = np.asarray(result.counts, dtype=float)
    mean = result.mean_of_means if result.total else result.theory_mean
    which = "the mean of the means" if result.total else "the theory's mean"
    caption = f"Pitch follows the height of the histogram's bars from left to right; a click marks {which}."
    return Sound(centres, counts, _tick(centres, mean), caption)
