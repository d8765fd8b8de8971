"""What ``distributions.validate`` accepts for p1 and p2, as ranges a form's inputs can carry."""

import math
from collections.abc import Mapping

from activities.engine.params import Bounds
from activities.kinds.distributions import maths


def _number(state: Mapping, name: str) -> float | None:
    try:
        value = float(str(state.get(name, "")).replace("\u2212", "-"))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def ranges(dist: str, state: Mapping) -> dict[str, Bounds]:
    """p1's and p2's ranges under this distribution; ``state`` holds clean or typed values (for b > a)."""
    location = Bounds(-maths.MAX_LOCATION, maths.MAX_LOCATION)
    positive = Bounds(maths.MIN_POSITIVE, maths.MAX_SCALE, step=0.01)
    if dist == "normal":
        return {"p1": location, "p2": positive}
    if dist == "uniform":  # b > a: each bound one hundredth inside the other end
        a, b = _number(state, "p1"), _number(state, "p2")
        top = maths.MAX_LOCATION if b is None else min(maths.MAX_LOCATION, b - 0.01)
        bottom = -maths.MAX_LOCATION if a is None else max(-maths.MAX_LOCATION, a + 0.01)
        return {"p1": Bounds(-maths.MAX_LOCATION, top), "p2": Bounds(bottom, maths.MAX_LOCATION, step=0.01)}
    if dist in {"gamma", "beta"}:
        return {"p1": positive, "p2": positive}
    if dist in {"exponential", "poisson", "student-t"}:
        return {"p1": positive}
    if dist == "binomial":
        return {"p1": Bounds(1, maths.MAX_TRIALS, integer=True), "p2": Bounds(0.0, 1.0, step=0.01)}
    if dist == "geometric":
        return {"p1": Bounds(maths.MIN_GEOMETRIC_P, 1.0, step=0.01)}
    return {}
