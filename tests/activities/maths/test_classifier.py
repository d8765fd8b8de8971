"""The perceptron keeps the best line it has seen (pocket) and never ends worse than its start.

Every expectation is computed here from first principles: accuracy by counting signs, the plain
Rosenblatt iterates by running the textbook update, the best possible line by brute force.
"""

from itertools import combinations
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

from activities.kinds.linear_classifier import maths as classifier


def accuracy(points, w) -> float:
    """Share of points strictly on their own side of w1·x + w2·y + b = 0 (on the line counts as wrong)."""
    xy = np.array([(x, y) for x, y, _ in points])
    target = np.array([1 if label == "blue" else -1 for *_, label in points])
    return float(np.mean(target * (xy @ np.array(w[:2]) + w[2]) > 0))


def rosenblatt_iterates(points, start, epochs):
    """Every line the textbook perceptron passes through: the start, then one per update."""
    w = np.array(start, dtype=float)
    lines = [w.copy()]
    for _ in range(epochs):
        mistakes = 0
        for x, y, label in points:
            t = 1.0 if label == "blue" else -1.0
            if t * (w[0] * x + w[1] * y + w[2]) <= 0:
                w += t * np.array([x, y, 1.0])
                lines.append(w.copy())
                mistakes += 1
        if not mistakes:
            break
    return lines


def best_possible(points) -> tuple[float, tuple[float, float, float]]:
    """The best accuracy any line reaches and such a line, by brute force: an optimal line can be
    turned and shifted until it passes through two of the points, so try every pair, nudged to
    each side and turned a little each way, in both orientations."""
    best, line = -1.0, (0.0, 0.0, 0.0)
    xy = [(x, y) for x, y, _ in points]
    for (x1, y1), (x2, y2) in combinations(xy, 2):
        along = np.array([x2 - x1, y2 - y1])
        if not along.any():
            continue
        middle = np.array([(x1 + x2) / 2, (y1 + y2) / 2])
        for sign in (1, -1):
            for shift in (1e-6, -1e-6):
                for turn in (1e-6, -1e-6):
                    n = sign * (np.array([-along[1], along[0]]) + turn * along)
                    candidate = (float(n[0]), float(n[1]), float(-n @ middle + shift))
                    score = accuracy(points, candidate)
                    if score > best:
                        best, line = score, candidate
    return best, line


def blobs(seed: int, n: int, spread: float):
    """Two overlapping Gaussian clouds, blue around (1, 1) and red around (−1, −1)."""
    rng = np.random.default_rng(seed)
    points = []
    for label, centre in (("blue", 1.0), ("red", -1.0)):
        for x, y in rng.normal(centre, spread, size=(n, 2)):
            # Rounded to hundredths and kept inside the activity's window, as the page keeps them.
            points.append((round(float(np.clip(x, -6.7, 6.7)), 2), round(float(np.clip(y, -4.9, 4.9)), 2), label))
    order = rng.permutation(len(points))
    return [points[i] for i in order]


@pytest.mark.parametrize("seed", (0, 1, 3, 4, 5))
def test_result_is_at_least_as_good_as_every_iterate_and_the_start(seed: int) -> None:
    points = blobs(seed, 15, 1.4)
    start = (0.3, -1.0, 0.5)
    iterates = rosenblatt_iterates(points, start, epochs=30)
    scores = [accuracy(points, w) for w in iterates]
    assert scores[-1] < max(scores)  # the data is of the kind that matters: the last line is not the best

    fitted = classifier.perceptron(points, epochs=30, start=start)

    assert accuracy(points, fitted) == max(scores)
    assert accuracy(points, fitted) >= accuracy(points, start)


@pytest.mark.parametrize("seed", (1, 4, 6, 7))
def test_an_optimal_start_is_kept(seed: int) -> None:
    points = blobs(seed, 20, 1.5)
    optimum, line = best_possible(points)
    # In two passes from nothing the perceptron does not find the best line; from the best line it keeps it.
    assert accuracy(points, classifier.perceptron(points, epochs=2)) < optimum

    assert accuracy(points, classifier.perceptron(points, epochs=2, start=line)) == optimum
    assert accuracy(points, classifier.perceptron(points, start=line)) == optimum


@pytest.mark.parametrize("start", [(0.0, 0.0, 0.0), (-1.0, -1.0, 0.0), (0.0, 1.0, 4.0)])
def test_a_separable_set_is_separated(start) -> None:
    # Labelled by the line x + 2y = 0.5, with no point closer to it than 0.3.
    rng = np.random.default_rng(7)
    points = []
    while len(points) < 40:
        x, y = (round(float(v), 2) for v in rng.uniform(-5, 5, size=2))
        score = (x + 2 * y - 0.5) / np.sqrt(5)
        if abs(score) > 0.3:
            points.append((x, y, "blue" if score > 0 else "red"))

    assert accuracy(points, classifier.perceptron(points, start=start)) == 1.0


def test_the_fit_button_never_makes_the_line_on_screen_worse(client, catalogue) -> None:
    points = blobs(3, 10, 1.6)
    start = (1.0, 1.0, 0.0)  # the line x + y = 0 between the two clouds' centres
    encoded = ";".join(f"{x},{y},{label}" for x, y, label in points)
    response = client.get(
        "/activities/linear-classifier/", {"points": encoded, "w1": 1, "w2": 1, "b": 0, "do": "fit-perceptron"}
    )

    state = parse_qs(urlsplit(response["Location"]).query)
    fitted = tuple(float(state[name][0]) if name in state else 0.0 for name in ("w1", "w2", "b"))
    assert accuracy(points, fitted) >= accuracy(points, start)
    assert accuracy(points, fitted) >= max(accuracy(points, w) for w in rosenblatt_iterates(points, start, 200))
