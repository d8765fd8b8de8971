"""The histogram of the means as sound: what is heard when "Listen" plays the figure, and the words for it."""

import numpy as np

from activities.engine.sound import tick
from activities.kinds.base import Sound
from activities.kinds.clt.maths import Result as CltResult


def clt(result: CltResult) -> Sound:
    """The histogram's counts over the bin centres, a tick at the mean of the means (else the theory's mean)."""
    edges = np.asarray(result.edges, dtype=float)
    centres = (edges[:-1] + edges[1:]) / 2
    counts = np.asarray(result.counts, dtype=float)
    mean = result.mean_of_means if result.total else result.theory_mean
    which = "the mean of the means" if result.total else "the theory's mean"
    caption = f"Pitch follows the height of the histogram's bars from left to right; a click marks {which}."
    return Sound(centres, counts, tick(centres, mean), caption)
