"""The distribution's curve as sound: what is heard when "Listen" plays the figure, and the words for it."""

import numpy as np

from activities.engine.sound import bounded, tick
from activities.kinds.base import Sound
from activities.kinds.distributions.maths import Result as DistributionResult


def distribution(result: DistributionResult, view: str) -> Sound:
    """The density (or mass function, or CDF in that view) from left to right, a tick at the mean."""
    x = np.asarray(result.x, dtype=float)
    y = np.asarray(result.cdf if view == "cdf" else result.density, dtype=float)
    finite = np.isfinite(y)
    # A density unbounded at an end of its support sounds at the top of the finite values there.
    y = np.where(finite, y, y[finite].max() if finite.any() else 0.0)
    x, y = bounded(x, y)
    if view == "cdf":
        what = "the cumulative probability"
    else:
        what = "the probability of each value" if result.discrete else "the density"
    caption = f"Pitch follows {what} from left to right"
    at = tick(x, result.mean)
    caption += "; a click marks the mean." if at is not None else "; the mean is undefined, so there is no click."
    return Sound(x, y, at, caption)
