"""The loss over the steps as sound: what is heard when "Listen" plays the figure, and the words for it."""

import numpy as np

from activities.engine.notation import count
from activities.engine.sound import bounded
from activities.kinds.base import Sound
from activities.kinds.gradient_descent.maths import Run
from activities.kinds.gradient_descent.plot import loss_scale


def descent(run: Run) -> Sound | None:
    """The loss over the steps (log10 when the inset shows it so), a tick at the lowest loss."""
    losses = np.asarray(run.losses, dtype=float)
    if len(losses) < 2:
        return None
    steps = np.arange(len(losses), dtype=float)
    values, log = loss_scale(losses)  # as the figure's loss inset shows it
    steps, values = bounded(steps, values)
    scale = " on a logarithmic scale" if log else ""
    caption = (
        f"Pitch follows the loss{scale} over the {count(len(losses) - 1, 'step')}, from the first to the last: "
        "falling pitch means a falling loss; a click marks the lowest loss."
    )
    return Sound(steps, values, float(np.argmin(losses)), caption)
