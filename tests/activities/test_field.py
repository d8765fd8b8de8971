"""gradient-field: RK4 against closed forms, bounds, the kind's contract and the figure."""

import io
import json
import math

import numpy as np
import pytest
from PIL import Image
from scipy.optimize import approx_fprime

from activities.engine.params import ParamError, parse
from activities.kinds.gradient_field.kind import KIND
from activities.kinds.gradient_field.maths import FIELDS, MAX_STEPS, flow, inside


def _params(**values) -> dict:
    return parse(KIND.params, {k: str(v) for k, v in values.items()})


@pytest.mark.parametrize("slug", FIELDS)
def test_gradients_match_finite_differences(slug: str) -> None:
    field = FIELDS[slug]
    rng = np.random.default_rng(1)
    for x, y in rng.uniform(-2, 2, size=(10, 2)):
        numeric = approx_fprime([x, y], lambda p: float(field.f(p[0], p[1])), 1e-7)
        scale = max(1.0, float(np.abs(numeric).max()))
        assert np.allclose(field.grad(x, y), numeric, atol=1e-4 * scale)


def test_rk4_bowl_ascent_is_exponential() -> None:
    """dx/dt = 2x: x(t) = x0·e^{2t}; RK4's global error is O(dt⁴)."""
    field = FIELDS["bowl"]
    path = flow(field, 0.1, -0.05, "ascent")
    t = np.arange(len(path.points) - 1) * field.dt  # the last point is cut at the window's edge
    exact = np.outer(np.exp(2 * t), [0.1, -0.05])
    assert np.allclose(path.points[:-1], exact, rtol=1e-8, atol=0)
    assert path.reason == "left the window"


def test_rk4_bowl_descent_decays() -> None:
    field = FIELDS["bowl"]
    path = flow(field, 1.0, 0.5, "descent")
    t = np.arange(len(path.points)) * field.dt
    assert np.allclose(path.points, np.outer(np.exp(-2 * t), [1.0, 0.5]), rtol=1e-8)
    # Stops where |∇f| = 2|x| falls below the stall tolerance, within the step bound.
    assert path.reason in {"stalled", "step limit"}
    assert path.steps <= MAX_STEPS


@pytest.mark.parametrize("slug", FIELDS)
@pytest.mark.parametrize("direction", ("ascent", "descent"))
def test_paths_bounded_and_inside(slug: str, direction: str) -> None:
    field = FIELDS[slug]
    rng = np.random.default_rng(2)
    xmin, xmax, ymin, ymax = field.window
    for x, y in zip(rng.uniform(xmin, xmax, 5), rng.uniform(ymin, ymax, 5), strict=True):
        path = flow(field, x, y, direction)
        assert len(path.points) <= MAX_STEPS + 1
        assert np.isfinite(path.points).all()
        assert all(inside(field.window, px, py) or _on_edge(field.window, px, py) for px, py in path.points)
        if path.reason == "left the window":
            assert _on_edge(field.window, *path.points[-1])


def _on_edge(window, x, y) -> bool:
    xmin, xmax, ymin, ymax = window
    near = [math.isclose(x, xmin), math.isclose(x, xmax), math.isclose(y, ymin), math.isclose(y, ymax)]
    return any(near) and xmin - 1e-9 <= x <= xmax + 1e-9 and ymin - 1e-9 <= y <= ymax + 1e-9


def test_hill_ascent_reaches_the_top() -> None:
    path = flow(FIELDS["hill"], -1.0, 0.8, "ascent")
    assert path.reason == "stalled"
    assert np.allclose(path.points[-1], [0, 0], atol=1e-3)


def test_data_contract() -> None:
    params = _params(field="saddle", x=1.5, y=0.05, direction="descent")
    data = KIND.data(params, KIND.compute(params))
    json.dumps(data, allow_nan=False)
    assert data["field"] == "saddle" and "x²" in data["formula"]
    particle = data["particle"]
    assert particle["start"] == [1.5, 0.05]
    assert particle["end"] == particle["path"][-1]
    assert particle["steps"] == len(particle["path"]) - 1
    none = _params()
    assert KIND.data(none, KIND.compute(none))["particle"] is None


def test_bad_input() -> None:
    with pytest.raises(ParamError):
        parse(KIND.params, {"field": "volcano"})
    with pytest.raises(ParamError):
        KIND.compute(_params(field="bowl", x=1.0))  # y missing
    with pytest.raises(ParamError):
        KIND.compute(_params(field="bowl", x=6.0, y=0.0))  # outside bowl's window


def test_step_click_and_clear() -> None:
    params = _params(field="ripple")
    moved = KIND.step(params, click=(1.23456, -2.34567))
    assert (moved["x"], moved["y"]) == (1.23, -2.35)
    assert KIND.step(moved, action="clear")["x"] is None
    assert KIND.limits(params) == FIELDS["ripple"].window


def test_describe_and_formula() -> None:
    params = _params(field="bowl", x=0.3, y=0.2)
    text = KIND.describe(params, KIND.compute(params))
    assert "(0.3, 0.2)" in text and "x² + y²" in text and "leaves the window" in text
    markup = KIND.formula(params)
    assert markup.startswith('<math display="block">') and "\u2207" in markup


def test_presets_valid() -> None:
    for preset in KIND.presets:
        assert set(preset.values) == {spec.name for spec in KIND.params}
        params = parse(KIND.params, {k: str(v) for k, v in preset.values.items()})
        KIND.compute(params)


@pytest.mark.parametrize("scale", (1, 2))
def test_render_still_and_animation(scale: int) -> None:
    still = _params(field="himmelblau")
    data = KIND.render(still, KIND.compute(still), scale)
    image = Image.open(io.BytesIO(data))
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and image.size == (560 * scale, 420 * scale)
    assert getattr(image, "n_frames", 1) == 1
    moving = _params(field="bowl", x=0.3, y=0.2)
    data = KIND.render(moving, KIND.compute(moving), scale)
    animation = Image.open(io.BytesIO(data))
    assert animation.size == (560 * scale, 420 * scale)
    assert 1 < animation.n_frames <= 40
