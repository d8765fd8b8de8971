"""A linear classifier in the plane: predictions, accuracy and two ways to fit the line.

A point (x, y) is predicted ``blue`` where w1·x + w2·y + b > 0 and ``red`` where it is < 0; a point
exactly on the line belongs to neither side and counts as misclassified.
"""

from dataclasses import dataclass

import numpy as np

from activities.engine.script import exported

LABELS = ("red", "blue")
# Bounds of the fits: each is a fixed amount of work, whatever the points.
PERCEPTRON_EPOCHS = 200
NEWTON_STEPS = 50
# Small L2 penalty: keeps logistic weights finite when the classes are separable.
LOGISTIC_PENALTY = 0.01


@dataclass(frozen=True)
class Evaluation:
    """Scores w1·x + w2·y + b, predicted labels and the misclassified points' indices."""

    scores: np.ndarray
    predicted: tuple[str | None, ...]  # None for a point exactly on the line
    misclassified: tuple[int, ...]
    accuracy: float | None  # None with no points


@exported
def arrays(points) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates as an (n, 2) array and labels as +1 (blue) / -1 (red)."""
    xy = np.array([(x, y) for x, y, _ in points], dtype=float).reshape(-1, 2)
    target = np.array([1.0 if label == "blue" else -1.0 for _, _, label in points])
    return xy, target


@exported
def classify(points, w1: float, w2: float, b: float) -> tuple:
    """Scores w1·x + w2·y + b, predicted labels (None on the line), misclassified indices, accuracy."""
    xy, target = arrays(points)
    scores = xy @ np.array([w1, w2], dtype=float) + b if len(points) else np.zeros(0)
    predicted = tuple("blue" if s > 0 else "red" if s < 0 else None for s in scores)
    wrong = tuple(int(i) for i in np.flatnonzero(scores * target <= 0))
    accuracy = None if not len(points) else 1 - len(wrong) / len(points)
    return scores, predicted, wrong, accuracy


def evaluate(points, w1: float, w2: float, b: float) -> Evaluation:
    """Classify every point with the line w1·x + w2·y + b = 0."""
    return Evaluation(*classify(points, w1, w2, b))


def _errors(weights: np.ndarray, design: np.ndarray, target: np.ndarray) -> int:
    return int(np.count_nonzero((design @ weights) * target <= 0))


def perceptron(
    points, epochs: int = PERCEPTRON_EPOCHS, start: tuple[float, float, float] = (0.0, 0.0, 0.0)
) -> tuple[float, float, float]:
    """Rosenblatt's perceptron from the line ``start``, in a fixed order, at most ``epochs`` passes.

    Pocket algorithm (Gallant 1990): of every line it passes through (the start and each update),
    it returns the first with the fewest misclassified points, so the result is never worse than
    the start, and a separable set ends at 100 % once a pass makes no mistake. Unscaled (w1, w2, b).
    """
    xy, target = arrays(points)
    design = np.column_stack([xy, np.ones(len(xy))])
    rows = [(float(a), float(c), float(t)) for (a, c), t in zip(xy, target, strict=True)]
    w = [float(v) for v in start]
    best, best_errors = np.array(w), _errors(np.array(w), design, target)
    for _ in range(epochs):
        if best_errors == 0:
            break
        seen = []  # every line of this pass, scored together: at most one per point
        for a, c, t in rows:
            if t * (w[0] * a + w[1] * c + w[2]) <= 0:
                w[0] += t * a
                w[1] += t * c
                w[2] += t
                seen.append(tuple(w))
        if not seen:
            break
        lines = np.array(seen)
        errors = np.count_nonzero((lines @ design.T) * target <= 0, axis=1)
        first = int(np.argmin(errors))
        if errors[first] < best_errors:
            best, best_errors = lines[first], int(errors[first])
    return float(best[0]), float(best[1]), float(best[2])


def _logistic_loss(weights: np.ndarray, design: np.ndarray, target: np.ndarray) -> float:
    margins = target * (design @ weights)
    return float(np.logaddexp(0, -margins).sum() + 0.5 * LOGISTIC_PENALTY * weights @ weights)


def logistic(points, steps: int = NEWTON_STEPS) -> tuple[float, float, float]:
    """L2-penalised logistic regression, P(blue) = σ(w1·x + w2·y + b), by damped Newton steps."""
    xy, target = arrays(points)
    design = np.column_stack([xy, np.ones(len(xy))])
    is_blue = (target > 0).astype(float)
    w = np.zeros(3)
    loss = _logistic_loss(w, design, target)
    for _ in range(steps):
        p = 0.5 * (1 + np.tanh(0.5 * (design @ w)))  # the logistic function, without overflow
        gradient = design.T @ (p - is_blue) + LOGISTIC_PENALTY * w
        hessian = (design.T * (p * (1 - p))) @ design + LOGISTIC_PENALTY * np.eye(3)
        direction = np.linalg.solve(hessian, gradient)
        # Backtracking: halve the step until the loss goes down (at most 30 halvings).
        t = 1.0
        for _ in range(30):
            candidate = w - t * direction
            new_loss = _logistic_loss(candidate, design, target)
            if new_loss <= loss:
                break
            t /= 2
        else:
            break
        w, improvement, loss = candidate, loss - new_loss, new_loss
        if improvement < 1e-12:
            break
    return float(w[0]), float(w[1]), float(w[2])


def tidy_weights(points, weights: tuple[float, float, float], bound: float) -> tuple[float, float, float]:
    """Weights scaled into [-bound, bound] (the line is unchanged) and rounded to the fewest decimals
    (2 to 4) that keep every point's predicted side."""
    w = np.array(weights, dtype=float)
    largest = float(np.abs(w).max())
    if largest > bound:
        w *= bound / largest
    before = evaluate(points, *w).predicted
    for decimals in (2, 3, 4):
        rounded = np.clip(np.round(w, decimals), -bound, bound)
        if evaluate(points, *rounded).predicted == before:
            break
    return tuple(float(v) + 0.0 for v in rounded)  # + 0.0 turns -0.0 into 0.0
