"""Descent's status: "diverging" when the loss runs away, judged against closed forms.

On the bowl f = x² + y², gradient descent gives x_k = (1 − 2η)^k x_0, so f_k = (1 − 2η)^(2k) f_0: the
loss grows for η > 1 and never for η ≤ 1. Heavy-ball momentum obeys x_{k+1} = (1 + β − 2η) x_k − β x_{k−1},
which runs away exactly when a root of z² − (1 + β − 2η) z + β lies outside the unit circle.
"""

import numpy as np
import pytest

from activities.kinds.gradient_descent.maths import LOSSES, MAX_STEPS, STATUSES, run

BOWL = LOSSES["bowl"]


def bowl_losses(x0: float, y0: float, lr: float, steps: int) -> np.ndarray:
    return (1 - 2 * lr) ** (2 * np.arange(steps + 1)) * (x0**2 + y0**2)


def test_the_issue_example_is_diverging_not_unconverged() -> None:
    # A start with loss 3 and η = 1.05: the loss is multiplied by 1.21 a step, 3 → about 41,000 in 50 steps.
    x0, y0 = -1.5, float(np.sqrt(0.75))
    r = run(BOWL, x0, y0, 1.05, 50, "gd")

    np.testing.assert_allclose(r.losses, bowl_losses(x0, y0, 1.05, 50), rtol=1e-9)
    assert r.losses[-1] > 40_000
    assert not r.diverged and r.status == "diverging"


@pytest.mark.parametrize("lr", (1.05, 1.2, 1.5, 2.0))
def test_growing_loss_on_the_bowl_is_diverging_until_it_crosses_the_bound(lr: float) -> None:
    statuses = []
    for steps in range(1, 200):
        r = run(BOWL, 1.0, -1.0, lr, steps, "gd")
        assert np.allclose(r.losses, bowl_losses(1.0, -1.0, lr, r.steps_taken), rtol=1e-9)
        statuses.append(r.status)
    # Growing by (2η − 1)² ≥ 1.21 a step: once said, "diverging" stays until the run is stopped as diverged.
    said = statuses.index("diverging")
    assert said <= 20
    assert set(statuses[:said]) == {"not yet converged"}
    assert set(statuses[said:]) == {"diverging", "diverged"}
    assert statuses[-1] == "diverged" and "diverging" not in statuses[statuses.index("diverged") :]


def test_slow_growth_is_diverging_once_the_loss_is_large() -> None:
    # η = 1.01: the loss grows by 1.0404 a step, 4 → 4·10⁸ in 500 steps, below the coordinate bound.
    r = run(BOWL, 1.0, -1.0, 1.01, MAX_STEPS, "gd")
    assert r.losses[-1] == pytest.approx(bowl_losses(1.0, -1.0, 1.01, MAX_STEPS)[-1], rel=1e-9)
    assert not r.diverged and r.status == "diverging"


@pytest.mark.parametrize("lr", (0.01, 0.3, 0.5, 0.9, 0.99, 1.0))
def test_a_loss_that_never_grows_is_never_diverging(lr: float) -> None:
    for steps in (1, 5, 19, 20, 21, 40, 100, MAX_STEPS):
        r = run(BOWL, 2.0, 1.5, lr, steps, "gd")
        assert np.all(np.diff(r.losses) <= 1e-12 * r.losses[0])  # the closed form: never grows
        assert r.status in {"converged", "not yet converged"}
    assert run(BOWL, 2.0, 1.5, 1.0, MAX_STEPS, "gd").status == "not yet converged"  # bounces for ever


def _momentum_radius(lr: float, beta: float) -> float:
    return float(np.abs(np.roots([1.0, -(1 + beta - 2 * lr), beta])).max())


@pytest.mark.parametrize(
    ("lr", "beta"), [(0.1, 0.9), (0.5, 0.5), (1.2, 0.5), (1.5, 0.7), (1.8, 0.9), (0.9, 0.999), (1.9, 0.99)]
)
def test_stable_momentum_is_never_diverging(lr: float, beta: float) -> None:
    assert _momentum_radius(lr, beta) < 1  # the closed form: the iteration contracts in the long run
    for steps in range(1, MAX_STEPS + 1, 7):
        assert run(BOWL, 2.5, -1.8, lr, steps, "momentum", momentum=beta).status != "diverging"


@pytest.mark.parametrize(("lr", "beta"), [(1.7, 0.5), (2.0, 0.5), (1.3, 0.1), (2.0, 0.9)])
def test_unstable_momentum_is_diverging_before_it_crosses_the_bound(lr: float, beta: float) -> None:
    assert _momentum_radius(lr, beta) > 1.1
    statuses = [run(BOWL, 1.0, 0.5, lr, steps, "momentum", momentum=beta).status for steps in range(1, 200)]
    assert "diverging" in statuses
    assert statuses[-1] == "diverged"
    assert "converged" not in statuses


def test_the_saddle_runs_away_with_a_falling_loss_which_is_not_diverging() -> None:
    # x² − y² from near the ridge: y grows as (1 + 2η)^k, and the loss falls without bound.
    statuses = [run(LOSSES["saddle"], -2.0, 0.01, 0.1, steps, "gd").status for steps in range(1, MAX_STEPS, 3)]
    assert "diverging" not in statuses
    assert statuses[-1] == "diverged"


def test_adam_wandering_out_and_back_is_not_diverging() -> None:
    # From next to the minimum with η = 0.9, Adam's first steps jump ~0.9 away (the loss grows a thousandfold)
    # before it settles back and converges.
    final = run(BOWL, -0.03, 0.02, 0.9, MAX_STEPS, "adam")
    assert final.status == "converged"
    assert final.losses.max() > 100 * final.losses[0]
    for steps in range(1, final.steps_taken, 3):
        assert run(BOWL, -0.03, 0.02, 0.9, steps, "adam").status == "not yet converged"


def test_status_is_one_of_four_and_agrees_with_the_flags() -> None:
    for r in (run(BOWL, 1, 1, 0.25, 100), run(LOSSES["elongated"], -2, 1, 0.2, 100), run(BOWL, 1, 1, 1.05, 30)):
        assert r.status in STATUSES
        assert (r.status == "diverged") == r.diverged and (r.status == "converged") == r.converged
