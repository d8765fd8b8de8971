"""Scalar functions f(x, y) shared by the gradient-field and gradient-descent activities, with gradients.

They work on floats and on numpy arrays alike, so the same definition draws the contours and
moves a particle or an optimiser.
"""

import numpy as np

from activities.engine.script import exported

# Windows have x half-width = 1.35 × y half-height: equal x and y scales in the figure's axes box.
SMALL = (-2.7, 2.7, -2.0, 2.0)
HIMMELBLAU_WINDOW = (-6.75, 6.75, -5.0, 5.0)
HIMMELBLAU_TEXT = "f(x, y) = (x² + y − 11)² + (x + y² − 7)²"


@exported
def bowl(x, y):
    return x**2 + y**2


@exported
def bowl_grad(x, y):
    return 2 * x, 2 * y


@exported
def saddle(x, y):
    return x**2 - y**2


@exported
def saddle_grad(x, y):
    return 2 * x, -2 * y


@exported
def hill(x, y):
    return np.exp(-(x**2 + y**2))


@exported
def hill_grad(x, y):
    e = np.exp(-(x**2 + y**2))
    return -2 * x * e, -2 * y * e


@exported
def ripple(x, y):
    return np.sin(x) * np.cos(y)


@exported
def ripple_grad(x, y):
    return np.cos(x) * np.cos(y), -np.sin(x) * np.sin(y)


@exported
def himmelblau(x, y):
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


@exported
def himmelblau_grad(x, y):
    u, v = x**2 + y - 11, x + y**2 - 7
    return 4 * x * u + 2 * v, 2 * u + 4 * y * v
