"""gradient-descent: iterations against closed forms, divergence, the kind's contract and the figure."""

import io
import json

import numpy as np
import pytest
from PIL import Image
from scipy.optimize import approx_fprime, minimize

from activities.engine.params import ParamError, parse
from activities.kinds.gradient_descent.kind import KIND
from activities.kinds.gradient_descent.maths import GRAD_TOL, LOSSES, MAX_STEPS, run


def _params(**values) -> dict:
    return parse(KIND.params, {k: str(v) for k, v in values.items()})


@pytest.mark.parametrize("lr", (0.01, 0.1, 0.3, 0.45))
def test_gd_on_bowl_is_geometric(lr: float) -> None:
    """x_k = (1 − 2η)^k x_0 exactly, to 1e-12 relative."""
    r = run(LOSSES["bowl"], -1.5, 1.5, lr, 60, "gd")
    k = np.arange(len(r.path))
    exact = np.outer((1 - 2 * lr) ** k, [-1.5, 1.5])
    assert np.allclose(r.path, exact, rtol=1e-12, atol=0)


def test_gd_on_elongated_has_two_rates() -> None:
    r = run(LOSSES["elongated"], -2.0, 1.0, 0.09, 30, "gd")
    k = np.arange(len(r.path))
    assert np.allclose(r.path[:, 0], -2.0 * (1 - 0.18) ** k, rtol=1e-12)
    assert np.allclose(r.path[:, 1], (1 - 1.8) ** k, rtol=1e-12)  # zig-zag: factor −0.8


def test_momentum_matches_heavy_ball_recurrence() -> None:
    """On the bowl, momentum obeys x_{k+1} = (1 + β − 2η) x_k − β x_{k−1}."""
    lr, beta = 0.05, 0.8
    r = run(LOSSES["bowl"], 1.0, -0.5, lr, 40, "momentum", momentum=beta)
    x = r.path
    assert np.allclose(x[1], (1 - 2 * lr) * x[0])
    assert np.allclose(x[2:], (1 + beta - 2 * lr) * x[1:-1] - beta * x[:-2], rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("slug", LOSSES)
def test_gradients_match_finite_differences(slug: str) -> None:
    loss = LOSSES[slug]
    for x, y in np.random.default_rng(3).uniform(-2, 2, size=(10, 2)):
        numeric = approx_fprime([x, y], lambda p: loss.f(p[0], p[1]), 1e-7)
        assert np.allclose(loss.grad(x, y), numeric, atol=1e-4 * max(1.0, np.abs(numeric).max()))


@pytest.mark.parametrize("slug", ("rosenbrock", "himmelblau"))
def test_minima_are_minima(slug: str) -> None:
    loss = LOSSES[slug]
    for point in loss.minima:
        found = minimize(lambda p: loss.f(p[0], p[1]), point, method="BFGS")
        assert np.allclose(found.x, point, atol=1e-4)


def test_divergence_is_detected_and_finite() -> None:
    r = run(LOSSES["elongated"], -2.0, 1.0, 0.2, 500, "gd")  # y factor 1 − 40·0.1 = −3
    assert r.diverged and not r.converged
    assert r.steps_taken < 20
    assert np.isfinite(r.path).all() and np.isfinite(r.losses).all()
    # The largest learning rate on the steepest surface still never overflows.
    for optimizer in ("gd", "momentum", "nesterov", "adam"):
        r = run(LOSSES["rosenbrock"], 2.7, -1.0, 2.0, MAX_STEPS, optimizer, momentum=0.999)
        assert np.isfinite(r.path).all() and np.isfinite(r.losses).all()


def test_convergence_tolerance() -> None:
    r = run(LOSSES["bowl"], 1.0, 1.0, 0.25, 500, "gd")  # factor 0.5 per step
    assert r.converged and r.grad_norm < GRAD_TOL
    assert r.steps_taken < 30


@pytest.mark.parametrize("optimizer", ("gd", "momentum", "nesterov", "adam"))
def test_optimizers_reach_the_bowl_minimum(optimizer: str) -> None:
    lr = 0.05 if optimizer == "adam" else 0.1
    r = run(LOSSES["bowl"], -1.5, 1.5, lr, 500, optimizer)
    assert np.allclose(r.path[-1], [0, 0], atol=0.05)


def test_data_contract() -> None:
    params = _params(loss="elongated", x=-2, y=1, lr=0.2)
    data = KIND.data(params, KIND.compute(params))
    json.dumps(data, allow_nan=False)
    assert data["diverged"] is True and data["converged"] is False
    assert data["steps_taken"] == len(data["path"]) - 1 == len(data["losses"]) - 1
    assert data["final"]["x"] == data["path"][-1][0]
    assert "diverged after" in KIND.describe(params, KIND.compute(params))


def test_defaults_and_small_eps() -> None:
    params = _params()
    assert params["eps"] == 1e-8 and params["lr"] == 0.1 and params["steps"] == 50
    assert _params(eps="1e-10")["eps"] == 1e-10
    with pytest.raises(ParamError):
        _params(eps="0")


def test_bad_input() -> None:
    for bad in ({"lr": "0"}, {"lr": "3"}, {"steps": "501"}, {"steps": "2.5"}, {"optimizer": "sgd"}, {"momentum": "1"}):
        with pytest.raises(ParamError):
            parse(KIND.params, bad)
    with pytest.raises(ParamError):
        KIND.compute(_params(loss="bowl", x=6, y=0))  # outside the bowl's window


def test_step_click() -> None:
    params = _params(loss="rosenbrock")
    moved = KIND.step(params, click=(0.126, 2.994))
    assert (moved["x"], moved["y"]) == (0.13, 2.99)
    assert KIND.limits(params) == LOSSES["rosenbrock"].window


def test_describe_and_formula() -> None:
    params = _params(loss="bowl", lr=0.25, steps=100)
    text = KIND.describe(params, KIND.compute(params))
    assert "(\u22121.5, 1.5)" in text and "0.25" in text and "converged after" in text
    for optimizer in ("gd", "momentum", "nesterov", "adam"):
        markup = KIND.formula(_params(optimizer=optimizer, lr=0.05))
        assert markup.startswith('<math display="block">') and "<mn>0.05</mn>" in markup


def test_presets_valid() -> None:
    for preset in KIND.presets:
        assert set(preset.values) == {spec.name for spec in KIND.params}
        params = parse(
            KIND.params, {k: spec.encode(preset.values[k]) for k, spec in ((s.name, s) for s in KIND.params)}
        )
        KIND.compute(params)


@pytest.mark.parametrize("scale", (1, 2))
def test_render_animation(scale: int) -> None:
    params = _params()
    data = KIND.render(params, KIND.compute(params), scale)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    animation = Image.open(io.BytesIO(data))
    assert animation.size == (560 * scale, 420 * scale)
    assert 1 < animation.n_frames <= 40
    diverging = _params(loss="elongated", x=-2, y=1, lr=0.2)
    assert Image.open(io.BytesIO(KIND.render(diverging, KIND.compute(diverging), scale))).n_frames > 1
