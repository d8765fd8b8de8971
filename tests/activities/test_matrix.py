"""matrix-transform: maths against numpy.linalg, the kind's contract, and the figure."""

import io
import json
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from activities.engine.params import ParamError, parse
from activities.kinds.matrix_transform.kind import KIND
from activities.kinds.matrix_transform.maths import transform

entry = st.integers(-100, 100).map(lambda n: n / 10)  # the parameters' own grid: step 0.1 in [-10, 10]


def _params(**values) -> dict:
    return parse(KIND.params, {k: str(v) for k, v in values.items()})


@given(entry, entry, entry, entry)
def test_against_numpy(a: float, b: float, c: float, d: float) -> None:
    m = np.array([[a, b], [c, d]])
    r = transform(a, b, c, d)
    assert r.determinant == pytest.approx(np.linalg.det(m), abs=1e-9)
    assert r.trace == pytest.approx(np.trace(m))
    ours = [complex(re, im) for re, im in r.eigenvalues]
    theirs = [complex(v) for v in np.linalg.eigvals(m)]
    scale = max(1.0, float(np.abs(m).max()))
    for x in ours:
        # Repeated roots of a defective matrix are only accurate to sqrt(machine eps) in numpy.
        assert min(abs(x - y) for y in theirs) <= 1e-6 * scale
    # Vieta: the roots sum to the trace and multiply to the determinant.
    assert abs(ours[0] + ours[1] - np.trace(m)) <= 1e-12 * scale
    assert abs(ours[0] * ours[1] - np.linalg.det(m)) <= 1e-9 * scale * scale
    # Images of the unit square's corners are A @ corner.
    corners = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=float)
    assert np.allclose(np.array(r.square_image), corners @ m.T)
    # Real eigenvectors satisfy A v = λ v.
    if r.eigenvalues[0][1] == 0:
        for vx, vy in r.eigenvectors:
            v = np.array([vx, vy])
            av = m @ v
            lam = min((lam for lam, _ in r.eigenvalues), key=lambda lam: np.linalg.norm(av - lam * v))
            assert np.allclose(av, lam * v, atol=1e-7 * scale)


def test_closed_forms() -> None:
    rotation = transform(math.cos(0.5), -math.sin(0.5), math.sin(0.5), math.cos(0.5))
    assert rotation.determinant == pytest.approx(1.0)
    assert rotation.eigenvalues[0] == pytest.approx((math.cos(0.5), math.sin(0.5)))
    assert rotation.eigenvectors == ()
    shear = transform(1, 1, 0, 1)
    assert shear.eigenvalues == ((1.0, 0.0), (1.0, 0.0))
    assert shear.eigenvectors == ((1.0, 0.0),)  # defective: one eigen-direction
    identity = transform(1, 0, 0, 1)
    assert identity.every_direction
    assert transform(0, 1, 1, 0).orientation == "reversed"
    assert transform(1, 0, 0, 0).orientation == "collapsed"
    assert transform(1, 0.5, -0.3, 1).orientation == "preserved"


def test_data_contract_defaults() -> None:
    params = _params()
    assert (params["a"], params["b"], params["c"], params["d"]) == (1.0, 0.5, -0.3, 1.0)
    result = KIND.compute(params)
    data = KIND.data(params, result)
    json.dumps(data, allow_nan=False)
    assert data["matrix"] == [[1.0, 0.5], [-0.3, 1.0]]
    assert data["determinant"] == pytest.approx(1.15)
    assert data["trace"] == pytest.approx(2.0)
    assert np.allclose(data["square_image"], [[0, 0], [1, -0.3], [1.5, 0.7], [0.5, 1]])
    assert data["orientation"] == "preserved"
    assert [type(v) for pair in data["eigenvalues"] for v in pair] == [float] * 4


def test_describe_contains_numbers() -> None:
    params = _params()
    text = KIND.describe(params, KIND.compute(params))
    for number in ("(1, \u22120.3)", "(1.5, 0.7)", "(0.5, 1)", "1.15", "preserved"):
        assert number in text


def test_formula_substitutes_numbers() -> None:
    markup = KIND.formula(_params(a=2, b=3, c=-1, d=4))
    assert markup.startswith('<math display="block">') and markup.endswith("</math>")
    assert "<mn>11</mn>" in markup  # 2·4 − 3·(−1)


def test_presets_are_complete_and_valid() -> None:
    slugs = {p.slug for p in KIND.presets}
    assert {"identity", "rotation-30", "shear", "reflection", "projection"} <= slugs
    for preset in KIND.presets:
        assert set(preset.values) == {spec.name for spec in KIND.params}
        parse(KIND.params, {k: str(v) for k, v in preset.values.items()})


def test_bad_input_raises_param_error() -> None:
    for bad in ({"a": "11"}, {"b": "nan"}, {"c": "x"}, {"d": "inf"}):
        with pytest.raises(ParamError):
            parse(KIND.params, bad)


@pytest.mark.parametrize("scale", (1, 2))
@pytest.mark.parametrize("values", ({}, {"a": -10, "b": 10, "c": 10, "d": 10}, {"a": 1, "b": 0, "c": 0, "d": 0}))
def test_render_png(scale: int, values: dict) -> None:
    params = _params(**values)
    data = KIND.render(params, KIND.compute(params), scale)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert Image.open(io.BytesIO(data)).size == (560 * scale, 420 * scale)
    assert KIND.limits(params) is None
